import { resolve } from 'node:path';
import type { S2iBuildOverrides } from '../../../shared/api/stacks.ts';
import { type Command, jsonOption } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printResult } from '../output.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** s2i's flags, over each built service's x-s2i; paths are taken relative to the current folder. */
function s2iFlags(v: Record<string, unknown>): S2iBuildOverrides | undefined {
  const o: S2iBuildOverrides = {
    exclude: str(v.exclude),
    envFile: str(v['environment-file']) !== undefined ? resolve(str(v['environment-file'])!) : undefined,
    inject: (v.inject as string[] | undefined)?.map((i) => {
      const colon = i.lastIndexOf(':');
      return colon > 0 ? `${resolve(i.slice(0, colon))}${i.slice(colon)}` : i;
    }),
    assembleUser: str(v['assemble-user']),
    allowedUids: str(v['allowed-uids']),
    incrementalPullPolicy: str(v['incremental-pull-policy']) as S2iBuildOverrides['incrementalPullPolicy'],
    ignoreSubmodules: v['ignore-submodules'] ? true : undefined,
    incremental: v.incremental ? true : undefined,
    copy: v.copy ? true : undefined,
    runtimeImage: str(v['runtime-image']),
    runtimeArtifacts: v['runtime-artifact'] as string[] | undefined,
  };
  const set = Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as S2iBuildOverrides;
  return Object.keys(set).length ? set : undefined;
}

export const build: Command = {
  name: 'build',
  usage: 'build FILE [SERVICE...] [--branch B] [--name N] [s2i options] [--usage] [--json]',
  summary: 'build the images of a stack file without starting anything',
  help: [
    'Builds every service with x-s2i or build: (or only the SERVICEs named) from --branch. An image',
    'whose inputs did not change (same commit, builder image and settings) is reused, not rebuilt.',
    'Build logs are kept under the data folder (BRANCHYARD_DATA_DIR) until teardown.',
    "s2i's options, over the file's x-s2i: --exclude REGEX, --environment-file FILE, --inject SRC:DEST (repeatable),",
    '--assemble-user USER, --allowed-uids RANGES, --incremental, --incremental-pull-policy POLICY,',
    '--ignore-submodules, --copy (the working tree of a local repository as it is, uncommitted files too).',
    '--runtime-image IMAGE with --runtime-artifact SRC[:DEST] (repeatable): the two-image build.',
    '--usage prints the usage script of the builder of each SERVICE, building nothing.',
  ],
  options: {
    branch: { type: 'string' },
    name: { type: 'string' },
    exclude: { type: 'string' },
    'environment-file': { type: 'string' },
    inject: { type: 'string', multiple: true },
    'assemble-user': { type: 'string' },
    'allowed-uids': { type: 'string' },
    incremental: { type: 'boolean' },
    'incremental-pull-policy': { type: 'string' },
    'ignore-submodules': { type: 'boolean' },
    copy: { type: 'boolean' },
    'runtime-image': { type: 'string' },
    'runtime-artifact': { type: 'string', multiple: true },
    usage: { type: 'boolean' },
    ...jsonOption,
  },
  positionals: [1, 100],
  async run(v, [file, ...services], signal) {
    const params = { file, services, branch: v.branch as string | undefined, name: v.name as string | undefined, s2i: s2iFlags(v) };
    if (v.usage) {
      const usage = await localApi().s2iUsage(params, callOptions(signal));
      if (v.json) printJson(usage);
      else printResult(usage.map((u) => (usage.length > 1 ? `== ${u.service} (${u.builder})\n${u.usage}` : u.usage)).join('\n'));
      return EXIT.ok;
    }
    const out = await localApi().build(params, callOptions(signal));
    if (v.json) printJson(out);
    else {
      printResult(
        out.length === 0
          ? 'nothing to build'
          : out.map((r) => `${r.image} ${r.reused ? 'reused' : 'built'}${r.commit ? ` from ${r.commit.id.slice(0, 12)}` : ''}`).join('\n'),
      );
    }
    return EXIT.ok;
  },
};
