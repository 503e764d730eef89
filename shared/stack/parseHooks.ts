// Lifecycle hooks, `post_start` and `pre_stop`: lists of commands run in the container with exec
// (compose's `command`, `user`, `privileged`, `working_dir`, `environment`). The command is an
// argument array; a string is split like a shell would split it and never run by one.

import { HOOK_KEYS, readKeys } from './composeKeys.ts';
import type { LifecycleHookSpec } from './model.ts';
import type { Variables } from './interpolate.ts';
import { asKeyValues, asMap, asNonEmptyString, asSeq, at, report, type At } from './nodeReaders.ts';
import { parseArgv, resolveFromVars } from './parseServiceFields.ts';
import { asFlag } from './units.ts';
import type { YNode } from './yamlNodes.ts';

export function parseHooks(where: At, node: YNode, vars: Variables, key: 'post_start' | 'pre_stop'): LifecycleHookSpec[] | undefined {
  const list = asSeq(where, node, `a list of hooks like - command: [./${key === 'post_start' ? 'warm-up' : 'drain'}.sh]`);
  if (!list) return undefined;
  const hooks: LifecycleHookSpec[] = [];
  list.items.forEach((item, i) => {
    const hookAt = at(where, i);
    const map = asMap(hookAt, item, 'a hook: a mapping with command');
    if (!map) return;
    const hook: Partial<LifecycleHookSpec> = {};
    for (const e of readKeys(hookAt, map, HOOK_KEYS, `a ${key} hook of service '${where.service}'`)) {
      const keyAt = at(hookAt, e.key);
      if (e.key === 'command') {
        const argv = parseArgv(keyAt, e.value);
        if (argv?.length === 0) report(keyAt, e.value.loc, 'expected a command, got an empty one');
        else if (argv) hook.command = argv;
      } else if (e.key === 'user') hook.user = asNonEmptyString(keyAt, e.value, 'a user like 1000 or "app:app"');
      else if (e.key === 'privileged') hook.privileged = asFlag(keyAt, e.value);
      else if (e.key === 'working_dir') hook.workingDir = asNonEmptyString(keyAt, e.value, 'an absolute path');
      else hook.environment = resolveFromVars(asKeyValues(keyAt, e.value), vars);
    }
    if (!map.entries.some((e) => e.key === 'command')) report(hookAt, item.loc, `a ${key} hook needs a command`);
    if (!hook.command) return;
    for (const k of Object.keys(hook) as Array<keyof LifecycleHookSpec>) if (hook[k] === undefined) delete hook[k];
    hooks.push(hook as LifecycleHookSpec);
  });
  return hooks.length ? hooks : undefined;
}
