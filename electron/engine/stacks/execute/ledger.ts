// What an `up` has done so far, against what its plan said it would do: the line a cancelled (or
// killed) command leaves the user with, "done: build app, create mysql; not done: create app".

import type { UpPlan } from '../../../../shared/api/plan.ts';

function planned(plan: UpPlan): string[] {
  return [
    ...plan.builds.filter((b) => b.action === 'build').map((b) => `build ${b.image}`),
    ...plan.pulls.map((p) => `pull ${p.image}`),
    ...plan.orphans.filter((o) => o.action === 'remove').map((o) => `remove ${o.service}`),
    ...(plan.network.action === 'create' ? [`network ${plan.network.name}`] : []),
    ...plan.volumes.filter((v) => v.action === 'create').map((v) => `volume ${v.name}`),
    ...plan.services.filter((s) => s.action !== 'keep' || s.ifImageChanges).map((s) => `${s.action} ${s.service}`),
  ];
}

export class Ledger {
  readonly done: string[] = [];
  private readonly todo: string[];

  constructor(plan: UpPlan) {
    this.todo = planned(plan);
  }

  did(step: string): void {
    if (!this.done.includes(step)) this.done.push(step);
  }

  notDone(): string[] {
    return this.todo.filter((t) => !this.done.includes(t));
  }

  summary(): string {
    const notDone = this.notDone();
    return `Done: ${this.done.length ? this.done.join(', ') : 'nothing'}. Not done: ${notDone.length ? notDone.join(', ') : 'nothing'}.`;
  }
}
