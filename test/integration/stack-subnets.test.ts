// Stacks without a subnet of their own get a free /24 of the pool: two at once never share one,
// and a stack brought up again lands on the same subnet and IPs.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('net');
const tmp = tempDir();
// A small pool of our own keeps the test away from the default pool other stacks may use.
const pool = '10.232.0.0/21';
const file = tmp.write(
  'stack.yml',
  `
name: ${prefix}
services:
  cache:
    image: ${IMAGES.redis}
    x-ip: 12
  app:
    image: ${IMAGES.app}
`,
);

async function up(branch: string): Promise<StackStatus> {
  const r = await cli(['up', file, '--branch', branch, '--pool', pool, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

describe('subnets from the pool', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('two stacks brought up at once get disjoint subnets', async () => {
    const [a, b] = await Promise.all([up('feature/a'), up('feature/b')]);
    assert.notEqual(a.subnet, b.subnet);
    for (const s of [a, b]) {
      assert.match(s.subnet!, /^10\.232\.[0-7]\.0\/24$/);
      const base = s.subnet!.replace(/0\/24$/, '');
      assert.equal(s.services.find((x) => x.name === 'cache')!.ip, `${base}12`);
      // A service without x-ip gets the first automatic host number.
      assert.equal(s.services.find((x) => x.name === 'app')!.ip, `${base}100`);
    }
  });

  it('a stack taken down and brought up again gets the same subnet and IPs', async () => {
    const first = await up('feature/c');
    const down = await cli(['down', first.name]);
    assert.equal(down.code, 0, down.stderr);
    const again = await up('feature/c');
    assert.equal(again.subnet, first.subnet);
    assert.deepEqual(
      again.services.map((s) => s.ip),
      first.services.map((s) => s.ip),
    );
  });

  it('branches whose slugs collide get stacks of their own', async () => {
    const a = await up('feature/x');
    const b = await up('feature-x');
    assert.equal(a.name, `${prefix}-feature-x`);
    assert.match(b.name, new RegExp(`^${prefix}-feature-x-[0-9a-f]{6}$`));
    assert.equal(b.branch, 'feature-x');
    // Up of the first branch again still addresses its own stack.
    assert.equal((await up('feature/x')).name, a.name);
  });

  it('down of every stack leaves nothing labelled', async () => {
    const r = await cli(['ls', '--json']);
    const mine = (JSON.parse(r.stdout) as StackStatus[]).filter((s) => s.name.startsWith(prefix));
    assert.equal(mine.length, 5);
    for (const s of mine) assert.equal((await cli(['down', s.name, '--volumes'])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
