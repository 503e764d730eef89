// Keeps the store's stacks live: the `stacks` stream sends a snapshot, then one stack at a time.
// A stream that fails (engine gone, handler error) is opened again with backoff; the engine sends
// a fresh snapshot each time, so nothing missed in between stays wrong.

import type { BranchyardClient, Subscription } from '../../../shared/api/client.ts';
import type { StacksEvent } from '../../../shared/api/stacks.ts';
import { saidError } from '../api/errorMessage.ts';
import { said } from '../i18n/said.ts';
import { notifyStackNews } from '../notify/notify.ts';
import { ReadinessTracker } from '../notify/stackReadiness.ts';
import { useApp } from '../store/appStore.ts';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/** For the page's life, across reconnects: which stacks are coming up (ready and failed news). */
const readiness = new ReadinessTracker();

/** Applies an event to the store and announces what became ready or failed by it. */
function apply(e: StacksEvent): void {
  const { stacks: before, stacksLoaded: loaded, applyStacksEvent } = useApp.getState();
  applyStacksEvent(e);
  if (e.type === 'snapshot') {
    for (const news of readiness.snapshot(before, e.stacks, loaded)) notifyStackNews(news);
  } else if (e.type === 'stack') {
    const news = readiness.update(
      e.name,
      before.find((s) => s.name === e.name),
      e.stack,
      loaded,
    );
    if (news) notifyStackNews(news);
  }
}

/** Starts watching through `client`; the returned function stops it. */
export function watchStacks(client: BranchyardClient): () => void {
  let sub: Subscription | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let delay = FIRST_RETRY_MS;

  const open = () => {
    timer = undefined;
    sub = client.subscribe(
      'stacks',
      {},
      {
        next(e) {
          if (e.type !== 'disconnected') delay = FIRST_RETRY_MS;
          apply(e);
        },
        error(err) {
          if (!stopped) useApp.getState().setStacksProblem(saidError(err));
        },
        end() {
          if (stopped) return;
          useApp.getState().setStacksProblem(useApp.getState().stacksProblem ?? said('stacks', 'streamEnded'));
          timer = setTimeout(open, delay);
          delay = Math.min(delay * 2, MAX_RETRY_MS);
        },
      },
    );
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    sub?.dispose();
  };
}
