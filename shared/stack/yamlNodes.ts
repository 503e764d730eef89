// Turns YAML text into a small located tree (maps, lists, scalars, each with line/col), resolving
// aliases and merge keys ourselves under hard limits (a "billion laughs" document must fail fast,
// not eat the memory) and interpolating every string value on the way.

import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Issue } from '../errors/errors.ts';
import { clip, MAX_QUOTED_CHARS } from '../text/quote.ts';
import { interpolate, type Variables } from './interpolate.ts';

export interface Loc {
  line: number; // 1-based
  col: number; // 1-based
}

export interface YScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The text as written for numbers (`3.10` stays `3.10`), else the string value. */
  text: string;
  loc: Loc;
  /**
   * Set when the value spans several lines of the file: its first line as written. A message
   * quotes this, not the value, so it shows at most the line the problem is on.
   */
  firstLine?: string;
}
export interface YEntry {
  key: string;
  keyLoc: Loc;
  value: YNode;
}
export interface YMap {
  kind: 'map';
  entries: YEntry[];
  loc: Loc;
}
export interface YSeq {
  kind: 'seq';
  items: YNode[];
  loc: Loc;
}
export type YNode = YScalar | YMap | YSeq;

/** Characters an issue's message and field may have: see Reporter.issue. */
export const MAX_MESSAGE_CHARS = 400;
export const MAX_FIELD_CHARS = 200;

/** Alias uses (counting those inside expanded aliases) one file may have. */
export const MAX_ALIAS_EXPANSIONS = 1000;
/** Nodes that aliases and merge keys may add to a file, all together. */
export const MAX_EXPANDED_NODES = 20_000;

/** Collects issues (deduplicated: an aliased node is walked once per use) and warnings. */
export class Reporter {
  readonly issues: Issue[] = [];
  readonly warnings: string[] = [];
  private readonly seenIssues = new Set<string>();
  private readonly seenWarnings = new Set<string>();
  /** Values whose interpolation failed: they read as "", which must not raise a second issue. */
  private readonly failedValues = new Set<string>();

  constructor(readonly file: string) {}

  issue(loc: Loc | undefined, field: string | undefined, message: string, service?: string): void {
    const key = `${loc?.line}:${loc?.col}:${message}`;
    if (this.seenIssues.has(key) || (loc && this.failedValues.has(`${loc.line}:${loc.col}`))) return;
    this.seenIssues.add(key);
    // Messages quote values trimmed (text/quote.ts); this bounds whatever a message still holds
    // (a YAML error citing its source, a long :? message), so no issue carries a file away.
    const issue: Issue = { file: this.file, message: clip(message, MAX_MESSAGE_CHARS) };
    if (loc) Object.assign(issue, { line: loc.line, col: loc.col });
    if (field) issue.field = clip(field, MAX_FIELD_CHARS);
    if (service) issue.service = service;
    this.issues.push(issue);
  }

  /** Reports a value that could not be read at all; later issues at the same place are noise. */
  failedValue(loc: Loc, field: string | undefined, message: string): void {
    this.issue(loc, field, message);
    this.failedValues.add(`${loc.line}:${loc.col}`);
  }

  /** Adds a warning once; `dedupeKey` lets several texts count as one (a variable named twice). */
  warn(message: string, dedupeKey = message): void {
    if (this.seenWarnings.has(dedupeKey)) return;
    this.seenWarnings.add(dedupeKey);
    this.warnings.push(clip(message, MAX_MESSAGE_CHARS));
  }
}

class ExpansionLimit extends Error {
  constructor(
    message: string,
    readonly loc: Loc,
  ) {
    super(message);
  }
}

export function childField(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  // A key is the file's text: a field names it, but a 5000-character key only by its start.
  const shown = clip(key, MAX_QUOTED_CHARS);
  return parent ? `${parent}.${shown}` : shown;
}

let lastParsed: { text: string; doc: Document; lineCounter: LineCounter } | undefined;

/**
 * The YAML document of `text`, unchanged by interpolation (that happens while building the tree).
 * The last one is kept: a command reads a file's name first, then checks the whole file, then
 * loads it with the stack's variables, and parsing the YAML costs more than all the rest.
 */
