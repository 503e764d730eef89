import { useApp } from '../store/appStore.ts';

/** Says plainly when what is shown may be stale: the server or the engine is out of reach. */
export function Banner() {
  const link = useApp((s) => s.link);
  const problem = useApp((s) => s.stacksProblem);
  if (link.state === 'connecting') {
    return (
      <div className="banner info" data-testid="banner-connecting">
        connecting…
      </div>
    );
  }
  if (link.state === 'lost' || problem) {
    const why = link.state === 'lost' ? link.message : problem;
    return (
      <div className="banner warn" role="alert" data-testid="banner-disconnected">
        disconnected — reconnecting{why ? ` (${why})` : ''}
      </div>
    );
  }
  return null;
}
