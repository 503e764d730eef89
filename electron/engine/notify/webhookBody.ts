// What a webhook message says, and the JSON body each chat tool wants for it. Pure, so every
// body shape is unit-tested; the integration test posts them to a loopback server.
//
//   Lark / Feishu  {"msg_type":"text","content":{"text":"..."}}
//   DingTalk       {"msgtype":"text","text":{"content":"..."}}
//   WeCom          {"msgtype":"text","text":{"content":"..."}}
//   Slack          {"text":"...","blocks":[...]}   (mrkdwn, & < > escaped)
//
// Bots set up with a keyword filter (DingTalk, Lark) pass when the keyword is "Branchyard": every
// message starts with it. Bots that require a signature (DingTalk 加签, Lark 签名校验) are not supported.

import type { NotificationKind, WebhookKind } from '../../../shared/api/settings.ts';

/** Something worth telling: a stack became ready, failed, or was torn down. */
export interface StackNews {
  kind: NotificationKind;
  stack: string;
  branch?: string;
  /** The stack's state in one word: running, starting, failed, removed, ... */
  status: string;
  /** Why it failed (the engine's words, in English). */
  reason?: string;
  /** A teardown's archive. */
  capture?: string;
  /** The named volumes a teardown kept. */
  keptVolumes?: string[];
}

export type MessageLanguage = 'en' | 'zh-CN';

const STATUS_ZH: Record<string, string> = {
  running: '运行中',
  starting: '启动中',
  degraded: '部分异常',
  stopped: '已停止',
  incomplete: '未完成',
  failed: '失败',
  removed: '已销毁',
};

export interface WebhookMessage {
  /** The first line: what happened. */
  title: string;
  /** Labelled facts, in order: stack, branch, status. */
  fields: { label: string; value: string }[];
  detail?: string;
}

export function webhookMessage(n: StackNews, language: MessageLanguage): WebhookMessage {
  const zh = language === 'zh-CN';
  const titles: Record<NotificationKind, string> = zh
    ? {
        ready: n.status === 'running' ? `Branchyard：环境 ${n.stack} 已就绪` : `Branchyard：环境 ${n.stack} 已启动`,
        failed: `Branchyard：环境 ${n.stack} 启动失败`,
        tornDown: `Branchyard：环境 ${n.stack} 已销毁`,
      }
    : {
        ready: n.status === 'running' ? `Branchyard: ${n.stack} is ready` : `Branchyard: ${n.stack} is up`,
        failed: `Branchyard: ${n.stack} failed`,
        tornDown: `Branchyard: ${n.stack} was torn down`,
      };
  const fields = [
    { label: zh ? '环境' : 'stack', value: n.stack },
    ...(n.branch ? [{ label: zh ? '分支' : 'branch', value: n.branch }] : []),
    { label: zh ? '状态' : 'status', value: zh ? (STATUS_ZH[n.status] ?? n.status) : n.status },
  ];
  const details = [
    ...(n.reason ? [zh ? `原因：${n.reason}` : n.reason] : []),
    ...(n.capture ? [zh ? `日志已归档：${n.capture}` : `logs captured in ${n.capture}`] : []),
    ...(n.keptVolumes?.length ? [zh ? `保留的数据卷：${n.keptVolumes.join(', ')}` : `kept volumes: ${n.keptVolumes.join(', ')}`] : []),
  ];
  return { title: titles[n.kind], fields, ...(details.length ? { detail: details.join('\n') } : {}) };
}

/** The message as plain text: the title, the facts on one line, the detail. */
export function messageText(m: WebhookMessage, language: MessageLanguage): string {
  const sep = language === 'zh-CN' ? '：' : ': ';
  const facts = m.fields.map((f) => `${f.label}${sep}${f.value}`).join(language === 'zh-CN' ? '，' : ', ');
  return [m.title, facts, ...(m.detail ? [m.detail] : [])].join('\n');
}

/** Slack's mrkdwn treats these three as control characters. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webhookBody(kind: WebhookKind, n: StackNews, language: MessageLanguage): Record<string, unknown> {
  const m = webhookMessage(n, language);
  const text = messageText(m, language);
  switch (kind) {
    case 'lark':
      return { msg_type: 'text', content: { text } };
    case 'dingtalk':
    case 'wecom':
      return { msgtype: 'text', text: { content: text } };
    case 'slack':
      return {
        // The notification's text (and what clients without blocks show).
        text: slackEscape(text),
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(m.title)}*` } },
          { type: 'section', fields: m.fields.map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}` })) },
          ...(m.detail ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(m.detail) }] }] : []),
        ],
      };
  }
}

/**
 * Whether the tool took the message: a 2xx answer that reports no error. Lark answers
 * {"code":0} (older bots {"StatusCode":0}), DingTalk and WeCom {"errcode":0}, Slack `ok`.
 */
export function webhookAccepted(status: number, response: string): boolean {
  if (status < 200 || status >= 300) return false;
  let json: unknown;
  try {
    json = JSON.parse(response);
  } catch {
    return true;
  }
  if (typeof json !== 'object' || json === null) return true;
  const o = json as Record<string, unknown>;
  return [o.code, o.errcode, o.StatusCode].every((c) => c === undefined || c === 0);
}
