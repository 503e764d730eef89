// Environments being created or updated from the app. A launch lives in the store, not in the
// dialog: the user may close the dialog and watch the stack, open it again, or start a second
// environment while the first one still waits on its healthchecks.

import type { UpPlan } from '../../../shared/api/plan.ts';
import type { UpParams } from '../../../shared/api/stacks.ts';
import type { Said } from '../i18n/said.ts';
import type { Slice } from '../store/appStore.ts';
import type { LaunchProgress } from './launchProgress.ts';

export type LaunchState = 'running' | 'ready' | 'failed' | 'cancelled';

export interface Launch {
  stack: string;
  /** New environment, or `up` again of an existing one (the plan then says what is recreated). */
  mode: 'new' | 'update';
  params: UpParams;
  plan: UpPlan;
  progress: LaunchProgress;
  state: LaunchState;
  /** How it ended, for a person. */
  outcome?: Said;
  /** After a cancel or a failure: what the engine has of the stack now. */
  left?: Said[];
  startedAt: number;
  finishedAt?: number;
}

export type EnvironmentDialog = { mode: 'new'; template?: string } | { mode: 'update'; stack: string } | { mode: 'progress'; stack: string };

export interface LaunchSlice {
  environmentDialog: EnvironmentDialog | null;
  launches: Record<string, Launch>;
  openEnvironmentDialog(dialog: EnvironmentDialog): void;
  closeEnvironmentDialog(): void;
  putLaunch(launch: Launch): void;
  patchLaunch(stack: string, change: (launch: Launch) => Partial<Launch>): void;
  forgetLaunch(stack: string): void;
}

export const launchSlice: Slice<LaunchSlice> = (set) => ({
  environmentDialog: null,
  launches: {},
  openEnvironmentDialog: (environmentDialog) => set({ environmentDialog }),
  closeEnvironmentDialog: () => set({ environmentDialog: null }),
  putLaunch: (launch) => set((s) => ({ launches: { ...s.launches, [launch.stack]: launch } })),
  patchLaunch: (stack, change) =>
    set((s) => {
      const l = s.launches[stack];
      return l ? { launches: { ...s.launches, [stack]: { ...l, ...change(l) } } } : {};
    }),
  forgetLaunch: (stack) =>
    set((s) => {
      const launches = { ...s.launches };
      delete launches[stack];
      return { launches };
    }),
});
