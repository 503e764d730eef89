// The UI's files, served from one folder. A request names a file inside it or gets nothing:
// `..` segments (also percent-encoded), hidden files, directories and symlinks that lead outside
// are refused, and the final real path is checked against the folder's real path.

import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export type StaticLookup = { file: string; contentType: string } | { status: 400 | 403 | 404 };

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** `rawPath` is the request path as sent (still percent-encoded, no query). */
export async function lookupStatic(staticDir: string, rawPath: string): Promise<StaticLookup> {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { status: 400 };
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 };
  const relative = path === '/' ? 'index.html' : segments.join('/');
  if (relative === '' || relative.endsWith('/')) return { status: 404 };

  const root = resolve(staticDir);
  const wanted = resolve(root, relative);
  if (!inside(root, wanted)) return { status: 403 };
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(wanted), realpath(root)]);
  } catch {
    return { status: 404 };
  }
  // A symlink inside the folder must not reach a file outside it.
  if (!inside(realRoot, real)) return { status: 403 };
  const info = await stat(real).catch(() => undefined);
  if (!info?.isFile()) return { status: 404 };
  return { file: real, contentType: contentTypeOf(real) };
}
