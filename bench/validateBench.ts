// Validation of a 2,000-service file (target: under 3 s), against the yaml library's own parse
// of the same text, the floor any validator built on it has. Medians of 5 alternating runs.

import { parse } from 'yaml';
import { parseStackFile } from '../shared/stack/parse.ts';
import { bigStackFile } from './bigStackFile.ts';

function cpuMs(f: () => void): number {
  const before = process.cpuUsage();
  f();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function validateBench(): Promise<void> {
  const text = bigStackFile(2000);
  const ours: number[] = [];
  const yaml: number[] = [];
  for (let i = 0; i < 5; i++) {
    ours.push(cpuMs(() => parseStackFile(text, { file: 'big.yml', vars: {} })));
    yaml.push(cpuMs(() => parse(text)));
  }
  const o = median(ours);
  const y = median(yaml);
  console.log(`validate 2,000 services: ${o.toFixed(0)} ms of CPU; yaml.parse alone ${y.toFixed(0)} ms; ratio ${(o / y).toFixed(2)}x; target < 3000 ms: ${o < 3000 ? 'met' : 'NOT met'}`);
}
