// Speed of the stack engine, as ratios against baselines measured in the same run
// on the same engine, so the numbers mean something on any machine. Needs a running engine and
// the test images (bash test/images/build.sh). Leaves nothing behind.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connectEngine } from '../electron/engine/docker/connect.ts';
import { loadStackFile, readStackFileText } from '../electron/engine/stackfile/loadStackFile.ts';
import { down } from '../electron/engine/stacks/down.ts';
import { inspectStack } from '../electron/engine/stacks/inspectStacks.ts';
import { up } from '../electron/engine/stacks/up.ts';
import { IMAGES, cli, removeAll, tempDir } from '../test/integration/harness.ts';
import { type Row, median, print } from './timing.ts';

const run = promisify(execFile);
const prefix = `bybench${process.pid.toString(36)}`;

export async function stackBench(): Promise<void> {
  const tmp = tempDir();
  const stack = `${prefix}-main`;
  const file = tmp.write(
    'stack.yml',
    `name: ${prefix}
x-branchyard: { subnet: 10.235.9.0/24 }
services:
  redis: { x-preset: redis, image: ${IMAGES.redis}, x-ip: 12 }
  mysql: { x-preset: mysql, image: ${IMAGES.mariadb}, x-ip: 10 }
  app:
    image: ${IMAGES.app}
    depends_on: { redis: { condition: service_healthy }, mysql: { condition: service_healthy } }
    x-ip: 20
`,
  );
  try {
    const first = await cli(['up', file, '--name', stack, '--wait']);
    if (first.code !== 0) throw new Error(first.stderr);
    const engine = await connectEngine();
    const { text } = readStackFileText(file);
    const loaded = loadStackFile(file, text, { vars: { STACK: stack } });
    const rows: Row[] = [];

    const dockerPs = await median(() => run('docker', ['ps', '--filter', `label=io.branchyard.stack=${stack}`]));
    rows.push({ name: 'branchyard up, unchanged stack (process)', ms: await median(() => cli(['up', file, '--name', stack])), baseline: 'docker ps of the stack (process)', baselineMs: dockerPs });
    rows.push({ name: 'branchyard ps (process)', ms: await median(() => cli(['ps', stack])), baseline: 'docker ps of the stack (process)', baselineMs: dockerPs });
    const inspect = await median(() => inspectStack(engine.docker, stack));
    const upInProcess = await median(() =>
      up(engine, loaded.template, { stack, file: loaded.path, dir: loaded.dir }).then((r) => {
        if (r.services.some((s) => s.action !== 'unchanged')) throw new Error('bench stack changed');
      }),
    );
    rows.push({ name: 'up(), unchanged stack (in process)', ms: upInProcess, baseline: 'inspectStack() (in process)', baselineMs: inspect });
    print('stacks', rows);
    console.log(`\ntarget: an unchanged up finishes in under 1000 ms (process: ${rows[0].ms.toFixed(0)} ms)`);
    await down(engine.docker, stack, { volumes: true });
  } finally {
    await removeAll(prefix);
    tmp.remove();
  }
}

