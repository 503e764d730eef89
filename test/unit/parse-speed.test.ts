// A file of 2,000 services with the keys real files use parses whole, every service with its
// dependency. How fast is a benchmark (`npm run bench validate`, target under 3 s), not a timed test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigStackFile } from '../../bench/bigStackFile.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';

test('a file of 2,000 services validates whole', () => {
  const { template } = parseStackFile(bigStackFile(2000), { file: 'big.yml', vars: {} });
  assert.equal(template.services.length, 2000);
  assert.deepEqual(template.services[1999].dependsOn, { svc1998: 'service_started' });
});
