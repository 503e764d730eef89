// Contract handlers for teardown and captures: down (capture first, then the retention setting),
// the volumes a teardown keeps, and the captures themselves: list, show, their files page by page,
// the whole archive (a download URL in the browser mode, the folder in the app), delete, prune.
// Listing sweeps the work files of captures whose process was killed (workFiles.ts) first.
// `down` holds the stack's lock (stacks/stackLock.ts), as `up` and `redeploy` do.

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DownResult } from '../../../shared/api/stacks.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext, RequestHandlers } from '../api/host.ts';
import { log } from '../log/logger.ts';
import type { DesktopShell } from '../shell/shellApi.ts';
import { stackVolumes } from '../stacks/down.ts';
import { withStackLock } from '../stacks/stackLock.ts';
import { listCaptureFiles, readCaptureFile } from './captureFiles.ts';
import { captureArchivePath, checkStackName, parseCaptureId } from './captureId.ts';
import { listCaptures, showCapture } from './captureListing.ts';
import { pruneCaptures, removeCapture } from './captureRetention.ts';
import { teardown } from './teardown.ts';
import { sweepAbandonedCaptures } from './workFiles.ts';

export interface CapturesOptions {
  /** Browser mode: where the local server serves a capture's archive (downloads.ts). */
  downloadUrl?: (id: string) => string;
  /** The desktop app's shell, which can show a file in its folder. */
  shell?: DesktopShell;
}

type CaptureRequests =
  | 'down'
  | 'stackVolumes'
  | 'listCaptures'
  | 'showCapture'
  | 'listCaptureFiles'
  | 'readCaptureFile'
  | 'captureArchive'
  | 'showCaptureInFolder'
  | 'removeCapture'
  | 'pruneCaptures';

/** The retention setting after a teardown wrote `keep`: a failure is a warning, never a failed teardown. */
async function retain(ctx: EngineContext, keep: string, c: CallContext): Promise<DownResult['expiredCaptures']> {
  try {
    const { captureDir, captureRetention } = ctx.settings.get();
    const { expired } = await pruneCaptures(captureDir, captureRetention, { keep });
    for (const e of expired) c.progress({ message: `removed capture ${e.id} (${e.reason === 'age' ? 'older than the retention setting keeps' : 'over the capture folder\'s size limit'})` });
    return expired;
  } catch (e) {
    log.warn('applying the capture retention after a teardown', e);
    c.progress({ message: `warning: the capture retention was not applied: ${(e as Error).message}` });
    return [];
  }
}

export function capturesHandlers(ctx: EngineContext, o: CapturesOptions = {}): { requests: Pick<RequestHandlers, CaptureRequests> } {
  const captureDir = () => ctx.settings.get().captureDir;
  return {
    requests: {
      async down(p, c) {
        const stack = checkStackName(p?.stack);
        const { docker } = await ctx.engine();
        const result = await withStackLock(stack, 'down', { progress: c.progress, signal: c.signal }, () =>
          teardown(docker, p, { captureDir: captureDir(), progress: c.progress, signal: c.signal }),
        );
        const expired = result.capture ? await retain(ctx, result.capture.id, c) : [];
        const out = { ...result, ...(expired?.length ? { expiredCaptures: expired } : {}) };
        // A stack that was not there is no news.
        if (result.removed.containers.length) {
          ctx.announcer?.announce({
            kind: 'tornDown',
            stack,
            ...(result.capture?.branch ? { branch: result.capture.branch } : {}),
            status: 'removed',
            ...(result.capture ? { capture: result.capture.path } : {}),
            ...(result.captureError ? { reason: `no capture: ${result.captureError}` } : {}),
            ...(result.keptVolumes.length ? { keptVolumes: result.keptVolumes } : {}),
          });
        }
        return out;
      },
      async stackVolumes(p) {
        return stackVolumes((await ctx.engine()).docker, checkStackName(p?.stack));
      },
      async listCaptures(p) {
        const stack = p?.stack === undefined ? undefined : checkStackName(p.stack);
        const dir = captureDir();
        await sweepAbandonedCaptures(dir);
        return listCaptures(dir, stack);
      },
      async showCapture(p) {
        return showCapture(captureDir(), p?.id);
      },
      async listCaptureFiles(p) {
        return listCaptureFiles(captureDir(), p?.id);
      },
      async readCaptureFile(p, c) {
        return readCaptureFile(captureDir(), p, c.signal);
      },
      async captureArchive(p) {
        const path = captureArchivePath(captureDir(), p?.id);
        const { stack, timestamp } = parseCaptureId(p.id);
        const id = `${stack}/${timestamp}`;
        return {
          id,
          path,
          fileName: `${stack}-${basename(path)}`,
          bytes: (await stat(path)).size,
          ...(o.downloadUrl ? { url: o.downloadUrl(id) } : {}),
          canShowInFolder: Boolean(o.shell?.showInFolder),
        };
      },
      async showCaptureInFolder(p) {
        // The id is checked into a path inside the capture folder: a page can show nothing else.
        const path = captureArchivePath(captureDir(), p?.id);
        if (!o.shell?.showInFolder) {
          throw new BranchyardError('invalid-input', 'this front end has no desktop shell to show a folder: download the archive instead (captureArchive gives its URL in the browser mode)');
        }
        o.shell.showInFolder(path);
        return null;
      },
      async removeCapture(p) {
        return removeCapture(captureDir(), p?.id);
      },
      async pruneCaptures(p) {
        const { captureDir: dir, captureRetention } = ctx.settings.get();
        return pruneCaptures(dir, captureRetention, { dryRun: Boolean(p?.dryRun) });
      },
    },
  };
}
