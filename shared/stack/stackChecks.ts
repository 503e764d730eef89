// Checks across the services of a file, once each is read: references to volumes, networks and
// other services (depends_on, links, volumes_from, network_mode, ipc, pid), dependency cycles,
// container names and images. Which networks the services end up on: stackNetworks.ts.

import type { VolumeSpec } from './model.ts';
import { imageReferenceProblem } from './imageReference.ts';
import type { At } from './nodeReaders.ts';
import type { ParsedService } from './parseService.ts';
import { presetVolumeName } from './presets.ts';
import { quote } from '../text/quote.ts';

/** The services of profiles that are not active: known, but not part of the stack. */
export type Disabled = Map<string, ParsedService>;

function profileHint(s: ParsedService): string {
  const p = s.spec.profiles ?? [];
  return `only in profile${p.length > 1 ? 's' : ''} ${p.join(', ')}: add --profile ${p[0]}`;
}

/** Compose's rule: a named volume must be declared at the top level, unless a preset makes it. */
export function checkVolumeReferences(where: At, services: ParsedService[], declared: VolumeSpec[]): void {
  const known = new Set(declared.map((v) => v.name));
  for (const s of services) if (s.preset) known.add(presetVolumeName(s.spec.name));
  for (const s of services) {
    for (const ref of s.volumeReferences) {
      if (known.has(ref.name)) continue;
      where.reporter.issue(ref.loc, ref.field, `volume ${quote(ref.name)} is not declared under the top-level volumes:`, s.spec.name);
    }
  }
}

/**
 * links, volumes_from, network_mode/ipc/pid service:X name services of the stack, and make them
 * start first (as compose does). A link's alias becomes another name of the linked service.
 */
export function checkServiceRefs(where: At, services: ParsedService[], disabled: Disabled): void {
  const byName = new Map(services.map((s) => [s.spec.name, s]));
  for (const s of services) {
    for (const ref of s.serviceRefs) {
      const issue = (message: string) => where.reporter.issue(ref.loc, ref.field, message, s.spec.name);
      const target = byName.get(ref.service);
      if (ref.service === s.spec.name) {
        issue(`service '${s.spec.name}' refers to itself in ${ref.key}`);
        continue;
      }
      if (!target) {
        const off = disabled.get(ref.service);
        issue(off
          ? `service '${s.spec.name}' refers to ${quote(ref.service)} in ${ref.key}, which is ${profileHint(off)}`
          : `service '${s.spec.name}' refers to undefined service ${quote(ref.service)} in ${ref.key}`);
        continue;
      }
      if (ref.alias && ref.alias !== ref.service) {
        const aliases = (target.spec.linkAliases ??= []);
        if (!aliases.includes(ref.alias)) aliases.push(ref.alias);
      }
      if (!s.dependsOn.some((d) => d.name === ref.service)) {
        s.dependsOn.push({ name: ref.service, condition: 'service_started', required: true, loc: ref.loc, field: ref.field });
      }
    }
    checkNetworkModeConflicts(where, s);
  }
}

/** What a service that uses another's network (network_mode service:X) cannot set itself. */
function checkNetworkModeConflicts(where: At, s: ParsedService): void {
  const mode = s.spec.networkMode;
  if (!mode || !s.networkModeLoc) return;
  const { loc, field } = s.networkModeLoc;
  const issue = (message: string) => where.reporter.issue(loc, field, message, s.spec.name);
  if (s.networkRefs.length) issue(`service '${s.spec.name}' declares both network_mode and networks: keep one`);
  if (s.xIp) issue(`service '${s.spec.name}' has network_mode ${mode} and x-ip: a service without a network of its own has no address`);
  if (!mode.startsWith('service:')) return;
  const set = [
    s.spec.ports.length && 'ports', s.spec.expose.length && 'expose', s.spec.hostname && 'hostname', s.spec.extraHosts.length && 'extra_hosts',
    s.spec.runtime?.dns && 'dns', s.spec.runtime?.dnsSearch && 'dns_search', s.spec.runtime?.macAddress && 'mac_address',
  ].filter(Boolean);
  if (set.length) issue(`service '${s.spec.name}' uses the network of ${mode.slice(8)}, so it cannot set ${set.join(', ')}: set them on ${mode.slice(8)}`);
}

/** Two services must not end up with one container name (`container_name` or the service name). */
export function checkContainerNames(where: At, services: ParsedService[], stackName: string | undefined): void {
  const owners = new Map<string, string>();
  for (const s of services) {
    const suffix = s.spec.containerName ?? s.spec.name;
    const first = owners.get(suffix);
    const place = s.containerNameLoc ?? { loc: s.keyLoc, field: s.field };
    if (first !== undefined) {
      where.reporter.issue(place.loc, place.field, `services '${first}' and '${s.spec.name}' would have the same container name ${quote(suffix)}`, s.spec.name);
    } else owners.set(suffix, s.spec.name);
    if (s.spec.containerName && s.spec.containerName !== s.spec.name) {
      where.reporter.warn(`service '${s.spec.name}': container_name '${s.spec.containerName}' becomes '${stackName ?? '<stack>'}-${s.spec.containerName}', so that the template runs once per branch`);
    }
  }
}

/** Images: from the file, a preset, or (for builds) a name of our own; and the reference syntax. */
export function finishServices(where: At, services: ParsedService[], templateName: string): void {
  for (const s of services) {
    const spec = s.spec;
    const named = (loc = s.keyLoc, field = s.field) => (message: string) => where.reporter.issue(loc, field, message, spec.name);
    if (s.pullPolicyLoc && !spec.build && !spec.s2i) named(s.pullPolicyLoc.loc, s.pullPolicyLoc.field)(`service '${spec.name}' has pull_policy build but no build:`);
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

export function checkDependencies(where: At, services: ParsedService[], disabled: Disabled): void {
  const byName = new Map(services.map((s) => [s.spec.name, s]));
  for (const s of services) {
    for (const dep of s.dependsOn) {
      const off = disabled.get(dep.name);
      if (byName.has(dep.name)) s.spec.dependsOn[dep.name] = dep.condition;
      else if (!dep.required) where.reporter.warn(`service '${s.spec.name}' depends on ${quote(dep.name)} (not required), which is not ${off ? 'in an active profile' : 'in the file'}`);
      else if (off) where.reporter.issue(dep.loc, dep.field, `service '${s.spec.name}' depends on ${quote(dep.name)}, which is ${profileHint(off)}`, s.spec.name);
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
