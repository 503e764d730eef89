import { useApp } from '../store/appStore.ts';

/**
 * Says plainly when what is shown may be stale, and whose fault it is: the Branchyard server (the
 * page reconnects by itself), a server that no longer takes this page's token (the new address
 * must be opened), or the Docker engine (the stacks stay as last seen, greyed, until it answers).
 */
export function Banner() {
  const link = useApp((s) => s.link);
  const engineDown = useApp((s) => s.engineDown);
  const problem = useApp((s) => s.stacksProblem);
  const loaded = useApp((s) => s.stacksLoaded);
  if (link.state === 'connecting') {
    return (
      <div className="banner info" data-testid="banner-connecting">
        connecting…
      </div>
    );
  }
  if (link.state === 'refused') {
    return (
      <div className="banner error" role="alert" data-testid="banner-new-token">
        This Branchyard server has a new token: open the address <code>branchyard serve</code> printed (or run <code>branchyard serve</code> and
        open the address it prints).{' '}
        <span className="muted">This page reconnects by itself once that address is open in this browser.</span>
      </div>
    );
  }
  if (link.state === 'lost') {
    return (
      <div className="banner warn" role="alert" data-testid="banner-disconnected">
        disconnected — reconnecting{link.message ? ` (${link.message})` : ''}
      </div>
    );
  }
  if (engineDown) {
    return (
      <div className="banner warn" role="alert" data-testid="banner-engine-down">
        <strong>
          the Docker engine at <span className="mono">{engineDown.endpoint}</span> is not answering
        </strong>
        {loaded ? ' — the stacks are shown as last seen' : ''}; this page recovers by itself once it answers.{' '}
        <span className="muted">({engineDown.reason})</span>
      </div>
    );
  }
  if (problem) {
    return (
      <div className="banner warn" role="alert" data-testid="banner-disconnected">
        live status interrupted — reconnecting ({problem})
      </div>
    );
  }
  return null;
}
