// Contract handlers for teardown and captures: down (capture first), listCaptures, showCapture.
// Listing sweeps the work files of captures whose process was killed (workFiles.ts) first.
// `down` holds the stack's lock (stacks/stackLock.ts), as `up` and `redeploy` do.

import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers } from '../api/host.ts';
import { checkStackName } from './captureId.ts';
import { listCaptures, showCapture } from './captureListing.ts';
import { withStackLock } from '../stacks/stackLock.ts';
import { teardown } from './teardown.ts';
import { sweepAbandonedCaptures } from './workFiles.ts';

export function capturesHandlers(ctx: EngineContext): { requests: Pick<RequestHandlers, 'down' | 'listCaptures' | 'showCapture'> } {
  return {
    requests: {
      async down(p, c) {
        const stack = checkStackName(p?.stack);
        const { docker } = await ctx.engine();
        return withStackLock(stack, 'down', { progress: c.progress, signal: c.signal }, () =>
          teardown(docker, p, { captureDir: ctx.settings.get().captureDir, progress: c.progress, signal: c.signal }),
        );
      },
      async listCaptures(p) {
        const stack = p?.stack === undefined ? undefined : checkStackName(p.stack);
        const captureDir = ctx.settings.get().captureDir;
        await sweepAbandonedCaptures(captureDir);
        return listCaptures(captureDir, stack);
      },
      async showCapture(p) {
        return showCapture(ctx.settings.get().captureDir, p?.id);
      },
    },
  };
}
