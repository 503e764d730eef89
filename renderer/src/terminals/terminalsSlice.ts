import type { Slice } from '../store/appStore.ts';

/** starting: exec being created; running: a session id is known; ended: exited, failed or dropped. */
export type TerminalStatus = 'starting' | 'running' | 'ended';

export interface TerminalTab {
  id: string;
  stack: string;
  service: string;
  status: TerminalStatus;
}

export interface TerminalsSlice {
  /** Open terminals stay alive while the user looks at other stacks or captures. */
  terminals: TerminalTab[];
  openTerminal(stack: string, service: string): void;
  closeTerminal(id: string): void;
  setTerminalStatus(id: string, status: TerminalStatus): void;
}

let nextId = 1;

export const terminalsSlice: Slice<TerminalsSlice> = (set, get) => ({
  terminals: [],
  openTerminal: (stack, service) => {
    const id = `t${nextId++}`;
    set((s) => ({ terminals: [...s.terminals, { id, stack, service, status: 'starting' }], dockTab: { kind: 'terminal', id } }));
  },
  closeTerminal: (id) => {
    const rest = get().terminals.filter((t) => t.id !== id);
    const tab = get().dockTab;
    const showing = tab?.kind === 'terminal' && tab.id === id;
    const next = rest[rest.length - 1];
    set({
      terminals: rest,
      dockTab: showing ? (next ? { kind: 'terminal', id: next.id } : get().logs ? { kind: 'logs' } : null) : tab,
    });
  },
  setTerminalStatus: (id, status) => set((s) => ({ terminals: s.terminals.map((t) => (t.id === id ? { ...t, status } : t)) })),
});
