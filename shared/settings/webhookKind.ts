// Which chat tool an incoming-webhook URL belongs to, from its host: each tool wants its own JSON
// body (engine/notify/webhookBody.ts). A host none of them uses (a proxy, a test server) needs
// the kind said outright.

import type { WebhookKind } from '../api/settings.ts';

/** Hosts (and the domains under them) each tool serves its webhooks from. */
const HOSTS: ReadonlyArray<{ kind: WebhookKind; domains: string[] }> = [
  // Feishu in China, Lark elsewhere: open.feishu.cn, open.larksuite.com (open.larkoffice.com).
  { kind: 'lark', domains: ['feishu.cn', 'larksuite.com', 'larkoffice.com'] },
  { kind: 'dingtalk', domains: ['dingtalk.com'] },
  { kind: 'wecom', domains: ['qyapi.weixin.qq.com'] },
  { kind: 'slack', domains: ['hooks.slack.com'] },
];

/** The tool a URL's host belongs to, or undefined for a host none of them uses. */
export function webhookKindOfHost(host: string): WebhookKind | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  return HOSTS.find((x) => x.domains.some((d) => h === d || h.endsWith(`.${d}`)))?.kind;
}

/** For messages: what each kind is called. */
export const WEBHOOK_NAMES: Readonly<Record<WebhookKind, string>> = {
  lark: 'Lark (Feishu)',
  dingtalk: 'DingTalk',
  wecom: 'WeCom',
  slack: 'Slack',
};
