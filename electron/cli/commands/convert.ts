// `branchyard convert FILE`: the stack as Branchyard reads it, printed as a compose document with
// every default filled in and every variable interpolated, like `docker compose config`.

import { stringify } from 'yaml';
import { toComposeConfig } from '../../../shared/stack/composeConfig.ts';
import { type Command, jsonOption, profileOption, profilesFlag } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printMessage, printResult } from '../output.ts';

export const convert: Command = {
  name: 'convert',
  usage: 'convert FILE [--branch B] [--name N] [--profile P]... [--json]',
  summary: 'print the stack file normalised, as compose config does',
  help: [
    'Reads FILE as `up` would (interpolated, includes and extends resolved, profiles applied) and',
    'prints the stack Branchyard runs: container names, addresses (x-ip, and ipv4_address when the',
    'subnet is known), mounts, volumes and every default, as YAML, or JSON with --json. Touches no engine.',
  ],
  options: { branch: { type: 'string' }, name: { type: 'string' }, ...profileOption, ...jsonOption },
  positionals: [1, 1],
  async run(v, [file]) {
    const r = await localApi().convert({ file, branch: v.branch as string | undefined, name: v.name as string | undefined, profiles: profilesFlag(v) });
    for (const w of r.warnings) printMessage(`warning: ${w}`);
    const doc = toComposeConfig(r.template, r.stack);
    if (v.json) printJson(doc);
    else printResult(stringify(doc, { lineWidth: 0 }));
    return EXIT.ok;
  },
};
