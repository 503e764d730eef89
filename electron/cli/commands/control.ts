// start, stop, restart and recreate: control a stack, or some of its services, without its file
// (recreate reads the file the stack was brought up from). The same requests as the app's buttons.

import type { ControlResult } from '../../../shared/api/control.ts';
import { type Command, DEFAULT_TIMEOUT_S, jsonOption, timeoutSeconds } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printResult } from '../output.ts';
import { formatServices } from './ps.ts';

function report(v: Record<string, string | boolean | undefined>, r: ControlResult): number {
  if (v.json) printJson(r);
  else {
    const lines = r.services.map((s) => `${s.name}: ${s.action}${s.ip ? ` on ${s.ip}` : ''}`);
    printResult([...lines, ...(r.status ? [formatServices(r.status)] : [])].join('\n'));
  }
  return EXIT.ok;
}

const waitOptions = { wait: { type: 'boolean' }, timeout: { type: 'string' }, ...jsonOption } as const;
const waitHelp = [
  '  --wait       also wait until every started service is healthy (or running, without a healthcheck)',
  `  --timeout S  deadline for every wait (default ${DEFAULT_TIMEOUT_S})`,
];

export const start: Command = {
  name: 'start',
  usage: 'start STACK [SERVICE...] [--wait] [--timeout S] [--json]',
  summary: 'start a stopped stack (or services) again, on the same IPs',
  help: [
    'Starts the stack\'s containers in dependency order, each once what it depends on is healthy,',
    'running or completed, as up does; a SERVICE named also starts the stopped services it depends on.',
    'Works from the engine\'s labels alone: after an engine restart, and if a network of the stack is',
    'gone it is made again on the same subnet. Services that have no container are left to up.',
    ...waitHelp,
  ],
  options: waitOptions,
  positionals: [1, 100],
  async run(v, [stack, ...services], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    return report(v, await localApi().start({ stack, services, wait: Boolean(v.wait), timeoutS }, callOptions(signal)));
  },
};

export const stop: Command = {
  name: 'stop',
  usage: 'stop STACK [SERVICE...] [--json]',
  summary: 'stop a stack (or services), dependants first; nothing is removed',
  help: ['Each container gets its stop signal and grace period (stop_signal, stop_grace_period).', '`branchyard start` brings it back on the same IPs.'],
  options: { ...jsonOption },
  positionals: [1, 100],
  async run(v, [stack, ...services], signal) {
    return report(v, await localApi().stop({ stack, services }, callOptions(signal)));
  },
};

export const restart: Command = {
  name: 'restart',
  usage: 'restart STACK [SERVICE...] [--wait] [--timeout S] [--json]',
  summary: 'stop, then start a stack (or services), on the same IPs',
  help: ['Stops as `stop` does, then starts as `start` does.', ...waitHelp],
  options: waitOptions,
  positionals: [1, 100],
  async run(v, [stack, ...services], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    return report(v, await localApi().restart({ stack, services, wait: Boolean(v.wait), timeoutS }, callOptions(signal)));
  },
};

export const recreate: Command = {
  name: 'recreate',
  usage: 'recreate STACK SERVICE... [--wait] [--timeout S] [--json]',
  summary: "remove services' containers and create them again, on the same IPs",
  help: [
    'Creates them from the stack file the stack was last brought up from, with the images there',
    'are (nothing is built: redeploy builds). Named volumes are kept; anonymous ones are not.',
    ...waitHelp,
  ],
  options: waitOptions,
  positionals: [2, 100],
  async run(v, [stack, ...services], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    return report(v, await localApi().recreate({ stack, services, wait: Boolean(v.wait), timeoutS }, callOptions(signal)));
  },
};
