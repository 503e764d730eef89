// The plan as the dialog shows it: the same operations in the same order as planRows (what
// `up --dry-run` prints), with operations and their objects in the UI's language and the engine's
// reasons kept as they are; launch phases in both languages.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UpPlan } from '../../shared/api/plan.ts';
import { phaseText, progressFromPlan } from '../../renderer/src/environments/launchProgress.ts';
import { planShape, shownPlanRows } from '../../renderer/src/environments/planText.ts';
import { translator } from '../../renderer/src/i18n/translate.ts';

const plan: UpPlan = {
  stack: 'shop-main',
  template: 'shop',
  branch: 'main',
  networks: [
    { network: 'default', name: 'shop-main_default', subnet: '10.210.3.0/24', action: 'create' },
    { network: 'back', name: 'shop-main_back', subnet: '10.210.9.0/24', action: 'create', internal: true },
    { network: 'proxy', name: 'traefik', action: 'external' },
  ],
  volumes: [{ volume: 'db', name: 'shop-main_db', action: 'create' }, { volume: 'old', name: 'shop-main_old', action: 'keep' }],
  builds: [{ service: 'app', image: 'qa/shop:main', via: 's2i', action: 'build', reasons: ['no image yet'] }],
  pulls: [{ image: 'redis:7', services: ['redis'] }, { image: 'mysql:8', services: ['db'], always: true }],
  services: [
    { service: 'redis', action: 'create', reasons: ['no container yet'], ip: '10.210.3.12' },
    { service: 'db', action: 'keep', reasons: ['running, unchanged'], ip: '10.210.3.11' },
    { service: 'app', action: 'recreate', reasons: ['environment DB_HOST changed'], ip: '10.210.3.20' },
    { service: 'edge', action: 'create', reasons: ['no container yet'], ip: '10.210.3.30', addresses: [{ network: 'default', ip: '10.210.3.30' }, { network: 'proxy', ip: '' }] },
  ],
  orphans: [{ service: 'gone', containerId: 'c1', action: 'remove', reasons: ['not in the file any more'] }],
  untouched: ['worker'],
};

test('the shown rows are planRows, operation by operation, in both languages', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    const rows = shownPlanRows(translator(lang, 'environments'), plan);
    assert.deepEqual(rows.map((r) => `${r.kind}:${r.op}`), planShape(plan), lang);
  }
});

test('English rows read as before; Chinese rows translate the operation and keep names and engine reasons', () => {
  const en = shownPlanRows(translator('en', 'environments'), plan);
  assert.deepEqual(en.find((r) => r.kind === 'service' && r.op === 'recreate'), {
    kind: 'service',
    op: 'recreate',
    opText: 'recreate',
    what: 'service app on 10.210.3.20',
    why: ['environment DB_HOST changed'],
  });
  assert.deepEqual(en.find((r) => r.what === 'image mysql:8')?.why, ['pull_policy always; used by db']);
  const zh = shownPlanRows(translator('zh-CN', 'environments'), plan);
  const recreate = zh.find((r) => r.kind === 'service' && r.op === 'recreate')!;
  assert.equal(recreate.opText, '重建');
  assert.equal(recreate.what, '服务 app，IP 10.210.3.20');
  assert.deepEqual(recreate.why, ['environment DB_HOST changed'], 'the engine reason stays its English detail');
  assert.deepEqual(zh.map((r) => r.opText), ['创建', '创建', '加入', '创建', '构建', '拉取', '拉取', '删除', '创建', '保留', '重建', '创建', '不变']);
  // Several networks: each one's row, and a service's address on each.
  assert.deepEqual(en.filter((r) => r.kind === 'network').map((r) => [r.op, r.what, r.why]), [
    ['create', 'network shop-main_default 10.210.3.0/24', []],
    ['create', 'network shop-main_back 10.210.9.0/24', ['internal: no way out of it']],
    ['join', 'network traefik', ['external network proxy of the file']],
  ]);
  assert.equal(en.find((r) => r.what.startsWith('service edge'))!.what, 'service edge on 10.210.3.30 (default), an address the engine picks (proxy)');
  assert.equal(zh.find((r) => r.what.startsWith('服务 edge'))!.what, '服务 edge，IP 10.210.3.30（default）、由引擎分配的地址（proxy）');
});

test('launch rows and phases in Chinese', () => {
  const t = translator('zh-CN', 'environments');
  const p = progressFromPlan(plan, t);
  assert.deepEqual(p.rows.map((r) => [r.service, phaseText(r, t)]), [
    ['redis', '待创建'],
    ['db', '保留'],
    ['app', '待重建'],
    ['edge', '待创建'],
  ]);
  assert.equal(p.rows[2].message, '将构建 qa/shop:main（no image yet）');
  const waiting = { ...p.rows[2], phase: 'waiting' as const, waitingFor: [{ service: 'db', condition: 'healthy' }] };
  assert.equal(phaseText(waiting, t), '等待 db（健康）');
  assert.equal(phaseText({ ...p.rows[2], phase: 'failed', failure: { reason: 'x', exitCode: 3, lastLines: [] } }, t), '失败（退出码 3）');
});
