// Files the browser-mode server sends as downloads, behind the same gate as everything else
// (Host, then the token: the page's cookie, or `?token=` for a command line such as curl, which
// is answered at once rather than redirected). Today: capture archives, at
// /downloads/captures/<stack>/<timestamp>.tar.gz. The path is parsed back into a capture id and
// checked as every id is (capture/captureId.ts), so no request can name a file outside the
// capture folder.

import { captureArchivePath } from '../capture/captureId.ts';

export interface Download {
  file: string;
  /** The name the browser saves it as. */
  name: string;
  contentType: string;
}

/** Resolves a request path to a file, or undefined when it names none (answered 404). */
export type Downloads = (path: string) => Download | undefined;

export const DOWNLOADS_PREFIX = '/downloads/';
const CAPTURES = '/downloads/captures/';

/** Where the server sends a capture's archive (a capture id's characters need no escaping). */
export function captureDownloadUrl(id: string): string {
  return `${CAPTURES}${id}.tar.gz`;
}

export function captureDownloads(captureDir: () => string): Downloads {
  return (path) => {
    if (!path.startsWith(CAPTURES) || !path.endsWith('.tar.gz')) return undefined;
    const id = path.slice(CAPTURES.length, -'.tar.gz'.length);
    try {
      const file = captureArchivePath(captureDir(), id);
      return { file, name: `${id.replace('/', '-')}.tar.gz`, contentType: 'application/gzip' };
    } catch {
      return undefined;
    }
  };
}
