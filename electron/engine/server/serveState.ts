// What a restarted `branchyard serve` keeps, so the pages a user has open carry on: the token
// (their cookie stays valid) and the port (their address stays right). Kept in
// <data dir>/serve.json, mode 0600, written atomically. The token is made anew only by
// `serve --new-token`, or when the file cannot be trusted (another user's file, one others may
// read, a symlink, not a token): the caller then says why, since open pages stop working.

import { join } from 'node:path';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolder } from '../files/makeFolder.ts';
import { readPrivateFile, writePrivateFile } from '../files/privateFile.ts';
import { dataDir } from '../paths.ts';
import { isToken, newToken } from './auth.ts';

export interface ServeState {
  token: string;
  /** The port the last run listened on. */
  port?: number;
}

export interface LoadedServeState extends ServeState {
  /** Why the kept token was not used (absent when it was, or when there was none yet). */
  renewed?: string;
}

export function serveStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'serve.json');
}

function parsed(text: string): ServeState | undefined {
  try {
    const v = JSON.parse(text) as { token?: unknown; port?: unknown };
    if (!isToken(v.token)) return undefined;
    const port = typeof v.port === 'number' && Number.isInteger(v.port) && v.port > 0 && v.port <= 65535 ? v.port : undefined;
    return { token: v.token, port };
  } catch {
    return undefined;
  }
}

export async function saveServeState(file: string, state: ServeState): Promise<void> {
  try {
    await writePrivateFile(file, `${JSON.stringify(state)}\n`);
  } catch (e) {
    throw new BranchyardError('engine', `cannot write the browser mode's token file ${file}: ${fsReason(e)}`, { file });
  }
}

/**
 * The token (and port) to serve with. A new token is written at once, so it holds even when
 * this run fails to listen.
 */
export async function loadServeState(file: string, o: { newToken?: boolean } = {}): Promise<LoadedServeState> {
  await makeFolder(join(file, '..'));
  const read = await readPrivateFile(file);
  let kept: ServeState | undefined;
  let renewed: string | undefined;
  if (read.state === 'ok') {
    kept = parsed(read.text);
    if (!kept) renewed = `${file} held no token`;
  } else if (read.state === 'unsafe') {
    renewed = `${file} could not be trusted (${read.reason})`;
  }
  if (kept && !o.newToken) return kept;
  if (kept && o.newToken) renewed = '--new-token';
  // The port of an untrusted file is dropped with its token: nothing of it is used.
  const fresh: ServeState = { token: newToken(), port: kept?.port };
  await saveServeState(file, fresh);
  return { ...fresh, renewed };
}
