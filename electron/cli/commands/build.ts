import { type Command, jsonOption } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printResult } from '../output.ts';

export const build: Command = {
  name: 'build',
  usage: 'build FILE [SERVICE...] [--branch B] [--name N] [--json]',
  summary: 'build the images of a stack file without starting anything',
  help: [
    'Builds every service with x-s2i or build: (or only the SERVICEs named) from --branch. An image',
    'whose inputs did not change (same commit, builder image and settings) is reused, not rebuilt.',
    'Build logs are kept under the data folder (BRANCHYARD_DATA_DIR) until teardown.',
  ],
  options: { branch: { type: 'string' }, name: { type: 'string' }, ...jsonOption },
  positionals: [1, 100],
  async run(v, [file, ...services], signal) {
    const out = await localApi().build(
      { file, services, branch: v.branch as string | undefined, name: v.name as string | undefined },
      callOptions(signal),
    );
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
