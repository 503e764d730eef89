// `x-branchyard.capture`: the files and folders of each service copied into the teardown capture.

import { asMap, asStringOrList, at, isNull, report, type At } from './nodeReaders.ts';
import type { ParsedService } from './parseService.ts';
import type { Loc, YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

/** One service's entry under x-branchyard.capture, kept with its place until services are known. */
export interface CaptureEntry {
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
export function readCapture(where: At, node: YNode): CaptureEntry[] {
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
export function applyCapture(where: At, services: ParsedService[], entries: CaptureEntry[]): void {
  for (const entry of entries) {
    const s = services.find((x) => x.spec.name === entry.service);
    if (!s) where.reporter.issue(entry.keyLoc, entry.field, `no service ${quote(entry.service)} in the file to capture files of`);
    else if (entry.paths.length > 0) s.spec.capture = entry.paths;
  }
}
