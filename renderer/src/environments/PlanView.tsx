// The plan the user confirms: every operation with its reason, in the order the engine runs them.

import type { UpPlan } from '../../../shared/api/plan.ts';

export function PlanView({ plan, verb }: { plan: UpPlan; verb: string }) {
  const rows: { op: string; what: string; why: string }[] = [];
  if (plan.network.action === 'create') rows.push({ op: 'create', what: `network ${plan.network.name}`, why: plan.network.subnet });
  for (const v of plan.volumes) if (v.action === 'create') rows.push({ op: 'create', what: `volume ${v.name}`, why: '' });
  for (const b of plan.builds) rows.push({ op: b.action, what: `image ${b.image}`, why: `${b.via} for ${b.service}${b.reasons.length ? `: ${b.reasons.join('; ')}` : ''}` });
  for (const p of plan.pulls) rows.push({ op: 'pull', what: `image ${p.image}`, why: `used by ${p.services.join(', ')}` });
  for (const o of plan.orphans) rows.push({ op: o.action, what: `service ${o.service}`, why: o.reasons.join('; ') });
  for (const s of plan.services) rows.push({ op: s.action, what: `${s.service} on ${s.ip}`, why: s.reasons.join('; ') });
  return (
    <table className="plan" data-testid="plan">
      <caption className="muted">What {verb} will do</caption>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={`plan-${r.op}`} data-testid="plan-row">
            <td className="plan-op">{r.op}</td>
            <td className="mono">{r.what}</td>
            <td className="muted">{r.why}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
