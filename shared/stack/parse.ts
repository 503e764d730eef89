// The stack file parser: YAML text in, a validated StackTemplate out, or a BranchyardError listing
// every problem of the file with its line, column and field. The file is a compose file: every
// key of the compose specification is read, or refused with the reason (composeKeys.ts).

import { BranchyardError, type Issue } from '../errors/errors.ts';
import { parseCidr, stackSubnetProblem, type Cidr } from '../net/ipv4.ts';
import { TOP_LEVEL_KEYS, readKeys } from './composeKeys.ts';
import { emptySections, merge, resolveExtends, resolveIncludes, sectionEntries, SECTION_NAMES } from './composeSources.ts';
import type { FileRead } from './fileRead.ts';
import type { NetworkSpec, StackTemplate, VolumeSpec } from './model.ts';
import { asMap, asNonEmptyString, at, checkKeys, isNull, report, type At } from './nodeReaders.ts';
import { resolveHostNumbers } from './parseAddresses.ts';
import { applyCapture, readCapture, type CaptureEntry } from './parseCapture.ts';
import { parseTopLevelNetworks } from './parseNetworks.ts';
import { parseTopLevelSecrets, secretPlacement } from './parseSecrets.ts';
import { parseService, type ParsedService } from './parseService.ts';
import { parseTopLevelVolumes } from './parseVolumes.ts';
import { applyPreset } from './presets.ts';
import { wireNetworks } from './stackNetworks.ts';
import {
  checkContainerNames, checkDependencies, checkServiceRefs, checkVolumeReferences, finishServices, type Disabled,
} from './stackChecks.ts';
import { loadYamlTree, Reporter, type Loc, type YEntry, type YMap, type YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export { assignHostNumbers } from './parseAddresses.ts';
export { capturePathProblem } from './parseCapture.ts';

export interface ParseOptions {
  /** Path for messages, as the user gave it. */
  file: string;
  /** Interpolation variables (process env + .env + BRANCH, BRANCH_SLUG, STACK), merged by the caller. */
  vars: Record<string, string | undefined>;
  /**
   * Reads a file the stack file names (env_file, label_file, an included or extended compose
   * file), the path relative to the stack file's folder (or absolute).
   */
  readFile?: (path: string) => FileRead;
  /** Why a file a secret or config names cannot be mounted (missing, a folder, ...); undefined: it can. */
  fileProblem?: (path: string) => string | undefined;
  /** Profiles to activate (`--profile`); undefined: COMPOSE_PROFILES of the variables, as in compose. */
  profiles?: string[];
}

export interface ParseResult {
  template: StackTemplate;
  warnings: string[];
}

export const MAX_STACK_FILE_BYTES = 1024 * 1024;

export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Parses and validates a stack file. Throws BranchyardError.invalid with all issues found. */
export function parseStackFile(text: string, opts: ParseOptions): ParseResult {
  const reporter = new Reporter(opts.file);
  const bytes = text.length > MAX_STACK_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_STACK_FILE_BYTES) {
    reporter.issue(undefined, undefined, `file is ${bytes} bytes, more than the 1 MiB a stack file may have`);
    throw BranchyardError.invalid(reporter.issues);
  }
  const root = loadYamlTree(text, opts.vars, reporter);
  if (!root) throw BranchyardError.invalid(reporter.issues);

  const where: At = { reporter, field: '' };
  const template = readTemplate(where, root, opts);
  if (reporter.issues.length > 0) throw BranchyardError.invalid(inFileOrder(reporter.issues));
  return { template, warnings: reporter.warnings };
}

/** Issues in reading order: the stack file's first, by line; those of other files after, by file. */
function inFileOrder(issues: Issue[]): Issue[] {
  const main = issues[0]?.file;
  const rank = (i: Issue) => (i.file === main ? '' : i.file ?? '');
  return [...issues].sort((a, b) => rank(a).localeCompare(rank(b)) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/**
 * The file's base name without its extension, made into a valid template name: lowercased, every
 * run of other characters one `-` (`docker-compose.merge.yml` gives `docker-compose-merge`).
 */
export function templateNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return stem.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '');
}

