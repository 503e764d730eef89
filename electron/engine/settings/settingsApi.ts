// Contract handlers for the settings: get, describe (where each value comes from, what this front
// end may not change), set, and a test message to a webhook.
//
// What a page may not change (fileAccess `own`: the app and the browser mode), and why: the
// capture folder and the templates folder are where the engine writes archives and reads and
// writes stack files, and the Docker endpoint is the engine every stack, password and build goes
// to. A page that could move them could make the engine write or read anywhere, or send a
// stack's secrets to a Docker engine of someone else's choosing. They are set where only the
// engine's owner can: settings.json, or the environment variable. The command line may set them.

import type { SettingKey, WebhookSetting } from '../../../shared/api/settings.ts';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import { checkWebhook } from '../../../shared/settings/checkSettings.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers } from '../api/host.ts';
import { deliver, messageLanguage } from '../notify/announce.ts';
import type { FileAccess } from '../stackfile/stackFileSource.ts';
import { SETTING_ENV } from './settingsStore.ts';

const LOCKED_WHAT: Partial<Record<SettingKey, string>> = {
  captureDir: 'cannot move the capture folder',
  templatesDir: 'cannot move the templates folder',
  dockerEndpoint: 'cannot change the Docker endpoint',
};

/** The settings a front end with this file access may not change, each with how to change it instead. */
export function lockedSettings(access: FileAccess): Partial<Record<SettingKey, string>> {
  if (access !== 'own') return {};
  return Object.fromEntries(
    Object.entries(LOCKED_WHAT).map(([k, what]) => [k, `this front end ${what}: set it in settings.json or ${SETTING_ENV[k as SettingKey]}`]),
  );
}

export function settingsHandlers(
  ctx: EngineContext,
  access: FileAccess,
): Pick<RequestHandlers, 'getSettings' | 'describeSettings' | 'setSettings' | 'testWebhook'> {
  const locked = lockedSettings(access);
  return {
    getSettings: async () => ctx.settings.get(),
    describeSettings: async () => ({ ...ctx.settings.describe(), locked }),
    setSettings: async (change) => ctx.settings.set(change, { locked }),
    async testWebhook(p) {
      let webhook: WebhookSetting | null | undefined;
      if (p?.webhook !== undefined) {
        const issues: Issue[] = [];
        webhook = checkWebhook(p.webhook, 'webhook', issues);
        if (issues.length) throw BranchyardError.invalid(issues);
      } else {
        webhook = ctx.settings.get().webhook;
        if (!webhook) throw BranchyardError.invalid([{ field: 'webhook', message: 'no webhook is set: give one, or set settings.webhook first' }]);
      }
      const w = webhook!;
      const language = messageLanguage(ctx.settings.get().language);
      const host = new URL(w.url).host;
      try {
        const a = await deliver(w, { kind: 'ready', stack: 'branchyard-test', branch: 'main', status: 'running', reason: language === 'zh-CN' ? '这是一条测试消息' : 'a test message from the settings' }, language);
        return { kind: w.kind, status: a.status, delivered: a.delivered, response: a.response };
      } catch (e) {
        throw new BranchyardError('engine', `cannot post to the ${w.kind} webhook at ${host}: ${(e as Error).message}`);
      }
    },
  };
}
