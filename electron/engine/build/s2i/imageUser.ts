// Who the assemble runs as, in numbers: s2i's `tar -xf -` runs as the assemble user inside the
// container, so the source belongs to that user and its primary group as the engine resolves them
// from the image's /etc/passwd and /etc/group (runc's GetExecUser). The uploads here are unpacked
// by the engine, so the owner is resolved the same way and written into the archive.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { logged } from '../../log/logger.ts';
import { firstFileOf } from '../tarUpload.ts';

export interface NumericUser {
  uid: number;
  gid: number;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

function parseColonFile(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

function passwd(text: string): PasswdEntry[] {
  return parseColonFile(text).flatMap(([name, , uid, gid]) => (/^\d+$/.test(uid ?? '') ? [{ name, uid: Number(uid), gid: /^\d+$/.test(gid ?? '') ? Number(gid) : 0 }] : []));
}

function groups(text: string): { name: string; gid: number }[] {
  return parseColonFile(text).flatMap(([name, , gid]) => (/^\d+$/.test(gid ?? '') ? [{ name, gid: Number(gid) }] : []));
}

/**
 * `user[:group]` as the engine resolves it: a name from /etc/passwd (uid and primary group), a
 * number found there (its primary group) or not (group 0); a group name from /etc/group, or a number.
 */
export function resolveUser(spec: string, passwdText: string, groupText: string): NumericUser {
  const [user = '', group] = spec.split(':', 2);
  const entries = passwd(passwdText);
  let uid = 0;
  let gid = 0;
  if (user !== '') {
    const numeric = /^\d+$/.test(user);
    const entry = numeric ? entries.find((e) => e.uid === Number(user)) : entries.find((e) => e.name === user);
    if (!entry && !numeric) throw new Error(`unable to find user ${user}: no matching entries in passwd file`);
    uid = entry ? entry.uid : Number(user);
    gid = entry ? entry.gid : 0;
  }
  if (group !== undefined && group !== '') {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const g = groups(groupText).find((e) => e.name === group);
      if (!g) throw new Error(`unable to find group ${group}: no matching entries in group file`);
      gid = g.gid;
    }
  }
  return { uid, gid };
}

async function readImageFile(container: Docker.Container, path: string): Promise<string> {
  try {
    return (await firstFileOf(await container.getArchive({ path }))).toString('utf8');
  } catch {
    return ''; // a builder FROM scratch may have neither file
  }
}

/** Resolves `spec` against the image's own /etc/passwd and /etc/group (read from a created, never started container). */
export async function imageUser(docker: Docker, image: string, spec: string, name: string, ref: string): Promise<NumericUser> {
  if (spec === '' || spec === 'root' || spec === '0' || /^\d+:\d+$/.test(spec)) {
    const [u = '0', g = '0'] = spec === 'root' ? [] : spec.split(':');
    return { uid: Number(u) || 0, gid: Number(g) || 0 };
  }
  const container = await docker.createContainer({ Image: image, Entrypoint: ['/'], Cmd: [], name, NetworkDisabled: true });
  try {
    const [p, g] = [await readImageFile(container, '/etc/passwd'), await readImageFile(container, '/etc/group')];
    return resolveUser(spec, p, g);
  } catch (e) {
    throw new BranchyardError('invalid-input', `the assemble user '${spec}' of ${ref}: ${(e as Error).message}`, { image: ref });
  } finally {
    await container.remove({ force: true }).catch(logged('warn', `removing the container ${name}`));
  }
}
