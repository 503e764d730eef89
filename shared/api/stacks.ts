// Parameters and results of the stack operations as the contract carries them.

import type { Issue } from '../errors/errors.ts';
import type { StackTemplate } from '../stack/model.ts';
import type { StackStatus } from '../stack/status.ts';
import type { CaptureSummary, ExpiredCapture } from './captures.ts';
import type { UpPlan } from './plan.ts';

/**
 * Which stack a file addresses: <template>-<branch slug> unless `name` is given. The file is one
 * of: a path (any path from the command line; the app and the browser mode only paths in the
 * engine's own folders), a template id (<templates folder>/<id>.yml), or the file's content as
 * the page has it.
 */
export interface StackFileParams {
  /** Path of the stack file. */
  file?: string;
  /** Id of a stack file in the templates folder (the templatesDir setting): <id>.yml or <id>.yaml. */
  template?: string;
  /** The stack file's text; `up` keeps it as <data dir>/stack-files/<stack>.yml for redeploy. */
  content?: string;
  branch?: string;
  name?: string;
  /**
   * Compose profiles to activate (`--profile`): services with `profiles:` are in the stack only
   * when one of theirs is active. Undefined: COMPOSE_PROFILES of the environment, as in compose.
   */
  profiles?: string[];
}

export interface ValidateResult {
  stack: string;
  template: string;
  services: string[];
  warnings: string[];
}

/** What `convert` answers: the stack's name and the file as the engine reads it. */
export interface ConvertResult {
  stack: string;
  template: StackTemplate;
  warnings: string[];
}

export interface UpParams extends StackFileParams {
  wait?: boolean;
  timeoutS?: number;
  /** Subnet pool for stacks without a subnet of their own. */
  pool?: string;
  /** Leave containers of services no longer in the file (default: capture their logs, then remove them). */
  keepOrphans?: boolean;
}

/** What `plan` answers: the operations `up` with the same params would run, and the file's warnings. */
export interface PlanResult {
  plan: UpPlan;
  warnings: string[];
}

export interface UpResult {
  stack: string;
  subnet: string;
  services: { name: string; action: 'created' | 'recreated' | 'started' | 'unchanged'; containerId: string; ip: string }[];
  /** The plan that was executed. */
  plan: UpPlan;
  /** Where the logs of the services removed as no longer in the file went. */
  orphansCapture?: CaptureSummary;
  status?: StackStatus;
  warnings: string[];
}

export interface BuildParams extends StackFileParams {
  services?: string[];
  /** s2i options for this build, over each built service's x-s2i (`branchyard build` flags). */
  s2i?: S2iBuildOverrides;
}

/** The x-s2i options a build may be given from the command line, as s2i's flags. */
export interface S2iBuildOverrides {
  exclude?: string;
  /** Absolute path of an s2i environment file, read by the engine. */
  envFile?: string;
  /** `SOURCE:DESTINATION`, SOURCE absolute. */
  inject?: string[];
  assembleUser?: string;
  allowedUids?: string;
  incrementalPullPolicy?: 'always' | 'never' | 'if-not-present';
  ignoreSubmodules?: boolean;
  incremental?: boolean;
  /** s2i's --copy: build the working tree of a local repository as it is. */
  copy?: boolean;
  runtimeImage?: string;
  /** `SOURCE[:DESTINATION]`, as s2i's --runtime-artifact. */
  runtimeArtifacts?: string[];
}

/** `branchyard build FILE SERVICE --usage`: what the builder's usage script says. */
export interface S2iUsageItem {
  service: string;
  builder: string;
  usage: string;
}

export interface BuildResultItem {
  image: string;
  imageId: string;
  reused: boolean;
  commit?: { id: string; ref: string; author: string; date: string; message: string; location: string };
}

export interface RedeployParams {
  stack: string;
  services?: string[];
  wait?: boolean;
  timeoutS?: number;
  /** Fetch and plan only: say what would be rebuilt and replaced, change nothing. */
  dryRun?: boolean;
}

export interface RedeployResult {
  stack: string;
  commits: { service: string; before?: string; after: string; changed: boolean }[];
  /** The plan for the changed services (absent when no commit changed). */
  plan?: UpPlan;
  status?: StackStatus;
}

export interface DownParams {
  stack: string;
  /**
   * Also remove the stack's named volumes (database data). Default false: they are kept, and
   * the result lists them in `keptVolumes`.
   */
  removeVolumes?: boolean;
  /** @deprecated the same as `removeVolumes` (what `down --volumes` sent before it had that name). */
  volumes?: boolean;
  /** Capture logs and files first (default true). */
  capture?: boolean;
  /** Remove even when the capture fails. */
  force?: boolean;
}

export interface DownResult {
  stack: string;
  removed: { containers: string[]; networks: string[]; volumes: string[] };
  /**
   * The stack's named volumes left in place (teardown without `removeVolumes`): the next `up`
   * of the stack finds their data again; `down` with `removeVolumes` (`branchyard down STACK
   * --volumes`) removes them, also once the stack is gone.
   */
  keptVolumes: string[];
  capture?: CaptureSummary;
  /** Set when --force removed the stack although its capture failed. */
  captureError?: string;
  /** Captures the retention setting removed after this teardown's own was written (oldest first). */
  expiredCaptures?: ExpiredCapture[];
}

/** A named volume of a stack, as the engine has it (its labels say whose it is). */
export interface StackVolume {
  /** The engine's name: `<stack>_<name>`. */
  name: string;
  /** The name in the stack file. */
  volume: string;
  /** When the engine made it (ISO 8601), when it says. */
  createdAt?: string;
}

/**
 * Where one service is in an `up`, `redeploy`, start, stop or recreate: the app draws one row per service from
 * these, the command line prints the message.
 */
export type ServicePhase =
  | 'pulling'
  | 'building'
  | 'creating'
  | 'waiting'
  | 'starting'
  | 'running'
  | 'healthy'
  | 'kept'
  | 'failed'
  | 'stopping'
  | 'stopped'
  | 'removed';

/** Progress of a long operation, sent to the caller while its request runs. */
export interface ProgressEvent {
  service?: string;
  /**
   * What happened, for a person: the command line prints exactly this, except for the passing
   * phases `creating` and `starting`, whose outcome the service's next event says.
   */
  message: string;
  /** The service entered this phase (absent for lines that change no phase: a build log line, a warning). */
  phase?: ServicePhase;
  /** pulling: bytes fetched so far and in all, summed over the image's layers. */
  bytes?: { done: number; total: number };
  /** The message is one line of the service's build log. */
  buildLog?: boolean;
  /** waiting: the services it waits for, and for what (`healthy`, `running`, `completed`). */
  waitingFor?: { service: string; condition: string }[];
  /** failed: the engine's reason (exit code, OOM, healthcheck output) and the service's last log lines. */
  failure?: { reason: string; exitCode?: number; lastLines: string[] };
}

/** Live status: a full list first and after every reconnect, then one stack at a time. */
export type StacksEvent =
  | { type: 'snapshot'; stacks: StackStatus[] }
  | { type: 'stack'; name: string; stack: StackStatus | null }
  /** The Docker engine at `endpoint` does not answer (the stream retries by itself). */
  | { type: 'disconnected'; reason: string; retryInMs: number; endpoint: string };

/** The settings (shared/api/settings.ts), named here too for the front ends that import them from here. */
export type { Settings } from './settings.ts';

export type { Issue };
