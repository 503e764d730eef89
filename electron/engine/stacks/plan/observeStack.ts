// Observe: everything the planner needs to know about what the Docker engine has, read once and
// in parallel (containers, networks, volumes, images, and for s2i services the commit their ref
// points at). Nothing here decides anything; planUp.ts does, as a pure function of this snapshot.

import type Docker from 'dockerode';
import type { StackTemplate } from '../../../../shared/stack/model.ts';
import { type Cidr, parseCidr } from '../../../../shared/net/ipv4.ts';
import { repositoryLocation, resolvedS2i } from '../../build/buildStack.ts';
import { externalInputsDigest } from '../../build/s2i/scripts.ts';
import { type SourceCommit, resolveCommit } from '../../build/source/gitSource.ts';
import { copySource } from '../../build/source/workingTree.ts';
import { statusOf } from '../../docker/connect.ts';
import { LABEL } from '../../docker/labels.ts';
import { type HostNetwork, readHostNetworks } from '../../networks/hostNetworks.ts';
import { cacheDir } from '../../paths.ts';
import { volumeName } from '../stackVolumes.ts';
import { type StackListing, listStack } from '../inspectStacks.ts';

export interface ObservedImage {
  id: string;
  labels: Record<string, string>;
}

export interface ObservedNetwork {
  id: string;
  name: string;
  subnet?: Cidr;
  /** Of the stack's own: the network's name in the file (its label; `default` for one made before there was the label). */
  network?: string;
  internal?: boolean;
}

export interface ObservedStack {
  /** The stack's containers by service name (the newest if there are several). */
  containers: Map<string, Docker.ContainerInfo>;
  /** The stack's own networks. */
  networks: ObservedNetwork[];
  /** Every other network of the engine, by name: an external network of the file must be among them. */
  external: Map<string, ObservedNetwork>;
  /** Every IPv4 subnet of every engine network: a new stack network must overlap none. */
  usedSubnets: Cidr[];
  /** Engine volume names that exist, of those the file names. */
  volumes: Set<string>;
  /** Image references of the file (images run, builders, build targets): undefined = not there. */
  images: Map<string, ObservedImage | undefined>;
  /** s2i services: the commit their ref points at now. */
  commits: Map<string, SourceCommit>;
  /** s2i services that read scripts behind a URL or inject files: a digest of those now. */
  scriptsDigests?: Map<string, string>;
  /**
   * The routes and interface networks of the machine the engine runs on, which a new stack
   * network must not shadow; undefined when they cannot be known (an engine elsewhere).
   */
  hostNetworks?: HostNetwork[];
}

export interface ObserveOptions {
  stack: string;
  branch?: string;
  /** The stack file's folder (relative repository paths). */
  dir: string;
  /** Services to converge (default all): only their builds are resolved. */
  only?: string[];
  /** The engine runs on this machine: read this machine's networks (see hostNetworks.ts). */
  localEngine?: boolean;
  /** Nothing will be built (recreate): no ref is fetched. */
  noBuild?: boolean;
  /** The stack's containers and the engine's networks, already read under this operation's lock. */
  listed?: StackListing;
  signal?: AbortSignal;
}

function subnetOf(n: Docker.NetworkInspectInfo): Cidr | undefined {
  // The first IPv4 subnet: a network with IPv6 may list that one first.
  for (const config of n.IPAM?.Config ?? []) {
    const c = config.Subnet ? parseCidr(config.Subnet) : undefined;
    if (c && 'network' in c) return c;
  }
  return undefined;
}

/** The engine's networks as the planners see them: the stack's own (by label), and the others by name. */
export function observeNetworks(stack: string, networks: Docker.NetworkInspectInfo[]): Pick<ObservedStack, 'networks' | 'external' | 'usedSubnets'> {
  const own: ObservedNetwork[] = [];
  const external = new Map<string, ObservedNetwork>();
  for (const n of networks) {
    const seen: ObservedNetwork = { id: n.Id, name: n.Name, subnet: subnetOf(n), ...(n.Internal ? { internal: true } : {}) };
    if (n.Labels?.[LABEL.stack] === stack) own.push({ ...seen, network: n.Labels[LABEL.network] ?? (n.Name === `${stack}_default` ? 'default' : n.Name) });
    else external.set(n.Name, seen);
  }
  return {
    networks: own,
    external,
    usedSubnets: networks.flatMap((n) =>
      (n.IPAM?.Config ?? []).flatMap((c) => {
        const p = c.Subnet ? parseCidr(c.Subnet) : undefined;
        return p && 'network' in p ? [p] : [];
      }),
    ),
  };
}

async function inspectImage(docker: Docker, ref: string): Promise<ObservedImage | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    return { id: info.Id, labels: info.Config?.Labels ?? {} };
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

export async function observeStack(docker: Docker, template: StackTemplate, o: ObserveOptions): Promise<ObservedStack> {
  const converging = template.services.filter((s) => !o.only || o.only.includes(s.name));
  const imageRefs = new Set<string>(template.services.map((s) => s.image));
  for (const s of converging) for (const m of s.mounts) if (m.type === 'image') imageRefs.add(m.source);
  for (const s of converging) if (s.s2i) imageRefs.add(s.s2i.builder);
  const volumeNames = template.volumes.map((v) => v.external ?? volumeName(o.stack, v.name));

  const [{ containers, networks }, volumes, images, commits] = await Promise.all([
    o.listed ?? listStack(docker, o.stack, o.signal),
    Promise.all(
      volumeNames.map(async (name) => {
        try {
          await docker.getVolume(name).inspect({ abortSignal: o.signal });
          return name;
        } catch (e) {
          if (statusOf(e) === 404) return undefined;
          throw e;
        }
      }),
    ),
    Promise.all([...imageRefs].map(async (ref) => [ref, await inspectImage(docker, ref)] as const)),
    Promise.all(
      converging
        .filter((s) => s.s2i && !o.noBuild)
        .map(async (s) => {
          const ref = s.s2i!.ref ?? o.branch;
          // Without a ref the build step itself reports the problem with its field.
          if (!ref && !s.s2i!.copy) return undefined;
          const location = repositoryLocation(s.s2i!.git, o.dir);
          const [commit, digest] = await Promise.all([
            // a copied working tree's "commit" is a digest of its files (see workingTree.ts)
            s.s2i!.copy ? copySource(location).commit : resolveCommit(location, ref!, { cacheDir: cacheDir(), signal: o.signal }),
            externalInputsDigest(resolvedS2i(s.s2i!, o.dir)),
          ]);
          return [s.name, commit, digest] as const;
        }),
    ),
  ]);

  const byService = new Map<string, Docker.ContainerInfo>();
  for (const c of [...containers].sort((a, b) => a.Created - b.Created)) byService.set(c.Labels[LABEL.service] ?? c.Id, c);
  return {
    containers: byService,
    ...observeNetworks(o.stack, networks),
    volumes: new Set(volumes.filter((v): v is string => Boolean(v))),
    images: new Map(images),
    commits: new Map(commits.flatMap((c) => (c ? [[c[0], c[1]] as const] : []))),
    scriptsDigests: new Map(commits.flatMap((c) => (c?.[2] ? [[c[0], c[2]] as const] : []))),
    ...(o.localEngine ? { hostNetworks: readHostNetworks() } : {}),
  };
}
