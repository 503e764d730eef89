// `external:` of a top-level volume, network, secret or config, checked as the compose loader
// checks it: `external: true` allows only `name` beside it, and `name` conflicts with the
// deprecated `external.name`.

import { EXTERNAL_KEYS, readKeys } from './composeKeys.ts';
import { asNonEmptyString, at, report, type At } from './nodeReaders.ts';
import { asFlag } from './units.ts';
import type { YMap } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

/** Keys beside `external: true` that compose allows: anything else conflicts with it. */
const BESIDE_EXTERNAL = ['external', 'name'];

/** Refuses `external: true` with other options and `name` with `external.name`, as the compose loader does. */
export function checkExternal(where: At, body: YMap, what: string): { external: boolean; name?: string } {
  const ext = body.entries.find((e) => e.key === 'external');
  const nameEntry = body.entries.find((e) => e.key === 'name');
  if (!ext) return { external: false };
  let external = false;
  let externalName: string | undefined;
  if (ext.value.kind === 'map') {
    const inner = readKeys(at(where, 'external'), ext.value, EXTERNAL_KEYS, `external of ${what}`);
    external = true;
    const n = inner.find((x) => x.key === 'name');
    if (n) {
      externalName = asNonEmptyString(at(at(where, 'external'), 'name'), n.value, 'a name');
      if (nameEntry) report(at(where, 'external'), n.value.loc, `${what}: name and external.name conflict; only use name`);
    }
  } else external = asFlag(at(where, 'external'), ext.value) ?? false;
  if (!external) return { external };
  for (const e of body.entries) {
    if (BESIDE_EXTERNAL.includes(e.key) || e.key.startsWith('x-')) continue;
    report(at(where, e.key), e.keyLoc, `${what}: conflicting parameters "external" and ${quote(e.key, '"')} specified`);
  }
  const name = nameEntry ? asNonEmptyString(at(where, 'name'), nameEntry.value, 'a name') : undefined;
  return { external, name: externalName ?? name };
}
