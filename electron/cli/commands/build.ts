import { BranchyardError } from '../../../shared/errors/errors.ts';
import { buildStack, isBuilt } from '../../engine/build/buildStack.ts';
import { connectEngine } from '../../engine/docker/connect.ts';
import { loadStackFile } from '../../engine/stackfile/loadStackFile.ts';
import { resolveStackName } from '../../engine/stacks/resolveStackName.ts';
import { type Command, jsonOption } from '../command.ts';
import { EXIT, printJson, printResult, stderrProgress } from '../output.ts';
import { checkFileFirst } from './checkFileFirst.ts';
import { stackVars } from './stackVars.ts';

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
    const flags = { branch: v.branch as string | undefined, name: v.name as string | undefined };
    const { text, name } = checkFileFirst(file, flags);
    const engine = await connectEngine();
    const id = await resolveStackName(engine.docker, name, flags);
    const loaded = loadStackFile(file, text, { vars: stackVars(id) });
    const unknown = services.filter((s) => !loaded.template.services.some((x) => x.name === s));
    const notBuilt = services.filter((s) => loaded.template.services.some((x) => x.name === s && !isBuilt(x)));
    if (unknown.length || notBuilt.length) {
      throw BranchyardError.invalid([
        ...unknown.map((s) => ({ field: 'SERVICE', message: `no service '${s}' in ${file}` })),
        ...notBuilt.map((s) => ({ field: 'SERVICE', message: `service '${s}' is not built (no x-s2i or build)` })),
      ]);
    }
    const results = await buildStack(engine.docker, loaded.template, {
      stack: id.stack,
      branch: id.branch,
      dir: loaded.dir,
      services: services.length ? services : undefined,
      progress: stderrProgress,
      signal,
    });
    const out = [...results.values()];
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
