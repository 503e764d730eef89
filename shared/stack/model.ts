// The stack model: what a stack file means once it has been parsed, interpolated, validated and
// had its presets applied. Everything the engine needs, nothing it has to re-derive from YAML.
// Plain data (JSON-serialisable) so it can cross to the renderer and be hashed.

export type PresetName = 'mysql' | 'mongo' | 'redis';

export type DependencyCondition =
  | 'service_started'
  | 'service_healthy'
  | 'service_completed_successfully';

export interface HealthcheckSpec {
  /** Docker's form: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"] (disable). */
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
  startPeriodNs?: number;
  /** Needs Docker API 1.44+; older engines ignore it (the engine leaves it out there). */
  startIntervalNs?: number;
}

export interface PortSpec {
  /** Container port. */
  target: number;
  /** Host port; undefined lets the engine choose one. */
  published?: number;
  /** `"6005-6015:80"`: the engine takes a free host port from published to publishedLast. */
  publishedLast?: number;
  hostIp?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export type MountSpec =
  /** `subpath`: a folder inside the volume (engine API 1.45+); `noCopy`: the image's files are not copied in. */
  | { type: 'volume'; source: string; target: string; readOnly: boolean; subpath?: string; noCopy?: true }
  /** `type: image`: an image's files, read-only (engine API 1.48+); `subpath` a folder of it. */
  | { type: 'image'; source: string; target: string; readOnly: boolean; subpath?: string }
  /** A volume without a name: created with the container, removed with it. */
  | { type: 'anonymous'; target: string }
  /**
   * `source` is as written (rebased onto the stack file's folder when it comes from an included
   * or extended file); relative paths are resolved by the engine against the file's folder.
   * `createHostPath: false` (long syntax) makes a missing source an error instead of a new folder.
   */
  | { type: 'bind'; source: string; target: string; readOnly: boolean; mode?: string; createHostPath?: false }
  | { type: 'tmpfs'; target: string; options?: string };

/**
 * A secret or config made from an environment variable or inline content: written into the
 * container before it first starts (as docker compose does), not mounted.
 */
export interface InjectedFileSpec {
  kind: 'secret' | 'config';
  /** Its name under the top-level secrets: or configs:. */
  source: string;
  /** Absolute path in the container: /run/secrets/<name> for a secret, the config's target. */
  target: string;
  /** The variable's value, or the content as interpolated; absent: the variable is not set. */
  content?: string;
  /** `environment: NAME`: the variable it comes from. */
  variable?: string;
  /** File mode (0444 unless the service's long syntax says otherwise). */
  mode: number;
  /** Owner: root (0) unless given. */
  uid?: number;
  gid?: number;
}

/** A lifecycle hook (`post_start`, `pre_stop`): a command run in the container with exec. */
export interface LifecycleHookSpec {
  /** An argument array (a string in the file is split like a shell would, never run by one). */
  command: string[];
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  /** Beside the container's own environment. */
  environment?: Record<string, string>;
}

/** `volumes_from: [service, service:ro]`. */
export interface VolumesFromSpec {
  service: string;
  readOnly: boolean;
}

/** Compose `build:` (Dockerfile builds). Carried in the model; built by the build capability. */
export interface DockerBuildSpec {
  context: string;
  dockerfile?: string;
  /** `dockerfile_inline`: the Dockerfile itself, put into the context as it is sent. */
  dockerfileInline?: string;
  args: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  cacheFrom?: string[];
  shmSizeBytes?: number;
  /** `host:ip` pairs for the build's /etc/hosts. */
  extraHosts?: string[];
  /** The network RUN steps use: default, none, host, or a network's name. */
  network?: string;
  noCache?: boolean;
  pull?: boolean;
  /** More tags the built image gets, beside the service's image. */
  tags?: string[];
  /** `platforms:` of one entry: the platform to build for. */
  platform?: string;
  ulimits?: Record<string, { soft: number; hard: number }>;
  isolation?: string;
}

/** A source-to-image build (see docs/builds.md). */
export interface S2iSpec {
  /** Builder image. */
  builder: string;
  /** Any URL git accepts, or a local path (relative paths: against the stack file's folder). */
  git: string;
  /** Branch, tag or commit; undefined: the stack's branch. */
  ref?: string;
  /** Folder of the repository to build, relative; '.' for the root. */
  contextDir: string;
  /** Build environment, also kept in the image (after .s2i/environment). */
  env: Record<string, string>;
  /** Reuse the previous image's save-artifacts output. */
  incremental: boolean;
  /** Explicit scripts location (image:///path, file:// or http(s)://), before .s2i/bin and labels. */
  scriptsUrl?: string;
  /** true: push the built image as tagged; a string: push it to that registry too. */
  push?: boolean | string;
  /** s2i's --exclude: a regular expression over source file paths left out of the upload. */
  exclude?: string;
  /** s2i's --ignore-submodules: submodule folders stay empty. */
  ignoreSubmodules?: boolean;
  /** s2i's --assemble-user: the user assemble runs as, instead of the builder's label or USER. */
  assembleUser?: string;
  /** s2i's --allowed-uids: ranges like `1-` or `1000-2000,3000` the assemble user must be in. */
  allowedUids?: string;
  /** s2i's --incremental-pull-policy for the previous image (default if-not-present). */
  incrementalPullPolicy?: 'always' | 'never' | 'if-not-present';
  /** s2i's --runtime-image: the result is built on this image from the artifacts (two-image build). */
  runtimeImage?: string;
  /** s2i's --runtime-artifact: `source` in the builder after assemble, `destination` under the runtime's WORKDIR. */
  runtimeArtifacts?: { source: string; destination: string }[];
  /** s2i's --copy: `git` is a local folder built as it is (uncommitted files too), not a commit. */
  copy?: boolean;
  /** s2i's --inject: host files or folders (relative: to the stack file) present at `destination` during assemble only. */
  inject?: { source: string; destination: string }[];
}

/** `devices:` entry: a host device made available in the container. */
export interface DeviceSpec {
  source: string;
  target: string;
  /** cgroup permissions, e.g. rwm. */
  permissions: string;
}

/** A device request (`gpus:`, `deploy.resources.reservations.devices`). */
export interface DeviceRequestSpec {
  driver?: string;
  /** -1: all devices. */
  count?: number;
  deviceIds?: string[];
  capabilities: string[];
  options?: Record<string, string>;
}

/** CPU, memory and process limits: the legacy keys (mem_limit, cpus, ...) and deploy.resources. */
export interface ResourcesSpec {
  memoryBytes?: number;
  memoryReservationBytes?: number;
  /** Memory plus swap; -1: unlimited swap. */
  memorySwapBytes?: number;
  memorySwappiness?: number;
  /** CPUs in billionths (cpus: 0.5 => 5e8). */
  nanoCpus?: number;
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  cpuRealtimePeriod?: number;
  cpuRealtimeRuntime?: number;
  cpusetCpus?: string;
  cpuCount?: number;
  cpuPercent?: number;
  pidsLimit?: number;
  oomKillDisable?: boolean;
  blkioWeight?: number;
  blkioWeightDevice?: Array<{ path: string; weight: number }>;
  blkioDeviceReadBps?: Array<{ path: string; rate: number }>;
  blkioDeviceWriteBps?: Array<{ path: string; rate: number }>;
  blkioDeviceReadIOps?: Array<{ path: string; rate: number }>;
  blkioDeviceWriteIOps?: Array<{ path: string; rate: number }>;
  deviceRequests?: DeviceRequestSpec[];
}

/**
 * How the container runs, beyond image and command: the compose keys that map straight onto the
 * engine's create options. Absent keys are left to the engine's defaults.
 */
export interface RuntimeSpec {
  init?: boolean;
  privileged?: boolean;
  readOnly?: boolean;
  stdinOpen?: boolean;
  tty?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  securityOpt?: string[];
  sysctls?: Record<string, string>;
  /** name -> limits; `nofile: 1024` gives soft and hard 1024. */
  ulimits?: Record<string, { soft: number; hard: number }>;
  devices?: DeviceSpec[];
  deviceCgroupRules?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOpt?: string[];
  domainname?: string;
  shmSizeBytes?: number;
  /** host, private, shareable, none, or `service:NAME` (another service of the stack). */
  ipc?: string;
  /** host, or `service:NAME`. */
  pid?: string;
  uts?: string;
  usernsMode?: string;
  cgroup?: 'host' | 'private';
  cgroupParent?: string;
  groupAdd?: string[];
  runtime?: string;
  isolation?: string;
  macAddress?: string;
  oomScoreAdj?: number;
  storageOpt?: Record<string, string>;
  annotations?: Record<string, string>;
  logging?: { driver?: string; options: Record<string, string> };
  resources?: ResourcesSpec;
}

/** `pull_policy`: when the image is pulled (build: it is built from `build:`). */
export type PullPolicy = 'always' | 'never' | 'missing' | 'build';

/** The networks of the file a service joins, with its aliases and fixed address there. */
export interface ServiceNetworkSpec {
  network: string;
  aliases: string[];
  /** ipv4_address as written (on a stack network, hostNumber holds its place in that network's subnet). */
  ipv4Address?: string;
  /**
   * The container's host number in this network's subnet (x-ip or ipv4_address on it, else one
   * assigned). Absent on an external network: there the address is ipv4Address, or the engine's.
   */
  hostNumber?: number;
  macAddress?: string;
  driverOpts?: Record<string, string>;
}

/**
 * A network of the file (top-level `networks:`) that services of the stack are on; every stack
 * has at least one. The stack makes each one as `<stack>_<name>` (or `<stack>_<engineName>`) on
 * its own subnet, except external ones, which it joins as they are.
 */
export interface NetworkSpec {
  name: string;
  /** `external: true`: the engine network of this name, joined, never made or removed. */
  external?: string;
  /** `name:` without external: the engine network is `<stack>_<engineName>` (one per stack). */
  engineName?: string;
  /**
   * The subnet of `ipam.config[0].subnet`, or for the stack's first network
   * `x-branchyard.subnet` (then StackTemplate.subnet too); absent: a /24 of the pool.
   */
  subnet?: string;
  internal?: boolean;
  driverOpts?: Record<string, string>;
  labels: Record<string, string>;
}

export interface ServiceSpec {
  name: string;
  /**
   * `container_name:` as written: the container is `<stack>-<containerName>` instead of
   * `<stack>-<name>`, so a template still runs once per branch.
   */
  containerName?: string;
  preset?: PresetName;
  image: string;
  build?: DockerBuildSpec;
  /** `x-s2i`: the image is built from source with a source-to-image builder. */
  s2i?: S2iSpec;
  /** Run after Branchyard starts the container; one that fails fails the service's start. */
  postStart?: LifecycleHookSpec[];
  /** Run before Branchyard stops the container (stop, teardown, recreate). */
  preStop?: LifecycleHookSpec[];
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  workingDir?: string;
  user?: string;
  hostname?: string;
  ports: PortSpec[];
  /** Container ports exposed without publishing, as `port/proto`. */
  expose: string[];
  mounts: MountSpec[];
  /** Secrets and configs from environment: or content:, written in before the first start. */
  files?: InjectedFileSpec[];
  labels: Record<string, string>;
  healthcheck?: HealthcheckSpec;
  dependsOn: Record<string, DependencyCondition>;
  /** Docker restart policy name: no | always | on-failure[:N] | unless-stopped. */
  restart?: string;
  stopSignal?: string;
  stopGracePeriodS?: number;
  /** `host:ip` pairs. */
  extraHosts: string[];
  /** The compose keys that map onto the engine's create options (init, cap_add, resources, ...). */
  runtime?: RuntimeSpec;
  /**
   * `network_mode`: `none` (no network), or `service:NAME` (share that service's network stack).
   * Such a service has no address of its own: hostNumber is 0.
   */
  networkMode?: string;
  /**
   * The file's networks the service is on, in the order written (absent: the default network
   * only). Each has its own aliases and address.
   */
  networks?: ServiceNetworkSpec[];
  /** `links: [db:database]` on another service: the extra names this service answers to. */
  linkAliases?: string[];
  volumesFrom?: VolumesFromSpec[];
  pullPolicy?: PullPolicy;
  /** `platform: linux/amd64`: the platform the image is pulled and the container created for. */
  platform?: string;
  /** `profiles:` of the service: it is in the stack only when one of them is active. */
  profiles?: string[];
  /**
   * The container's fixed address on its first network (the one x-ip is on: `default` for a
   * service without networks:), as a host number in that network's subnet (x-ip: 10 => .10 in
   * a /24). `ipv4_address` in the file is turned into this number when the file names the
   * subnet. Services without either get a host number assigned (see assignHostNumbers), so
   * every container has one. 0: no address of its own (network_mode, or external networks only).
   */
  hostNumber: number;
  /**
   * `x-branchyard.capture.<service>`: absolute paths inside the container copied into the
   * teardown capture (files or folders), as written in the file. Absent when none are listed.
   */
  capture?: string[];
}

/** A named volume declared at the top level (or implied by a preset). */
export interface VolumeSpec {
  name: string;
  /** Use an existing engine volume of this name instead of creating `<stack>_<name>`. */
  external?: string;
  /** `name:` without external: the engine volume is `<stack>_<engineName>` (one per stack). */
  engineName?: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels: Record<string, string>;
}

export interface StackTemplate {
  /** Template name (`name:` in the file, else the file's base name). */
  name: string;
  /** The file it came from, as given, for messages. */
  file: string;
  /**
   * CIDR of the stack's first network (`x-branchyard.subnet`, or that network's ipam subnet);
   * undefined means: allocate from the pool.
   */
  subnet?: string;
  /** `x-branchyard.git`: the repository the app offers branches of (not used by builds). */
  git?: string;
  /** Services in file order (those of profiles that are not active are left out). */
  services: ServiceSpec[];
  volumes: VolumeSpec[];
  /**
   * The file's networks the services are on, the stack's first network first (`default` when a
   * service is on it, else the first declared one that is not external); absent: just `default`.
   */
  networks?: NetworkSpec[];
  /** The profiles that were active when the file was read (absent: none). */
  profiles?: string[];
  /**
   * Every profile the file's services name, active or not, in the order the file first names
   * them, with its services (absent: no service has profiles): what the app offers to pick.
   */
  profileChoices?: Array<{ name: string; services: string[] }>;
}
