// `npm run bench`: every benchmark prints ratios against a baseline measured in the same run on
// the same engine, so the numbers mean something on any machine. Needs a running engine and the
// test images (bash test/images/build.sh). Leaves nothing behind.

import { buildBench } from './buildBench.ts';
import { stackBench } from './stackBench.ts';

await stackBench();
await buildBench();
