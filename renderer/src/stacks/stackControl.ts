// The control buttons of a stack and of its rows share one operation (the engine runs one
// operation per stack at a time anyway): what each one asks the engine, and the outcome it
// shows. `kind` names the operation, `service` the row it came from, if any.

import type { BranchyardClient, CallOptions } from '../../../shared/api/client.ts';
import type { ControlResult } from '../../../shared/api/control.ts';
import type { Outcome } from '../api/useOperation.ts';
import { type T, translator } from '../i18n/translate.ts';
import { said } from '../i18n/said.ts';

export type ControlKind = 'start' | 'stop' | 'restart' | 'recreate' | 'redeploy' | 'down';

/** The operation's key in useOperation: `restart` for the stack, `restart:app` for a row. */
export type ControlKey = ControlKind | `${ControlKind}:${string}`;

export function controlKey(kind: ControlKind, service?: string): ControlKey {
  return service ? `${kind}:${service}` : kind;
}

export function parseControlKey(key: string): { kind: ControlKind; service?: string } {
  const i = key.indexOf(':');
  return i < 0 ? { kind: key as ControlKind } : { kind: key.slice(0, i) as ControlKind, service: key.slice(i + 1) };
}

/** "Restarting app…", "Tearing down…" */
export function busyWords(t: T<'stacks'>, key: string): string {
  const { kind, service } = parseControlKey(key);
  return service ? t(`busyService_${kind}`, { service }) : t(`busy_${kind}`);
}

type Done = 'start' | 'stop' | 'restart' | 'recreate';

/** What a start/stop/restart/recreate did, in one line. */
function describe(r: ControlResult, kind: Done): Outcome {
  const changed = r.services.filter((s) => s.action !== 'unchanged');
  if (changed.length === 0) return { ok: true, text: said('stacks', kind === 'stop' ? 'nothingToDoStopped' : 'nothingToDoRunning') };
  return {
    ok: true,
    text: (lang) => {
      const t = translator(lang, 'stacks');
      return t(`done_${kind}`, { services: changed.map((s) => (s.ip ? t('serviceAt', { name: s.name, ip: s.ip }) : s.name)).join(', ') });
    },
  };
}

/** Starting waits for health as `up` does, within this deadline. */
const WAIT_S = 180;

export async function runControl(client: BranchyardClient, kind: Exclude<ControlKind, 'down'>, stack: string, service: string | undefined, options: CallOptions): Promise<Outcome> {
  const services = service ? [service] : undefined;
  switch (kind) {
    case 'start':
      return describe(await client.start({ stack, services, wait: true, timeoutS: WAIT_S }, options), 'start');
    case 'stop':
      return describe(await client.stop({ stack, services }, options), 'stop');
    case 'restart':
      return describe(await client.restart({ stack, services, wait: true, timeoutS: WAIT_S }, options), 'restart');
    case 'recreate':
      return describe(await client.recreate({ stack, services: services ?? [], wait: true, timeoutS: WAIT_S }, options), 'recreate');
    case 'redeploy': {
      const r = await client.redeploy({ stack, services }, options);
      const changed = r.commits.filter((c) => c.changed);
      if (!changed.length) return { ok: true, text: said('stacks', 'nothingRedeployed') };
      return {
        ok: true,
        text: (lang) => {
          const t = translator(lang, 'stacks');
          return t('redeployed', { changes: changed.map((c) => `${c.service} ${c.before?.slice(0, 8) ?? t('commitNew')} → ${c.after.slice(0, 8)}`).join(', ') });
        },
      };
    }
  }
}
