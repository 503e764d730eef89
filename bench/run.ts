// `npm run bench`: every benchmark prints ratios against a baseline measured in the same run on
// the same engine, so the numbers mean something on any machine. Needs a running engine and the
// test images (bash test/images/build.sh); the teardown comparison needs docker-compose. Leaves
// nothing behind.

import { buildBench } from './buildBench.ts';
import { liveBench } from './liveBench.ts';
import { stackBench } from './stackBench.ts';

const only = process.argv[2];
if (!only || only === 'stacks') await stackBench();
if (!only || only === 'builds') await buildBench();
if (!only || only === 'live') await liveBench();