export function parseYaml(text: string): { doc: Document; lineCounter: LineCounter } {
  if (lastParsed?.text !== text) {
    const lineCounter = new LineCounter();
    // merge: false keeps `<<` a plain key: we expand merges ourselves, with limits.
    lastParsed = { text, lineCounter, doc: parseDocument(text, { lineCounter, merge: false, prettyErrors: false, uniqueKeys: true }) };
  }
  return lastParsed;
}

/**
 * Parses `text` into a located tree. Syntax errors, alias bombs and interpolation errors become
 * issues on `reporter`; the tree is undefined when the document could not be read at all.
 */
export function loadYamlTree(text: string, vars: Variables, reporter: Reporter): YNode | undefined {
  const { doc, lineCounter } = parseYaml(text);
  const locAt = (offset: number): Loc => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) reporter.issue(locAt(e.pos[0]), undefined, `invalid YAML: ${e.message}`);
    return undefined;
  }
  const builder = new TreeBuilder(doc, text, locAt, vars, reporter);
  try {
    return builder.build(doc.contents, '', undefined);
  } catch (e) {
    if (e instanceof ExpansionLimit) {
      reporter.issue(e.loc, undefined, e.message);
      return undefined;
    }
    throw e;
  }
}

class TreeBuilder {
  private expansions = 0;
  private expandedNodes = 0;
  /** Anchored nodes being expanded right now: an alias to one of them would never end. */
  private readonly expanding = new Set<unknown>();
  /** The alias written in the document (not one inside an expansion) being expanded now. */
  private outermostAlias: Loc | undefined;

  constructor(
    private readonly doc: Document,
    private readonly source: string,
    private readonly locAt: (offset: number) => Loc,
    private readonly vars: Variables,
    private readonly reporter: Reporter,
  ) {}

