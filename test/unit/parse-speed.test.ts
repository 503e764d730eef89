// Validation stays fast on a big file: 2,000 services with the keys real files use parse in
// under 3 s. Measured as CPU time of this process, so other work on the machine does not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStackFile } from '../../shared/stack/parse.ts';

function bigFile(n: number): string {
  const out = ['name: big', 'x-branchyard: { subnet: 10.40.0.0/20 }', 'volumes: { data: {} }', 'services:'];
  for (let i = 0; i < n; i++) {
    out.push(
      `  svc${i}:`,
      `    image: registry.example.com/app${i % 7}:1.${i}`,
      `    environment: { INDEX: "${i}", HOME_DIR: "\${HOME:-/root}" }`,
      `    ports: ["${10000 + i}:80"]`,
      `    volumes: ["./d${i}:/data", "data:/shared:ro"]`,
      i ? `    depends_on: { svc${i - 1}: { condition: service_started } }` : '    depends_on: []',
      '    deploy: { resources: { limits: { memory: 64m } } }',
    );
  }
  return out.join('\n') + '\n';
}

test('a file of 2,000 services validates in under 3 s', () => {
  const text = bigFile(2000);
  const before = process.cpuUsage();
  const { template } = parseStackFile(text, { file: 'big.yml', vars: {} });
  const used = process.cpuUsage(before);
  const ms = (used.user + used.system) / 1000;
  console.log(`2,000 services (${(text.length / 1024).toFixed(0)} KiB): ${ms.toFixed(0)} ms of CPU`);
  assert.equal(template.services.length, 2000);
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms of CPU`);
});
