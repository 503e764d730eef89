// What an `up` has done so far, against what its plan said it would do: the line a cancelled (or
// killed) command leaves the user with, "done: network n, create db, create app, start db; not done: start app".

import type { UpPlan } from '../../../../shared/api/plan.ts';

function planned(plan: UpPlan): string[] {
  return [
    ...plan.builds.filter((b) => b.action === 'build').map((b) => `build ${b.image}`),
    ...plan.pulls.map((p) => `pull ${p.image}`),
    ...plan.orphans.filter((o) => o.action === 'remove').map((o) => `remove ${o.service}`),
    ...plan.networks.filter((n) => n.action === 'create').map((n) => `network ${n.name}`),
    ...plan.volumes.filter((v) => v.action === 'create').map((v) => `volume ${v.name}`),
    // Containers to create are all created first, then started along the dependency graph.
    ...plan.services.filter((s) => s.action === 'create').map((s) => `create ${s.service}`),
    ...plan.services
      .filter((s) => s.action !== 'keep' || s.ifImageChanges)
      .map((s) => (s.action === 'create' ? `start ${s.service}` : `${s.action} ${s.service}`)),
    ...plan.networks.filter((n) => n.action === 'remove').map((n) => `remove network ${n.name}`),
  ];
}

export class Ledger {
  private readonly finished = new Set<string>();
  private readonly todo: string[];

  constructor(plan: UpPlan) {
    this.todo = planned(plan);
  }

  did(step: string): void {
    this.finished.add(step);
  }

  /** In the plan's order (steps run in parallel finish in any order), then any the plan did not list. */
  get done(): string[] {
    return [...this.todo.filter((t) => this.finished.has(t)), ...[...this.finished].filter((f) => !this.todo.includes(f))];
  }

  notDone(): string[] {
    return this.todo.filter((t) => !this.finished.has(t));
  }

  summary(): string {
    const notDone = this.notDone();
    const done = this.done;
    return `Done: ${done.length ? done.join(', ') : 'nothing'}. Not done: ${notDone.length ? notDone.join(', ') : 'nothing'}.`;
  }
}
