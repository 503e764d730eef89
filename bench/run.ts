// `npm run bench [NAME]`: every benchmark prints ratios against a baseline measured in the same run
// on the same engine, so the numbers mean something on any machine. Needs a running engine and the
// test images (bash test/images/build.sh); the comparisons with compose need docker-compose.
// Leaves nothing behind. NAME runs one: stacks, builds, live, compose, validate.

import { buildBench } from './buildBench.ts';
import { composeBench } from './composeBench.ts';
import { liveBench } from './liveBench.ts';
import { stackBench } from './stackBench.ts';
import { validateBench } from './validateBench.ts';

const BENCHES: Record<string, () => Promise<void>> = { stacks: stackBench, builds: buildBench, live: liveBench, compose: composeBench, validate: validateBench };

const only = process.argv[2];
if (only && !BENCHES[only]) {
  console.error(`unknown benchmark '${only}': one of ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const [name, bench] of Object.entries(BENCHES)) if (!only || only === name) await bench();
