// Typed reads of located YAML nodes: each either returns the value or reports an issue saying what
// was expected and what was found, at the node's location, and returns undefined.

import { childField, type Loc, type Reporter, type YEntry, type YMap, type YNode, type YScalar, type YSeq } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

/** Where a value is being read: the reporter, the dotted field and the service it belongs to. */
export interface At {
  reporter: Reporter;
  field: string;
  service?: string;
}

export function at(parent: At, key: string | number): At {
  return { ...parent, field: childField(parent.field, key) };
}

export function report(where: At, loc: Loc | undefined, message: string): void {
  where.reporter.issue(loc, where.field, message, where.service);
}

export function describe(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'nothing';
  if (node.firstLine !== undefined) return `${quote(node.firstLine, '"')} (the first of several lines)`;
  if (typeof node.value === 'string') return quote(node.value, '"');
  return node.text;
}

export function expected(where: At, node: YNode, what: string): undefined {
  report(where, node.loc, `expected ${what}, got ${describe(node)}`);
  return undefined;
}

export function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

export function asMap(where: At, node: YNode, what = 'a mapping'): YMap | undefined {
  return node.kind === 'map' ? node : expected(where, node, what);
}

export function asSeq(where: At, node: YNode, what = 'a list'): YSeq | undefined {
  return node.kind === 'seq' ? node : expected(where, node, what);
}

/** A string; numbers are accepted as written (`user: 1000`), booleans only when `allowBool`. */
export function asString(where: At, node: YNode, what = 'a string', allowBool = false): string | undefined {
  if (node.kind !== 'scalar' || node.value === null) return expected(where, node, what);
  if (typeof node.value === 'boolean' && !allowBool) return expected(where, node, what);
  return node.text;
}

/** A non-empty string. */
export function asNonEmptyString(where: At, node: YNode, what = 'a string'): string | undefined {
  const s = asString(where, node, what);
  if (s === '') return expected(where, node, `${what} (not empty)`);
  return s;
}

/** An integer, also from a string like "10" (what an interpolated `${IP}` gives). */
export function asInt(where: At, node: YNode, what = 'an integer', min = -Infinity, max = Infinity): number | undefined {
  const n = intValue(node);
  if (n === undefined || n < min || n > max) return expected(where, node, what);
  return n;
}

export function intValue(node: YNode): number | undefined {
  if (node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'number') return Number.isInteger(node.value) ? node.value : undefined;
  if (typeof node.value === 'string' && /^\s*\d+\s*$/.test(node.value)) return Number(node.value);
  return undefined;
}

export function asBool(where: At, node: YNode, what = 'true or false'): boolean | undefined {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return node.value;
    if (node.value === 'true') return true;
    if (node.value === 'false') return false;
  }
  return expected(where, node, what);
}

/** A string or a list of strings (`env_file: a.env` or `env_file: [a.env, b.env]`). */
export function asStringOrList(where: At, node: YNode): Array<{ value: string; node: YScalar }> {
  if (node.kind === 'scalar' && node.value !== null) {
    const s = asString(where, node, 'a string or a list of strings');
    return s === undefined ? [] : [{ value: s, node }];
  }
  if (node.kind !== 'seq') {
    expected(where, node, 'a string or a list of strings');
    return [];
  }
  const out: Array<{ value: string; node: YScalar }> = [];
  node.items.forEach((item, i) => {
    const s = asString(at(where, i), item);
    if (s !== undefined && item.kind === 'scalar') out.push({ value: s, node: item });
  });
  return out;
}

/**
 * A `KEY: value` mapping or a `KEY=value` list (environment, labels, build args). A key without a
 * value (`KEY` in a list, `KEY:` in a map) maps to undefined: the caller decides (environment
 * takes it from the variables, labels use "").
 */
export function asKeyValues(where: At, node: YNode): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (isNull(e.value)) out[e.key] = undefined;
      else {
        const v = asString(at(where, e.key), e.value, 'a string, number or boolean', true);
        if (v !== undefined) out[e.key] = v;
      }
    }
    return out;
  }
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const s = asString(at(where, i), item, 'a string like KEY=value');
      if (s === undefined) return;
      const eq = s.indexOf('=');
      const key = eq < 0 ? s : s.slice(0, eq);
      if (key === '') return expected(at(where, i), item, 'a string like KEY=value');
      out[key] = eq < 0 ? undefined : s.slice(eq + 1);
    });
    return out;
  }
  expected(where, node, 'a mapping or a list of KEY=value strings');
  return out;
}

/** Reports every key of `map` not in `known` as unknown; `describeOwner` names where it was. */
export function checkKeys(where: At, map: YMap, known: readonly string[], owner: string): YEntry[] {
  const ok: YEntry[] = [];
  for (const e of map.entries) {
    if (known.includes(e.key)) ok.push(e);
    else report(at(where, e.key), e.keyLoc, `unknown key ${quote(e.key)} in ${owner}`);
  }
  return ok;
}
