import type { Slice } from '../store/appStore.ts';

export type View = 'stacks' | 'captures' | 'templates';

/** The dock's open tab: the log view or one terminal (by id). */
export type DockTab = { kind: 'logs' } | { kind: 'terminal'; id: string };

export interface UiSlice {
  view: View;
  selectedStack: string | null;
  dockTab: DockTab | null;
  showView(view: View): void;
  selectStack(name: string): void;
  showDockTab(tab: DockTab | null): void;
}

export const uiSlice: Slice<UiSlice> = (set) => ({
  view: 'stacks',
  selectedStack: null,
  dockTab: null,
  showView: (view) => set({ view }),
  selectStack: (selectedStack) => set({ selectedStack, view: 'stacks' }),
  showDockTab: (dockTab) => set({ dockTab }),
});
