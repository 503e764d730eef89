// The plan the user confirms: every operation with its reason, in the order the engine runs them
// (the same rows `up --dry-run` prints). A network that is kept is no news and is left out.

import { type UpPlan, planRows } from '../../../shared/api/plan.ts';

export function PlanView({ plan, verb }: { plan: UpPlan; verb: string }) {
  const rows = planRows(plan).filter((r) => !(r.kind === 'network' && r.op === 'keep'));
  return (
    <table className="plan" data-testid="plan">
      <caption className="muted">What {verb} will do</caption>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={`plan-${r.op}`} data-testid="plan-row">
            <td className="plan-op">{r.op}</td>
            <td className="mono">{r.what}</td>
            <td className="muted">{r.why.join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
