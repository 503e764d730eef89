// The plan's rows as the dialog shows them: the same operations in the same order as planRows
// (shared/api/plan.ts, which `up --dry-run` prints), with the operation and what it acts on in the
// UI's language. The reasons the engine gives (service and build reasons) stay its English
// detail; the two the plan itself words (why a pull, why untouched) are translated here.

import { type PlanRow, type PlannedService, type UpPlan, planRows } from '../../../shared/api/plan.ts';
import type { T } from '../i18n/translate.ts';

export interface ShownPlanRow {
  kind: PlanRow['kind'];
  /** The operation's stable name (create, recreate, keep, ...), for styles and tests. */
  op: string;
  opText: string;
  what: string;
  why: string[];
}

const OPS = ['create', 'recreate', 'start', 'keep', 'join', 'build', 'reuse', 'pull', 'remove', 'untouched'] as const;
type Op = (typeof OPS)[number];
const isOp = (op: string): op is Op => (OPS as readonly string[]).includes(op);

export function opText(t: T<'environments'>, op: string): string {
  return isOp(op) ? t(`op_${op}`) : op;
}

export function shownPlanRows(t: T<'environments'>, p: UpPlan): ShownPlanRow[] {
  const rows: Omit<ShownPlanRow, 'opText'>[] = p.networks.map((n) => ({
    kind: 'network',
    op: n.action === 'external' ? 'join' : n.action,
    what: n.subnet ? t('what_network', { name: n.name, subnet: n.subnet }) : t('what_networkName', { name: n.name }),
    why: [
      ...(n.action === 'external' ? [t('why_external', { network: n.network })] : []),
      ...(n.internal ? [t('why_internal')] : []),
      ...(n.action === 'remove' ? [t('why_networkGone')] : []),
    ],
  }));
  for (const v of p.volumes) if (v.action === 'create') rows.push({ kind: 'volume', op: 'create', what: t('what_volume', { name: v.name }), why: [] });
  for (const b of p.builds) rows.push({ kind: 'build', op: b.action, what: t('what_build', { image: b.image, service: b.service, via: b.via }), why: b.reasons });
  for (const pull of p.pulls) {
    const services = pull.services.join(', ');
    rows.push({ kind: 'pull', op: 'pull', what: t('what_image', { image: pull.image }), why: [pull.always ? t('why_pullAlways', { services }) : t('why_pullMissing', { services })] });
  }
  for (const o of p.orphans) rows.push({ kind: 'orphan', op: o.action, what: t('what_service', { service: o.service }), why: o.reasons });
  for (const s of p.services) rows.push({ kind: 'service', op: s.action, what: serviceWhat(t, s), why: s.reasons });
  for (const u of p.untouched) rows.push({ kind: 'untouched', op: 'untouched', what: t('what_service', { service: u }), why: [t('why_untouched')] });
  return rows.map((r) => ({ ...r, opText: opText(t, r.op) }));
}

/** A service and its address, or its address on each of its networks. */
function serviceWhat(t: T<'environments'>, s: PlannedService): string {
  if (s.addresses) {
    const each = s.addresses.map((a) => t('addressOn', { ip: a.ip || t('addressChosen'), network: a.network }));
    return t('what_serviceOn', { service: s.service, ip: each.join(t('addressSeparator')) });
  }
  return s.ip ? t('what_serviceOn', { service: s.service, ip: s.ip }) : t('what_service', { service: s.service });
}

/** The rows planRows gives, as kind and operation: what shownPlanRows must match (checked by a unit test). */
export function planShape(p: UpPlan): string[] {
  return planRows(p).map((r) => `${r.kind}:${r.op}`);
}
