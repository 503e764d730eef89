// What the native Save dialog of a log export shows: the proposed file in the user's Downloads
// folder and a file type filter for the format. Pure (electron's types only), so it is unit-tested.

import { join } from 'node:path';
import type { SaveDialogOptions } from 'electron';
import type { SaveDialogRequest } from '../../shared/api/shell.ts';

export function saveDialogOptions(request: SaveDialogRequest, downloads: string): SaveDialogOptions {
  const filters =
    request.format === 'jsonl'
      ? [
          { name: 'JSON lines', extensions: ['jsonl', 'json'] },
          { name: 'All files', extensions: ['*'] },
        ]
      : [
          { name: 'Log files', extensions: ['log', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ];
  return { defaultPath: join(downloads, request.suggestedName), filters, properties: ['createDirectory', 'showOverwriteConfirmation'] };
}
