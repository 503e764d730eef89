// Whether a text is a compose file at all, before the validator judges its details: YAML that
// parses, a mapping at the top, a mapping of services in it. Importing a template refuses a
// file that fails this (its issues say where), but keeps one that is a compose file with
// problems (marked in the Templates screen, refused by `up` until fixed). The same walk gives
// the service names and the repository of a file the validator refuses, so the Templates screen
// can still show them. Aliases are not expanded here (no alias bomb can cost anything).

import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import type { Issue } from '../errors/errors.ts';
import { MAX_STACK_FILE_BYTES } from './parse.ts';
import { Reporter, type Loc } from './yamlNodes.ts';

export interface ComposeShape {
  /** Why the text is not a compose file (empty when it is one). */
  issues: Issue[];
  /** The keys of `services:`, in file order. */
  services: string[];
  /** `x-branchyard.git`, else the `x-s2i.git` of the first service that has one, as written. */
  git?: string;
}

function stringAt(map: unknown, ...path: string[]): string | undefined {
  let node = map;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
}

function kindOf(node: unknown): string {
  if (node === null || node === undefined) return 'empty';
  if (isScalar(node)) return node.value === null ? 'empty' : 'a single value';
  return isMap(node) ? 'a mapping' : 'a list';
}

export function composeShape(text: string, file: string): ComposeShape {
  const reporter = new Reporter(file);
  const out: ComposeShape = { issues: reporter.issues, services: [] };
  const bytes = text.length > MAX_STACK_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_STACK_FILE_BYTES) {
    reporter.issue(undefined, undefined, `file is ${bytes} bytes, more than the 1 MiB a stack file may have`);
    return out;
  }
  if (text.includes('\0')) {
    reporter.issue(undefined, undefined, 'is not a text file (it holds a NUL byte)');
    return out;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: false, prettyErrors: false, uniqueKeys: true });
  const locAt = (offset: number | undefined): Loc => lines.linePos(offset ?? 0);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) reporter.issue(locAt(e.pos[0]), undefined, `invalid YAML: ${e.message}`);
    return out;
  }
  const root = doc.contents;
  if (!isMap(root)) {
    reporter.issue(locAt(root?.range?.[0]), undefined, `not a compose file: the file is ${kindOf(root)}, not a mapping with services:`);
    return out;
  }
  const services = root.get('services', true);
  if (!root.has('services')) {
    reporter.issue(locAt(root.range?.[0]), undefined, 'not a compose file: it has no services:');
    return out;
  }
  if (!isMap(services)) {
    const at = (root.items.find((p) => isScalar(p.key) && p.key.value === 'services')?.key as { range?: number[] } | undefined)?.range?.[0];
    reporter.issue(locAt(at), 'services', `not a compose file: services: is ${kindOf(services)}, not a mapping of services`);
    return out;
  }
  for (const pair of (services as YAMLMap).items) {
    if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value !== '<<') out.services.push(pair.key.value);
  }
  out.git = stringAt(root, 'x-branchyard', 'git');
  for (const pair of (services as YAMLMap).items) {
    out.git ??= stringAt(pair.value, 'x-s2i', 'git');
  }
  return out;
}
