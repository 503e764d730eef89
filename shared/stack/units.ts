// Quantities as compose writes them: byte sizes (`512m`, `1.5G`, `2gb`, 1024), CPU counts
// (`0.5`, "1"), and booleans written as strings ("true"), each read from a located node.

import { parseDuration } from './duration.ts';
import { asInt, asString, expected, report, type At } from './nodeReaders.ts';
import type { YNode } from './yamlNodes.ts';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * `512m`, `1.5G`, `2gb`, `128MiB`, `1024`: bytes, with binary multipliers as the engine's own
 * parser (go-units RAMInBytes) reads them. undefined when it is no size.
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2].toLowerCase()]);
}

/** A byte size node: a whole number of bytes or a string like `512m`. */
export function asByteSize(where: At, node: YNode, what = 'a size like 512m or 1g', allowNegative = false): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'number') {
    if (Number.isInteger(node.value) && (node.value >= 0 || (allowNegative && node.value === -1))) return node.value;
    return expected(where, node, what);
  }
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    if (allowNegative && node.value.trim() === '-1') return -1;
    const n = parseByteSize(node.value);
    if (n !== undefined) return n;
  }
  return expected(where, node, what);
}

/** `cpus: 0.5` or `"1.5"`: CPUs as billionths, the engine's NanoCpus. */
export function asNanoCpus(where: At, node: YNode): number | undefined {
  const text = node.kind === 'scalar' && (typeof node.value === 'number' || typeof node.value === 'string') ? String(node.value).trim() : '';
  if (!/^\d+(\.\d+)?$/.test(text)) return expected(where, node, 'a number of CPUs like 0.5 or 2');
  return Math.round(Number(text) * 1e9);
}

/** true/false, also written as a string ("true"), as compose's schema allows for these keys. */
export function asFlag(where: At, node: YNode): boolean | undefined {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return node.value;
    if (typeof node.value === 'string' && /^(true|false)$/i.test(node.value)) return node.value.toLowerCase() === 'true';
  }
  return expected(where, node, 'true or false');
}

/** A whole number that may be negative (oom_score_adj, pids_limit: -1), also from a string. */
export function asSignedInt(where: At, node: YNode, what: string, min = -Infinity, max = Infinity): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string' && /^\s*-\d+\s*$/.test(node.value)) {
    const n = Number(node.value);
    return n < min || n > max ? expected(where, node, what) : n;
  }
  return asInt(where, node, what, min, max);
}

/** A duration like 1s, 1m30s or 500ms (or 0) in nanoseconds. */
export function parseDurationNs(where: At, node: YNode): number | undefined {
  if (node.kind === 'scalar' && node.value === 0) return 0;
  const text = asString(where, node, 'a duration like 1s, 1m30s or 500ms');
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  if ('error' in parsed) return void report(where, node.loc, parsed.error);
  return parsed.ns;
}
