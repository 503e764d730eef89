// The stack file parser: YAML text in, a validated StackTemplate out, or a BranchyardError listing
// every problem of the file with its line, column and field.

import { BranchyardError, type Issue } from '../errors/errors.ts';
import { formatCidr, parseCidr, stackSubnetProblem, type Cidr } from '../net/ipv4.ts';
import type { FileRead } from './fileRead.ts';
import type { StackTemplate, VolumeSpec } from './model.ts';
import { imageReferenceProblem } from './imageReference.ts';
import { asMap, asNonEmptyString, asStringOrList, at, checkKeys, isNull, report, type At } from './nodeReaders.ts';
import { resolveHostNumbers } from './parseAddresses.ts';
import { parseService, type ParsedService } from './parseService.ts';
import { parseTopLevelVolumes } from './parseVolumes.ts';
import { applyPreset, presetVolumeName } from './presets.ts';
import { loadYamlTree, Reporter, type Loc, type YMap, type YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export { assignHostNumbers } from './parseAddresses.ts';

export interface ParseOptions {
  /** Path for messages, as the user gave it. */
  file: string;
  /** Interpolation variables (process env + .env + BRANCH, BRANCH_SLUG, STACK), merged by the caller. */
  vars: Record<string, string | undefined>;
  /** Reads an env_file, path exactly as written in the file. */
  readFile?: (path: string) => FileRead;
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

/** Issues in reading order (interpolation problems are found first, while reading the YAML). */
function inFileOrder(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** The file's base name without its extension, made into a valid template name. */
export function templateNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return stem.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '');
}

function readTemplate(where: At, root: YNode, opts: ParseOptions): StackTemplate {
  const template: StackTemplate = { name: '', file: opts.file, services: [], volumes: [] };
  if (isNull(root)) {
    report(where, root.loc, 'the file is empty: a stack file needs services');
    return template;
  }
  const map = asMap(where, root, 'a mapping with services');
  if (!map) return template;

  let servicesNode: YNode | undefined;
  let volumes: VolumeSpec[] = [];
  let subnet: Cidr | undefined;
  let capture: CaptureEntry[] = [];
  let git: string | undefined;
  for (const e of map.entries) {
    const keyAt = at(where, e.key);
    if (e.key === 'name') {
      const name = asNonEmptyString(keyAt, e.value, 'a stack template name');
      if (name !== undefined && !TEMPLATE_NAME.test(name)) {
        report(keyAt, e.value.loc, `${quote(name)} is not a valid template name (lowercase letters, digits, - and _, starting with a letter or digit)`);
      } else if (name !== undefined) template.name = name;
    } else if (e.key === 'services') servicesNode = e.value;
    else if (e.key === 'volumes') volumes = parseTopLevelVolumes(keyAt, e.value);
    else if (e.key === 'x-branchyard') ({ subnet, capture, git } = readBranchyardSettings(keyAt, e.value));
    else if (e.key === 'networks') checkTopLevelNetworks(keyAt, e.value);
    else if (e.key === 'version' || e.key.startsWith('x-')) continue; // obsolete / extension fields
    else report(keyAt, e.keyLoc, `unknown key ${quote(e.key)}`);
  }
  if (!template.name && !map.entries.some((e) => e.key === 'name')) {
    template.name = templateNameFromFile(opts.file);
    if (!template.name) report(where, map.loc, `cannot derive a template name from ${quote(opts.file)}: add name: to the file`);
  }
  if (subnet) template.subnet = formatCidr(subnet);
  if (git) template.git = git;

  if (!servicesNode) {
    report(where, map.loc, 'a stack file needs services:');
    return template;
  }
  const services = readServices(at(where, 'services'), servicesNode, opts);
  checkVolumeReferences(where, services, volumes);
  applyCapture(where, services, capture);
  finishServices(where, services, template.name);
  checkDependencies(where, services);
  resolveHostNumbers(services, subnet, where.reporter);

  for (const s of services) {
    if (!s.preset) continue;
    const { volume } = applyPreset(s.spec, s.preset);
    if (volume && !volumes.some((v) => v.name === volume.name)) volumes.push(volume);
  }
  template.services = services.map((s) => s.spec);
  template.volumes = volumes;
  return template;
}

function readBranchyardSettings(where: At, node: YNode): { subnet?: Cidr; capture: CaptureEntry[]; git?: string } {
  const out: { subnet?: Cidr; capture: CaptureEntry[]; git?: string } = { capture: [] };
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
    else out.subnet = parsed as Cidr;
  }
  return out;
}

/** One service's entry under x-branchyard.capture, kept with its place until services are known. */
interface CaptureEntry {
  service: string;
  keyLoc: Loc;
  field: string;
  paths: string[];
}

/** Why `path` cannot be a capture path (it is copied out of the container at teardown). */
export function capturePathProblem(path: string): string | undefined {
  if (path === '') return 'a capture path must not be empty';
  if (path.includes('\0')) return `capture path ${quote(path, '"')} contains a NUL character`;
  if (!path.startsWith('/')) return `capture path ${quote(path)} is not absolute: give the full path inside the container, e.g. /var/log/app`;
  return undefined;
}

/** `capture: { service: [/abs/path, ...] }`; a single path may be given without a list. */
function readCapture(where: At, node: YNode): CaptureEntry[] {
  if (isNull(node)) return [];
  const map = asMap(where, node, 'a mapping of service names to lists of container paths');
  if (!map) return [];
  const out: CaptureEntry[] = [];
  for (const e of map.entries) {
    const serviceAt = at(where, e.key);
    const paths: string[] = [];
    if (!isNull(e.value)) {
      const list = e.value.kind === 'seq';
      asStringOrList(serviceAt, e.value).forEach(({ value, node: item }, i) => {
        const problem = capturePathProblem(value);
        if (problem) report(list ? at(serviceAt, i) : serviceAt, item.loc, problem);
        else if (!paths.includes(value)) paths.push(value);
      });
    }
    out.push({ service: e.key, keyLoc: e.keyLoc, field: serviceAt.field, paths });
  }
  return out;
}

