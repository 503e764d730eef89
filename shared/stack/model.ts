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
  hostIp?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export type MountSpec =
  | { type: 'volume'; source: string; target: string; readOnly: boolean }
  /** A volume without a name: created with the container, removed with it. */
  | { type: 'anonymous'; target: string }
  /** `source` is as written; relative paths are resolved by the engine against the file's folder. */
  | { type: 'bind'; source: string; target: string; readOnly: boolean; mode?: string }
  | { type: 'tmpfs'; target: string; options?: string };

/** Compose `build:` (Dockerfile builds). Carried in the model; built by the build capability. */
export interface DockerBuildSpec {
  context: string;
  dockerfile?: string;
  args: Record<string, string>;
  target?: string;
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
}

export interface ServiceSpec {
  name: string;
  preset?: PresetName;
  image: string;
  build?: DockerBuildSpec;
  /** `x-s2i`: the image is built from source with a source-to-image builder. */
  s2i?: S2iSpec;
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
  labels: Record<string, string>;
  healthcheck?: HealthcheckSpec;
  dependsOn: Record<string, DependencyCondition>;
  /** Docker restart policy name: no | always | on-failure[:N] | unless-stopped. */
  restart?: string;
  stopSignal?: string;
  stopGracePeriodS?: number;
  /** `host:ip` pairs. */
  extraHosts: string[];
  /**
   * The container's fixed address inside the stack's subnet, as a host number (x-ip: 10 => .10 in a
   * /24). `ipv4_address` in the file is turned into this number when the file names its subnet.
   * Services without either get a host number assigned (see assignHostNumbers), so every container
   * has one.
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
  labels: Record<string, string>;
}

export interface StackTemplate {
  /** Template name (`name:` in the file, else the file's base name). */
  name: string;
  /** The file it came from, as given, for messages. */
  file: string;
  /** CIDR from `x-branchyard.subnet`; undefined means: allocate from the pool. */
  subnet?: string;
  /** `x-branchyard.git`: the repository the app offers branches of (not used by builds). */
  git?: string;
  /** Services in file order. */
  services: ServiceSpec[];
  volumes: VolumeSpec[];
}
