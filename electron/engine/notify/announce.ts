// Announcing news about stacks to the webhook of the settings, engine-side: an `up` or
// `redeploy` that brought a stack up or failed, a teardown. Sending never holds up the operation
// that made the news (it is started, not awaited) and never fails it: a webhook that refuses or
// does not answer in 5 s is written to the engine's log. The per-kind switches of the settings'
// `notifications` decide what is sent. The desktop notifications are the page's (they follow the
// live status, whoever changed the stack); the webhook hears what this engine process did.

import type { Language, WebhookSetting } from '../../../shared/api/settings.ts';
import { log } from '../log/logger.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';
import { type WebhookAnswer, postWebhook } from './postWebhook.ts';
import { type MessageLanguage, type StackNews, webhookAccepted, webhookBody } from './webhookBody.ts';

export type { StackNews };

export interface Announcer {
  announce(news: StackNews): void;
  /** Resolves once every delivery begun so far has ended (tests; a process about to end). */
  settled(): Promise<void>;
}

/** `system`: the engine's locale (LC_ALL, LC_MESSAGES, LANG, else Intl's), Chinese or English. */
export function messageLanguage(setting: Language, env: NodeJS.ProcessEnv = process.env): MessageLanguage {
  if (setting !== 'system') return setting;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

/** Posts one piece of news to `webhook` and says what the tool answered. */
export async function deliver(webhook: WebhookSetting, news: StackNews, language: MessageLanguage): Promise<WebhookAnswer & { delivered: boolean }> {
  const answer = await postWebhook(webhook.url, webhookBody(webhook.kind, news, language));
  return { ...answer, delivered: webhookAccepted(answer.status, answer.response) };
}

export function createAnnouncer(settings: SettingsStore): Announcer {
  const pending = new Set<Promise<void>>();
  return {
    announce(news) {
      let webhook: WebhookSetting | null;
      let language: MessageLanguage;
      try {
        const s = settings.get();
        if (!s.notifications[news.kind]) return;
        webhook = s.webhook;
        language = messageLanguage(s.language);
      } catch (e) {
        log.warn(`announcing ${news.kind} of ${news.stack}: the settings cannot be read`, e);
        return;
      }
      if (!webhook) return;
      // The URL carries the webhook's token: the log names only its host.
      const where = `the ${webhook.kind} webhook at ${new URL(webhook.url).host}`;
      const p = deliver(webhook, news, language).then(
        (a) => {
          if (a.delivered) log.info(`told ${where}: ${news.stack} ${news.kind}`);
          else log.warn(`${where} refused the news of ${news.stack} (${news.kind}): HTTP ${a.status} ${a.response}`);
        },
        (e) => log.warn(`telling ${where} that ${news.stack} ${news.kind}`, e),
      );
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
