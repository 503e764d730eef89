// s2i's --inject: host files or folders present during assemble only. They are uploaded before
// assemble starts and removed by the same container when it ends (s2i wraps the assemble command
// the same way), so they never reach the committed image. A destination that cannot be removed
// fails the build rather than leaving a secret in the image.

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import type { Owner } from '../tarUpload.ts';

export interface Injection {
  source: string;
  destination: string;
}

/** An injection's destination inside the container: a relative one is relative to the image's WORKDIR, as in s2i. */
export function injectionTarget(destination: string, workdir: string): string {
  return path.posix.normalize(destination.startsWith('/') ? destination : path.posix.join(workdir || '/', destination)).replace(/\/+$/, '') || '/';
}

interface HostFile {
  /** Path inside the container, without the leading slash. */
  name: string;
  dir: boolean;
  mode: number;
  content?: Buffer;
}

function walk(source: string, target: string, out: HostFile[]): void {
  let st;
  try {
    st = lstatSync(source);
  } catch {
    throw new BranchyardError('invalid-input', `x-s2i.inject: ${source} does not exist`, { field: 'x-s2i.inject' });
  }
  const name = target.replace(/^\/+/, '');
  if (st.isDirectory()) {
    out.push({ name, dir: true, mode: st.mode & 0o7777 });
    for (const entry of readdirSync(source).sort()) walk(path.join(source, entry), `${target}/${entry}`, out);
  } else if (st.isFile()) out.push({ name, dir: false, mode: st.mode & 0o7777, content: readFileSync(source) });
  // other kinds (sockets, links) are not injected, as s2i copies files and folders only
}

function hostFiles(injections: Injection[], workdir: string): HostFile[] {
  const files: HostFile[] = [];
  for (const i of injections) walk(i.source, injectionTarget(i.destination, workdir), files);
  return files;
}

/** A tar of every injection at its destination, for an upload at `/`, owned by the assemble user. */
export function injectionArchive(injections: Injection[], workdir: string, owner: Owner): Readable {
  const pack = tar.pack();
  for (const f of hostFiles(injections, workdir)) {
    if (f.dir) pack.entry({ name: `${f.name}/`, type: 'directory', mode: f.mode | 0o700, ...owner });
    else pack.entry({ name: f.name, mode: f.mode | 0o600, ...owner }, f.content);
  }
  pack.finalize();
  return pack;
}

/** A digest of what is injected: it changes outside git, so it is a build input. */
export function injectionDigest(injections: Injection[] | undefined, workdir = '/'): string | undefined {
  if (!injections?.length) return undefined;
  const hash = createHash('sha256');
  for (const f of hostFiles(injections, workdir)) {
    hash.update(`${f.name}\0${f.dir ? 'd' : 'f'}\0${f.mode}\0${f.content ? createHash('sha256').update(f.content).digest('hex') : ''}\0`);
  }
  return hash.digest('hex');
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The assemble command with the injections removed afterwards; assemble's exit code is kept. */
export function injectingCommand(assemble: string, injections: Injection[], workdir: string): string[] {
  const targets = injections.map((i) => shellQuote(injectionTarget(i.destination, workdir))).join(' ');
  return [
    '/bin/sh',
    '-c',
    `${shellQuote(assemble)}; r=$?; rm -rf -- ${targets}; for f in ${targets}; do if [ -e "$f" ]; then echo "cannot remove the injected $f: it would stay in the image" >&2; exit 1; fi; done; exit $r`,
  ];
}