  build(node: unknown, field: string, fallback: Loc | undefined): YNode {
    const loc = this.locOf(node) ?? fallback ?? { line: 1, col: 1 };
    if (this.expanding.size > 0 && ++this.expandedNodes > MAX_EXPANDED_NODES) {
      throw new ExpansionLimit(`YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes (alias bomb?)`, this.outermostAlias ?? loc);
    }
    if (isAlias(node)) return this.buildAlias(node, field, loc);
    if (isMap(node)) return this.buildMap(node.items, field, loc);
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item, i) => this.build(item, childField(field, i), loc)), loc };
    }
    if (isScalar(node)) return this.withFirstLine(this.buildScalar(node.value, node.source, field, loc), node.range);
    if (node === null || node === undefined) return { kind: 'scalar', value: null, text: '', loc };
    this.reporter.issue(loc, field || undefined, 'unsupported YAML node');
    return { kind: 'scalar', value: null, text: '', loc };
  }

  private locOf(node: unknown): Loc | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.locAt(range[0]) : undefined;
  }

  private buildAlias(alias: { resolve(doc: Document): unknown }, field: string, loc: Loc): YNode {
    // Report where the document itself uses the alias that explodes, not deep inside an anchor.
    const outermost = this.outermostAlias === undefined;
    if (outermost) this.outermostAlias = loc;
    if (++this.expansions > MAX_ALIAS_EXPANSIONS) {
      throw new ExpansionLimit(`too many YAML aliases (alias bomb?): more than ${MAX_ALIAS_EXPANSIONS} expansions`, this.outermostAlias ?? loc);
    }
    try {
      return this.expandAlias(alias, field, loc);
    } finally {
      if (outermost) this.outermostAlias = undefined;
    }
  }

  private expandAlias(alias: { resolve(doc: Document): unknown }, field: string, loc: Loc): YNode {
    const target = alias.resolve(this.doc);
    if (target === undefined) {
      this.reporter.issue(loc, field || undefined, 'YAML alias to an unknown anchor');
      return { kind: 'scalar', value: null, text: '', loc };
    }
    if (this.expanding.has(target)) {
      this.reporter.issue(loc, field || undefined, 'YAML alias refers to a node that contains it');
      return { kind: 'scalar', value: null, text: '', loc };
    }
    this.expanding.add(target);
    try {
      return this.build(target, field, loc);
    } finally {
      this.expanding.delete(target);
    }
  }

  /** Marks a scalar written over several lines with its first line (see YScalar.firstLine). */
  private withFirstLine(scalar: YScalar, range: [number, number, number] | null | undefined): YScalar {
    if (!range) return scalar;
    const written = this.source.slice(range[0], range[1]).split(/\r?\n/).filter((l) => l.trim() !== '');
    // A block scalar's first line is its header (`|`, `>-`): the value starts on the next.
    const lines = /^[|>]/.test(written[0] ?? '') ? written.slice(1) : written;
    return lines.length < 2 ? scalar : { ...scalar, firstLine: lines[0].trim() };
  }

  private buildScalar(value: unknown, source: string | undefined, field: string, loc: Loc): YScalar {
    if (typeof value === 'string') {
      const result = interpolate(value, this.vars);
      for (const name of result.unset) {
        this.reporter.warn(`${this.reporter.file}:${loc.line}:${loc.col}: variable ${name} is not set, using an empty string`, `unset:${name}`);
      }
      if (result.error !== undefined) {
        this.reporter.failedValue(loc, field || undefined, result.error);
        return { kind: 'scalar', value: '', text: '', loc };
      }
      return { kind: 'scalar', value: result.value, text: result.value, loc };
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return { kind: 'scalar', value, text: typeof value === 'number' && source ? source : String(value), loc };
    }
    if (typeof value === 'bigint') return { kind: 'scalar', value: Number(value), text: String(value), loc };
    if (value === null || value === undefined) return { kind: 'scalar', value: null, text: '', loc };
    this.reporter.issue(loc, field || undefined, 'unsupported YAML value (binary or timestamp)');
    return { kind: 'scalar', value: null, text: '', loc };
  }

  private buildMap(pairs: Array<{ key: unknown; value: unknown }>, field: string, loc: Loc): YMap {
    // Explicit keys win over merged ones wherever they stand; of merged sources the first wins.
    const entries: Array<YEntry & { merged?: boolean }> = [];
    for (const pair of pairs) {
      const keyLoc = this.locOf(pair.key) ?? loc;
      const key = this.keyText(pair.key, field, keyLoc);
      if (key === undefined) continue;
      if (key === '<<' && isScalar(pair.key) && pair.key.type === 'PLAIN') {
        for (const e of this.mergeSources(pair.value, field, keyLoc)) entries.push({ ...e, merged: true });
        continue;
      }
      entries.push({ key, keyLoc, value: this.build(pair.value, childField(field, key), keyLoc) });
    }
    const explicit = new Set(entries.filter((e) => !e.merged).map((e) => e.key));
    const seen = new Set<string>();
    const result: YEntry[] = [];
    for (const e of entries) {
      if (e.merged && explicit.has(e.key)) continue;
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      result.push({ key: e.key, keyLoc: e.keyLoc, value: e.value });
    }
    return { kind: 'map', entries: result, loc };
  }

  private keyText(key: unknown, field: string, loc: Loc): string | undefined {
    if (isScalar(key)) {
      const v = key.value;
      if (v === null || v === undefined) return '';
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        return typeof v === 'number' && key.source ? key.source : String(v);
      }
    }
    if (key === null || key === undefined) return '';
    this.reporter.issue(loc, field || undefined, 'mapping keys must be plain strings');
    return undefined;
  }

  /** `<<: *base` or `<<: [*a, *b]`: the entries to merge, in priority order. */
  private mergeSources(value: unknown, field: string, loc: Loc): YEntry[] {
    const built = this.withExpansion(() => this.build(value, field, loc));
    const sources = built.kind === 'seq' ? built.items : [built];
    const out: YEntry[] = [];
    for (const source of sources) {
      if (source.kind !== 'map') {
        this.reporter.issue(source.loc, field || undefined, 'a merge key (<<) needs a mapping or a list of mappings');
        continue;
      }
      out.push(...source.entries);
    }
    return out;
  }

  /** Counts what a merge adds against the expansion budget even when written inline. */
  private withExpansion<T>(fn: () => T): T {
    const marker = {};
    this.expanding.add(marker);
    try {
      return fn();
    } finally {
      this.expanding.delete(marker);
    }
  }
}
