import { connectEngine } from '../../engine/docker/connect.ts';
import { loadStackFile } from '../../engine/stackfile/loadStackFile.ts';
import { checkFileFirst } from './checkFileFirst.ts';
import { inspectStack } from '../../engine/stacks/inspectStacks.ts';
import { resolveStackName } from '../../engine/stacks/resolveStackName.ts';
import { DEFAULT_TIMEOUT_S, up as upStack } from '../../engine/stacks/up.ts';
import { type Command, jsonOption, timeoutSeconds } from '../command.ts';
import { EXIT, printJson, printResult, stderrProgress } from '../output.ts';
import { formatServices } from './ps.ts';
import { stackVars } from './stackVars.ts';

export const up: Command = {
  name: 'up',
  usage: 'up FILE [--branch B] [--name N] [--wait] [--timeout S] [--pool CIDR] [--json]',
  summary: 'create or update a stack from a stack file',
  help: [
    'Creates stack <template>-<branch slug> (or --name) on its own network with fixed IPs, or brings',
    'an existing one up to date: unchanged services are left alone, changed ones recreated on the',
    'same IP. --wait also waits until every service is healthy (or running, without a healthcheck).',
    `--timeout S bounds every wait (default ${DEFAULT_TIMEOUT_S}). --pool sets the subnet pool (default 10.210.0.0/16,`,
    'or BRANCHYARD_POOL).',
  ],
  options: {
    branch: { type: 'string' },
    name: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    pool: { type: 'string' },
    ...jsonOption,
  },
  positionals: [1, 1],
  async run(v, [file], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    const flags = { branch: v.branch as string | undefined, name: v.name as string | undefined };
    const { text, name } = checkFileFirst(file, flags);
    const engine = await connectEngine();
    const id = await resolveStackName(engine.docker, name, flags);
    const loaded = loadStackFile(file, text, { vars: stackVars(id) });
    for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
    const result = await upStack(engine, loaded.template, {
      stack: id.stack,
      branch: id.branch,
      file: loaded.path,
      dir: loaded.dir,
      pool: (v.pool as string | undefined) ?? process.env.BRANCHYARD_POOL,
      wait: Boolean(v.wait),
      timeoutS,
      progress: stderrProgress,
      signal,
    });
    const status = await inspectStack(engine.docker, id.stack);
    if (v.json) printJson({ ...status, actions: result.services });
    else printResult(`stack ${result.stack} on ${result.subnet}\n${status ? formatServices(status) : ''}`);
    return EXIT.ok;
  },
};