/** The profiles to activate: the caller's, else COMPOSE_PROFILES (comma-separated). */
function activeProfiles(opts: ParseOptions): string[] {
  const list = opts.profiles ?? (opts.vars.COMPOSE_PROFILES ?? '').split(',');
  return [...new Set(list.map((p) => p.trim()).filter(Boolean))].sort();
}

function readTemplate(where: At, root: YNode, opts: ParseOptions): StackTemplate {
  const template: StackTemplate = { name: '', file: opts.file, services: [], volumes: [] };
  if (isNull(root)) {
    report(where, root.loc, 'the file is empty: a stack file needs services');
    return template;
  }
  const map = asMap(where, root, 'a mapping with services');
  if (!map) return template;

  let subnet: { cidr: Cidr; loc: Loc; field: string } | undefined;
  let capture: CaptureEntry[] = [];
  let git: string | undefined;
  for (const e of map.entries) {
    if (e.key === 'x-branchyard') ({ subnet, capture, git } = readBranchyardSettings(at(where, e.key), e.value));
  }
  const sections = emptySections();
  let servicesEntry: YEntry | undefined;
  let includeEntry: YEntry | undefined;
  for (const e of readKeys(where, map, TOP_LEVEL_KEYS, 'the stack file')) {
    const keyAt = at(where, e.key);
    if (e.key === 'name') readName(keyAt, e.value, template);
    else if (e.key === 'include') includeEntry = e;
    else {
      if (e.key === 'services') servicesEntry = e;
      sections[e.key as (typeof SECTION_NAMES)[number]] = sectionEntries(keyAt, e.value, e.key === 'services' ? 'a mapping of services' : 'a mapping');
    }
  }
  // A name problem is reported at its line and hides nothing: the rest of the file is checked too.
  if (!template.name && !map.entries.some((e) => e.key === 'name')) {
    template.name = templateNameFromFile(opts.file);
    if (!template.name) report(where, map.loc, `cannot derive a template name from ${quote(opts.file)}: add name: to the file`);
  }
  if (git) template.git = git;
  const ctx = { vars: opts.vars, readFile: opts.readFile };
  if (includeEntry) merge(sections, resolveIncludes(at(where, 'include'), includeEntry.value, '', ctx), where);

  if (!servicesEntry && sections.services.length === 0) {
    if (!includeEntry) report(where, map.loc, 'a stack file needs services:');
    return template;
  }
  const servicesAt = at(where, 'services');
  if (sections.services.length === 0) {
    if (servicesEntry && (isNull(servicesEntry.value) || servicesEntry.value.kind === 'map')) report(servicesAt, servicesEntry.value.loc, 'a stack needs at least one service');
    return template;
  }
  const section = (name: (typeof SECTION_NAMES)[number]): YMap => ({ kind: 'map', entries: sections[name], loc: map.loc });
  const volumes: VolumeSpec[] = parseTopLevelVolumes(at(where, 'volumes'), section('volumes'));
  const { networks: declaredNetworks, subnets } = parseTopLevelNetworks(at(where, 'networks'), section('networks'));
  const secrets = [
    ...parseTopLevelSecrets(at(where, 'secrets'), sections.secrets, 'secrets'),
    ...parseTopLevelSecrets(at(where, 'configs'), sections.configs, 'configs'),
  ];

  const all = readServices(servicesAt, resolveExtends(where, sections.services, ctx), opts);
  const profiles = activeProfiles(opts);
  const enabled = (s: ParsedService) => !s.spec.profiles?.length || s.spec.profiles.some((p) => profiles.includes(p) || profiles.includes('*'));
  const services = all.filter(enabled);
  const disabled: Disabled = new Map(all.filter((s) => !enabled(s)).map((s) => [s.spec.name, s]));
  if (services.length === 0 && disabled.size > 0) {
    report(servicesAt, map.loc, `every service is in a profile that is not active: activate one with --profile (${[...new Set(all.flatMap((s) => s.spec.profiles ?? []))].join(', ')})`);
  }

  checkVolumeReferences(where, services, volumes);
  for (const s of services) {
    const placed = secretPlacement(s.secretUses, secrets, opts.vars, where.reporter, s.spec.name, opts.fileProblem);
    s.spec.mounts.push(...placed.mounts);
    if (placed.files.length) s.spec.files = placed.files;
  }
  checkServiceRefs(where, services, disabled);
  checkContainerNames(where, services, opts.vars.STACK);
  applyCapture(where, services, capture);
  finishServices(where, services, template.name);
  checkDependencies(where, services, disabled);
  const wired = wireNetworks(where, services, declaredNetworks, subnets, subnet);
  const [first] = wired.networks;
  if (first?.subnet && !first.external) template.subnet = first.subnet;
  const plain = (n: NetworkSpec) => n.name === 'default' && !n.external && !n.engineName && !n.internal && !n.driverOpts && !Object.keys(n.labels).length;
  if (!(wired.networks.length === 1 && plain(first!))) template.networks = wired.networks;
  // Addresses are given over every service, those of inactive profiles too, so that turning a
  // profile on or off moves no other service to a new address.
  resolveHostNumbers(all.filter((s) => !s.spec.networkMode), wired, where.reporter);
  if (profiles.length) template.profiles = profiles;
  const choices = profileChoices(all);
  if (choices.length) template.profileChoices = choices;

  for (const s of services) {
    if (!s.preset) continue;
    const { volume } = applyPreset(s.spec, s.preset);
    if (volume && !volumes.some((v) => v.name === volume.name)) volumes.push(volume);
  }
  template.services = services.map((s) => s.spec);
  template.volumes = volumes;
  return template;
}

