// The webhook messages: the JSON body each chat tool wants, in English or Chinese, with the
// stack, branch and status; and how each tool's answer says whether it took the message.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageLanguage } from '../../electron/engine/notify/announce.ts';
import { webhookAccepted, webhookBody } from '../../electron/engine/notify/webhookBody.ts';

const ready = { kind: 'ready' as const, stack: 'shop-feature-login', branch: 'feature/login', status: 'running' };
const down = { kind: 'tornDown' as const, stack: 'shop-main', branch: 'main', status: 'removed', capture: '/c/shop-main/x.tar.gz', keptVolumes: ['shop-main_db-data'] };

test('Lark, DingTalk and WeCom take text; every message starts with Branchyard (keyword filters)', () => {
  const text = 'Branchyard: shop-feature-login is ready\nstack: shop-feature-login, branch: feature/login, status: running';
  assert.deepEqual(webhookBody('lark', ready, 'en'), { msg_type: 'text', content: { text } });
  assert.deepEqual(webhookBody('dingtalk', ready, 'en'), { msgtype: 'text', text: { content: text } });
  assert.deepEqual(webhookBody('wecom', ready, 'en'), { msgtype: 'text', text: { content: text } });
});

test('in Chinese', () => {
  assert.deepEqual(webhookBody('dingtalk', down, 'zh-CN'), {
    msgtype: 'text',
    text: { content: 'Branchyard：环境 shop-main 已销毁\n环境：shop-main，分支：main，状态：已销毁\n日志已归档：/c/shop-main/x.tar.gz\n保留的数据卷：shop-main_db-data' },
  });
  const failed = webhookBody('lark', { kind: 'failed', stack: 's', status: 'failed', reason: 'db exited with code 3' }, 'zh-CN') as { content: { text: string } };
  assert.equal(failed.content.text, 'Branchyard：环境 s 启动失败\n环境：s，状态：失败\n原因：db exited with code 3');
});

test('Slack: text and blocks with the stack, branch and status as fields; & < > escaped', () => {
  const body = webhookBody('slack', { ...ready, branch: 'fix/<a&b>' }, 'en') as { text: string; blocks: { type: string; fields?: { text: string }[] }[] };
  assert.match(body.text, /^Branchyard: shop-feature-login is ready\n/);
  assert.ok(body.text.includes('fix/&lt;a&amp;b&gt;'));
  assert.deepEqual(body.blocks[1].fields!.map((f) => f.text), ['*stack*\nshop-feature-login', '*branch*\nfix/&lt;a&amp;b&gt;', '*status*\nrunning']);
  const gone = webhookBody('slack', down, 'en') as { blocks: { type: string }[] };
  assert.equal(gone.blocks[2].type, 'context');
});

test('an up that returned before every healthcheck passed is up, not ready', () => {
  const body = webhookBody('wecom', { ...ready, status: 'starting' }, 'en') as { text: { content: string } };
  assert.match(body.text.content, /^Branchyard: shop-feature-login is up\n/);
});

test('whether the tool took it', () => {
  assert.equal(webhookAccepted(200, '{"code":0,"msg":"success"}'), true);
  assert.equal(webhookAccepted(200, '{"code":19021,"msg":"sign match fail"}'), false);
  assert.equal(webhookAccepted(200, '{"errcode":0,"errmsg":"ok"}'), true);
  assert.equal(webhookAccepted(200, '{"errcode":310000,"errmsg":"keywords not in content"}'), false);
  assert.equal(webhookAccepted(200, '{"StatusCode":0}'), true);
  assert.equal(webhookAccepted(200, 'ok'), true);
  assert.equal(webhookAccepted(404, 'no_service'), false);
});

test('the message language: the setting, else the engine locale', () => {
  assert.equal(messageLanguage('en', { LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(messageLanguage('system', { LANG: 'zh_CN.UTF-8' }), 'zh-CN');
  assert.equal(messageLanguage('system', { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
});
