// Medians and the table every benchmark prints: ratios against a baseline of the same run.

export const ROUNDS = 5;

export async function median(fn: () => Promise<unknown>, rounds = ROUNDS, warm = true): Promise<number> {
  if (warm) await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export interface Row {
  name: string;
  ms: number;
  baseline: string;
  baselineMs: number;
}

export function print(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.log(`${'benchmark'.padEnd(46)} ${'median'.padStart(10)}  ${'baseline'.padEnd(40)} ${'median'.padStart(10)}  ratio`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(46)} ${`${r.ms.toFixed(1)} ms`.padStart(10)}  ${r.baseline.padEnd(40)} ${`${r.baselineMs.toFixed(1)} ms`.padStart(10)}  ${(r.ms / r.baselineMs).toFixed(2)}x`,
    );
  }
}