/** Each profile the services name, in the order the file first names it, with its services. */
function profileChoices(services: ParsedService[]): Array<{ name: string; services: string[] }> {
  const byName = new Map<string, string[]>();
  for (const s of services) for (const p of s.spec.profiles ?? []) byName.set(p, [...(byName.get(p) ?? []), s.spec.name]);
  return [...byName].map(([name, list]) => ({ name, services: list }));
}

function readName(where: At, node: YNode, template: StackTemplate): void {
  const name = asNonEmptyString(where, node, 'a stack template name');
  if (name !== undefined && !TEMPLATE_NAME.test(name)) {
    report(where, node.loc, `${quote(name)} is not a valid template name (lowercase letters, digits, - and _, starting with a letter or digit)`);
  } else if (name !== undefined) template.name = name;
}

type Located<T> = { cidr: T; loc: Loc; field: string };

function readBranchyardSettings(where: At, node: YNode): { subnet?: Located<Cidr>; capture: CaptureEntry[]; git?: string } {
  const out: { subnet?: Located<Cidr>; capture: CaptureEntry[]; git?: string } = { capture: [] };
  if (isNull(node)) return out;
  const map = asMap(where, node);
  if (!map) return out;
  for (const e of checkKeys(where, map, ['subnet', 'capture', 'git'], 'x-branchyard')) {
    if (e.key === 'capture') {
      out.capture = readCapture(at(where, 'capture'), e.value);
      continue;
    }
    if (e.key === 'git') {
      // The repository the app offers branches of (git ls-remote): a URL beginning with '-'
      // would be read by git as an option.
      const url = asNonEmptyString(at(where, 'git'), e.value, 'a git repository URL or path');
      if (url !== undefined && (url.startsWith('-') || /[\0-\x1f\x7f]/.test(url))) {
        report(at(where, 'git'), e.value.loc, `${quote(url)} is not a repository URL or path`);
      } else if (url !== undefined) out.git = url;
      continue;
    }
    const text = asNonEmptyString(at(where, 'subnet'), e.value, 'a subnet like 10.210.3.0/24');
    if (text === undefined) continue;
    const parsed = parseCidr(text);
    const problem = 'error' in parsed ? parsed.error : stackSubnetProblem(parsed);
    if (problem) report(at(where, 'subnet'), e.value.loc, problem);
    else out.subnet = { cidr: parsed as Cidr, loc: e.value.loc, field: at(where, 'subnet').field };
  }
  return out;
}

function readServices(where: At, entries: YEntry[], opts: ParseOptions): ParsedService[] {
  const services: ParsedService[] = [];
  for (const e of entries) {
    if (!SERVICE_NAME.test(e.key)) {
      report(at(where, e.key), e.keyLoc, `${quote(e.key)} is not a valid service name (letters, digits, _ . -, starting with a letter or digit)`);
      continue;
    }
    services.push(parseService(where, e.key, e.keyLoc, e.value, opts));
  }
  return services;
}
