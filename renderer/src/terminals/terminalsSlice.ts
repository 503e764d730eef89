import type { Slice } from '../store/appStore.ts';
import { DEFAULT_OPTIONS, type TerminalOptions } from './openOptions.ts';

/** starting: exec being created; running: a session id is known; ended: exited, failed or dropped. */
export type TerminalStatus = 'starting' | 'running' | 'ended';

export interface TerminalTab {
  id: string;
  stack: string;
  service: string;
  status: TerminalStatus;
  /** The shell and user it was opened with; a reconnect opens the same. */
  options: TerminalOptions;
  /** The container the session runs in (from the started event): a different one for the service means it was replaced. */
  container?: string;
  /** Bumped by a reconnect: a new session in the same screen (the old output stays above it). */
  generation: number;
}

/** The open-a-terminal dialog: for a stack, with the service preselected when known. */
export interface TerminalOpener {
  stack: string;
  service?: string;
}

export interface TerminalsSlice {
  /** Open terminals stay alive while the user looks at other stacks or captures. */
  terminals: TerminalTab[];
  terminalOpener: TerminalOpener | null;
  /** What was picked last per stack/service, offered again the next time. */
  terminalChoices: Record<string, TerminalOptions>;
  /** Asks how to open it (shell, user): the dialog, whose Open calls startTerminal. */
  openTerminal(stack: string, service?: string): void;
  closeTerminalOpener(): void;
  startTerminal(stack: string, service: string, options?: TerminalOptions): void;
  closeTerminal(id: string): void;
  reconnectTerminal(id: string): void;
  setTerminalStatus(id: string, status: TerminalStatus): void;
  setTerminalContainer(id: string, container: string): void;
}

let nextId = 1;

export const choiceKey = (stack: string, service: string) => `${stack}/${service}`;

export const terminalsSlice: Slice<TerminalsSlice> = (set, get) => {
  const update = (id: string, change: Partial<TerminalTab>) => set((s) => ({ terminals: s.terminals.map((t) => (t.id === id ? { ...t, ...change } : t)) }));
  return {
    terminals: [],
    terminalOpener: null,
    terminalChoices: {},
    openTerminal: (stack, service) => set({ terminalOpener: service ? { stack, service } : { stack } }),
    closeTerminalOpener: () => set({ terminalOpener: null }),
    startTerminal: (stack, service, options = DEFAULT_OPTIONS) => {
      const id = `t${nextId++}`;
      set((s) => ({
        terminals: [...s.terminals, { id, stack, service, status: 'starting', options, generation: 0 }],
        terminalChoices: { ...s.terminalChoices, [choiceKey(stack, service)]: options },
        terminalOpener: null,
        dockTab: { kind: 'terminal', id },
      }));
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
    reconnectTerminal: (id) => {
      const tab = get().terminals.find((t) => t.id === id);
      if (tab) update(id, { status: 'starting', container: undefined, generation: tab.generation + 1 });
    },
    setTerminalStatus: (id, status) => update(id, { status }),
    setTerminalContainer: (id, container) => update(id, { container }),
  };
};

/**
 * The service's container of the moment when it is not the one the tab's session was opened in
 * (a redeploy or recreate replaced it), else undefined. Only a running replacement counts: one
 * being created cannot take a terminal yet.
 */
export function replacementContainer(tab: TerminalTab, services: readonly { name: string; containerId: string; state: string }[] | undefined): string | undefined {
  if (!tab.container || !services) return undefined;
  const now = services.find((s) => s.name === tab.service);
  if (!now || now.state !== 'running' || !now.containerId) return undefined;
  const same = now.containerId.startsWith(tab.container) || tab.container.startsWith(now.containerId);
  return same ? undefined : now.containerId;
}
