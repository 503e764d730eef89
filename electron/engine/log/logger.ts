// The engine's own log: what went wrong that no caller waits to hear (a stream that failed to
// close, a cleanup that could not finish), so no error is swallowed without a trace. One logger
// for the process, with levels; where it writes is chosen by the front end: stderr for the command
// line (BRANCHYARD_LOG=debug|info|warn|error, default warn), a rotating file in the data folder for
// `serve` and the app, whose stderr nobody reads.

import { appendFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { escapeControls } from '../../../shared/text/escapeControls.ts';
import { makeFolderSync } from '../files/makeFolder.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

type Sink = (line: string) => void;

let threshold: number = RANK[levelFromEnv()];
let sink: Sink = (line) => process.stderr.write(line);

function levelFromEnv(env: NodeJS.ProcessEnv = process.env): Level {
  const v = env.BRANCHYARD_LOG?.toLowerCase();
  return v === 'debug' || v === 'info' || v === 'warn' || v === 'error' ? v : 'warn';
}

function why(error: unknown): string {
  if (error === undefined) return '';
  const e = error as { message?: string };
  return `: ${e?.message ?? String(error)}`;
}

function write(level: Level, message: string, error?: unknown): void {
  if (RANK[level] < threshold) return;
  try {
    sink(`${new Date().toISOString()} ${level} ${escapeControls(message + why(error))}\n`);
  } catch {
    // The log itself failing (a full disk) must not take the engine down.
  }
}

export const log = {
  debug: (message: string, error?: unknown) => write('debug', message, error),
  info: (message: string, error?: unknown) => write('info', message, error),
  warn: (message: string, error?: unknown) => write('warn', message, error),
  error: (message: string, error?: unknown) => write('error', message, error),
};

/** A `.catch` that logs instead of swallowing: `p.catch(logged('warn', 'removing x'))`. */
export function logged(level: Level, what: string): (error: unknown) => void {
  return (error) => write(level, `${what} failed`, error);
}

export interface FileLogOptions {
  folder: string;
  /** The file's name in the folder (default engine.log; the app's main process writes main.log). */
  file?: string;
  /** Rotate when the file grows past this (default 5 MiB), keeping `keep` old files (default 3). */
  maxBytes?: number;
  keep?: number;
  level?: Level;
}

/** Writes to <folder>/engine.log (or `file`), rotated to engine.log.1 … .N. Returns the file's path. */
export function logToFile(o: FileLogOptions): string {
  const maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
  const keep = o.keep ?? 3;
  makeFolderSync(o.folder);
  const file = join(o.folder, o.file ?? 'engine.log');
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // no log yet
  }
  threshold = RANK[o.level ?? (process.env.BRANCHYARD_LOG ? levelFromEnv() : 'info')];
  sink = (line) => {
    if (size + line.length > maxBytes) {
      rmSync(`${file}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) {
        try {
          renameSync(`${file}.${i}`, `${file}.${i + 1}`);
        } catch {
          // that generation does not exist yet
        }
      }
      try {
        renameSync(file, `${file}.1`);
      } catch {
        // nothing to rotate
      }
      size = 0;
    }
    appendFileSync(file, line);
    size += Buffer.byteLength(line);
  };
  return file;
}
