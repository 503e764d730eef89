// The plan the user confirms: every operation with its reason, in the order the engine runs them
// (the same rows `up --dry-run` prints). A network that is kept is no news and is left out.

import type { UpPlan } from '../../../shared/api/plan.ts';
import { useT } from '../i18n/useT.ts';
import { shownPlanRows } from './planText.ts';

export function PlanView({ plan, mode }: { plan: UpPlan; mode: 'new' | 'update' }) {
  const t = useT('environments');
  const rows = shownPlanRows(t, plan).filter((r) => !(r.kind === 'network' && r.op === 'keep'));
  return (
    <table className="plan" data-testid="plan">
      <caption className="muted">{mode === 'update' ? t('planCaptionUpdate') : t('planCaptionStart')}</caption>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={`plan-${r.op}`} data-testid="plan-row" data-op={r.op} data-kind={r.kind}>
            <td className="plan-op">{r.opText}</td>
            <td className="mono">{r.what}</td>
            <td className="muted">{r.why.join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