/** Capture paths go to their service; a name that is no service of the file is an issue at the key. */
function applyCapture(where: At, services: ParsedService[], entries: CaptureEntry[]): void {
  for (const entry of entries) {
    const s = services.find((x) => x.spec.name === entry.service);
    if (!s) where.reporter.issue(entry.keyLoc, entry.field, `no service ${quote(entry.service)} in the file to capture files of`);
    else if (entry.paths.length > 0) s.spec.capture = entry.paths;
  }
}

function checkTopLevelNetworks(where: At, node: YNode): void {
  if (isNull(node)) return;
  const only = "only the stack's own network is supported: remove networks: or leave just 'default' with no settings";
  if (node.kind !== 'map') return void report(where, node.loc, only);
  for (const e of node.entries) {
    const empty = isNull(e.value) || (e.value.kind === 'map' && e.value.entries.length === 0);
    if (e.key !== 'default') report(at(where, e.key), e.keyLoc, `network ${quote(e.key)}: ${only}`);
    else if (!empty) report(at(where, e.key), e.value.loc, only);
  }
}

function readServices(where: At, node: YNode, opts: ParseOptions): ParsedService[] {
  const map: YMap | undefined = asMap(where, node, 'a mapping of services');
  if (!map) return [];
  if (map.entries.length === 0) {
    report(where, map.loc, 'a stack needs at least one service');
    return [];
  }
  const services: ParsedService[] = [];
  for (const e of map.entries) {
    if (!SERVICE_NAME.test(e.key)) {
      report(at(where, e.key), e.keyLoc, `${quote(e.key)} is not a valid service name (letters, digits, _ . -, starting with a letter or digit)`);
      continue;
    }
    services.push(parseService(where, e.key, e.keyLoc, e.value, opts));
  }
  return services;
}

/** Compose's rule: a named volume must be declared at the top level, unless a preset makes it. */
function checkVolumeReferences(where: At, services: ParsedService[], declared: VolumeSpec[]): void {
  const known = new Set(declared.map((v) => v.name));
  for (const s of services) if (s.preset) known.add(presetVolumeName(s.spec.name));
  for (const s of services) {
    for (const ref of s.volumeReferences) {
      if (known.has(ref.name)) continue;
      where.reporter.issue(ref.loc, ref.field, `volume ${quote(ref.name)} is not declared under the top-level volumes:`, s.spec.name);
    }
  }
}

/** Images: from the file, a preset, or (for builds) a name of our own; and the reference syntax. */
function finishServices(where: At, services: ParsedService[], templateName: string): void {
  for (const s of services) {
    const spec = s.spec;
    const named = (loc = s.keyLoc, field = s.field) => (message: string) => where.reporter.issue(loc, field, message, spec.name);
    if (spec.s2i && !spec.image) {
      named()(`service '${spec.name}' uses x-s2i and needs image: the tag of the image it builds`);
      continue;
    }
    // An image or x-preset whose value was refused has its issue already.
    if (!spec.image && !spec.build && !s.preset && !s.imageLoc && !s.presetLoc) {
      named()(`service '${spec.name}' needs an image, a build or an x-preset`);
      continue;
    }
    if (spec.image) {
      const problem = imageReferenceProblem(spec.image);
      if (problem) named(s.imageLoc, `${s.field}.image`)(problem);
    } else if (spec.build) {
      // Compose's convention for a build without image: <project>-<service>.
      spec.image = `${templateName}-${spec.name}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
    }
  }
}

function checkDependencies(where: At, services: ParsedService[]): void {
  const byName = new Map(services.map((s) => [s.spec.name, s]));
  for (const s of services) {
    for (const dep of s.dependsOn) {
      if (byName.has(dep.name)) s.spec.dependsOn[dep.name] = dep.condition;
      else if (!dep.required) where.reporter.warn(`service '${s.spec.name}' depends on ${quote(dep.name)} (not required), which is not in the file`);
      else where.reporter.issue(dep.loc, dep.field, `service '${s.spec.name}' depends on ${quote(dep.name)}, which is not in the file`, s.spec.name);
    }
  }
  reportCycles(where, services, byName);
}

/** One issue per dependency cycle, e.g. `a -> b -> a`, at the depends_on entry that closes it. */
function reportCycles(where: At, services: ParsedService[], byName: Map<string, ParsedService>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const reported = new Set<string>();
  const visit = (s: ParsedService): void => {
    state.set(s.spec.name, 'visiting');
    path.push(s.spec.name);
    for (const dep of s.dependsOn) {
      const target = byName.get(dep.name);
      if (!target) continue;
      const depState = state.get(dep.name);
      if (depState === 'visiting') {
        const cycle = [...path.slice(path.indexOf(dep.name)), dep.name];
        const key = [...new Set(cycle)].sort().join(',');
        if (reported.has(key)) continue;
        reported.add(key);
        where.reporter.issue(dep.loc, dep.field, `dependency cycle: ${cycle.join(' -> ')}`, s.spec.name);
      } else if (depState === undefined) visit(target);
    }
    path.pop();
    state.set(s.spec.name, 'done');
  };
  for (const s of services) if (!state.has(s.spec.name)) visit(s);
}
