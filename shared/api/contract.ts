// The one contract between the engine and everything that drives it: the command line (in
// process), the Electron renderer (IPC) and the browser mode (WebSocket). Every transport is
// built from these two maps and the CONTRACT descriptor below; no side names a channel by hand.

import type { StackStatus } from '../stack/status.ts';
import type {
  CaptureArchive,
  CaptureFileEntry,
  CaptureFilePage,
  CaptureManifest,
  CaptureSummary,
  PruneResult,
  ReadCaptureFileParams,
  RemovedCapture,
} from './captures.ts';
import type { Settings, SettingsChange, SettingsDescription, WebhookKind, WebhookTestResult } from './settings.ts';
import type { ControlParams, ControlResult, RecreateParams, ServiceDetailsResult, StatsEvent } from './control.ts';
import type {
  ExportLogsParams,
  ExportLogsResult,
  LogDownloadEvent,
  LogDownloadParams,
  LogPageParams,
  LogPageResult,
  LogsEvent,
  LogsParams,
  SaveLogsParams,
  SearchLogsParams,
  SearchLogsResult,
} from './logs.ts';
import type {
  BuildParams,
  BuildResultItem,
  S2iUsageItem,
  ConvertResult,
  DownParams,
  DownResult,
  PlanResult,
  RedeployParams,
  RedeployResult,
  StackFileParams,
  StacksEvent,
  StackVolume,
  UpParams,
  UpResult,
  ValidateResult,
} from './stacks.ts';
import type { DesktopNotification, ShellEvent } from './shell.ts';
import type { ImportTemplateParams, ListBranchesParams, ListBranchesResult, TemplateDetail, TemplateSummary } from './templates.ts';
import type { TerminalEvent, TerminalInputParams, TerminalParams, TerminalResizeParams } from './terminal.ts';

/** Requests: one call, one result (or a BranchyardError). Long ones report progress on the way. */
export interface Requests {
  engineInfo: { params: Record<string, never>; result: { endpoint: string; apiVersion: string; version: string } };
  listStacks: { params: Record<string, never>; result: StackStatus[] };
  inspectStack: { params: { stack: string }; result: StackStatus | null };
  validate: { params: StackFileParams; result: ValidateResult };
  /** The file read as `up` reads it: the normalised stack (`branchyard convert`). */
  convert: { params: StackFileParams; result: ConvertResult };
  build: { params: BuildParams; result: BuildResultItem[] };
  /** The usage script of each named service's s2i builder (`branchyard build FILE SERVICE --usage`). */
  s2iUsage: { params: BuildParams; result: S2iUsageItem[] };
  /** What `up` with these params would do, touching nothing (`up --dry-run`, the app's preview). */
  plan: { params: UpParams; result: PlanResult };
  up: { params: UpParams; result: UpResult };
  redeploy: { params: RedeployParams; result: RedeployResult };
  /** Tear a stack down: capture first, then remove; then the capture retention setting is applied. */
  down: { params: DownParams; result: DownResult };
  /** The named volumes of a stack (also of one whose containers are gone): what a teardown keeps. */
  stackVolumes: { params: { stack: string }; result: StackVolume[] };
  /** Start a stack (or some services) stopped by a user or an engine restart: same IPs, in dependency order. */
  start: { params: ControlParams; result: ControlResult };
  /** Stop a stack (or some services), dependants first. */
  stop: { params: ControlParams; result: ControlResult };
  restart: { params: ControlParams; result: ControlResult };
  /** Remove services' containers and create them again from the stack's file, on the same IPs. */
  recreate: { params: RecreateParams; result: ControlResult };
  /** What the stack detail shows of each service: ports, image, commit, uptime, connection strings. */
  serviceDetails: { params: { stack: string }; result: ServiceDetailsResult };
  searchLogs: { params: SearchLogsParams; result: SearchLogsResult };
  exportLogs: { params: ExportLogsParams; result: ExportLogsResult };
  // The log view (issue 12): history paged from the engine, and the desktop app's Save as.
  /** Lines of the history around a position or a time (the log view's history, page by page). */
  logPage: { params: LogPageParams; result: LogPageResult };
  /** The desktop app: the shell asks where to save, then the export is written there; null when the user cancelled. */
  saveLogs: { params: SaveLogsParams; result: ExportLogsResult | null };
  terminalInput: { params: TerminalInputParams; result: null };
  terminalResize: { params: TerminalResizeParams; result: null };
  listCaptures: { params: { stack?: string }; result: CaptureSummary[] };
  showCapture: { params: { id: string }; result: CaptureManifest };
  /** The files of a capture, each with how a viewer shows it. */
  listCaptureFiles: { params: { id: string }; result: CaptureFileEntry[] };
  /** One page of one file of a capture (lines, logs as the log viewer's rows, or bytes). */
  readCaptureFile: { params: ReadCaptureFileParams; result: CaptureFilePage };
  /** How to get a whole archive: its path, and a download URL in the browser mode. */
  captureArchive: { params: { id: string }; result: CaptureArchive };
  /** The desktop app shows the archive in its folder; refused where there is no desktop shell. */
  showCaptureInFolder: { params: { id: string }; result: null };
  removeCapture: { params: { id: string }; result: RemovedCapture };
  /** Applies the capture retention setting now (dryRun: only says what it would remove). */
  pruneCaptures: { params: { dryRun?: boolean }; result: PruneResult };
  getSettings: { params: Record<string, never>; result: Settings };
  /** The settings with where each value comes from, and which this front end cannot change. */
  describeSettings: { params: Record<string, never>; result: SettingsDescription };
  /** Changes only the fields given; every field is checked first, and one bad field changes nothing. */
  setSettings: { params: SettingsChange; result: Settings };
  /** Posts a test message to a webhook (the one given, else the settings' own). */
  testWebhook: { params: { webhook?: { url: string; kind?: WebhookKind } }; result: WebhookTestResult };
  /** A native notification from the desktop app's shell; refused where there is none (the browser mode). */
  notify: { params: DesktopNotification; result: null };
  /** The stack files of the templates folder (the templatesDir setting). */
  listTemplates: { params: Record<string, never>; result: TemplateSummary[] };
  showTemplate: { params: { id: string }; result: TemplateDetail };
  /** Copies a compose file in; one that is not a compose file at all is refused with its issues. */
  importTemplate: { params: ImportTemplateParams; result: TemplateDetail };
  removeTemplate: { params: { id: string }; result: null };
  /** Branches to offer for a template: used before, and its repository's (git ls-remote). */
  listBranches: { params: ListBranchesParams; result: ListBranchesResult };
}

/** Event streams: subscribe, receive batches of events, dispose to end them engine-side. */
export interface Streams {
  stacks: { params: Record<string, never>; event: StacksEvent };
  logs: { params: LogsParams; event: LogsEvent };
  terminal: { params: TerminalParams; event: TerminalEvent };
  /** Export as a download (browser mode, the app): the file's bytes, flow-controlled. */
  logDownload: { params: LogDownloadParams; event: LogDownloadEvent };
  /** Live CPU and memory of a stack's running containers, followed as they start and stop. */
  stats: { params: { stack: string }; event: StatsEvent };
  /** What the desktop app's shell asks of the page (a clicked notification, a menu item); silent elsewhere. */
  shellEvents: { params: Record<string, never>; event: ShellEvent };
}

export type RequestName = keyof Requests;
export type StreamName = keyof Streams;
export type ParamsOf<K extends RequestName> = Requests[K]['params'];
export type ResultOf<K extends RequestName> = Requests[K]['result'];
export type StreamParamsOf<K extends StreamName> = Streams[K]['params'];
export type EventOf<K extends StreamName> = Streams[K]['event'];

export interface StreamPolicy<E> {
  /** How many bytes an event counts for in batching and flow control. */
  size(event: E): number;
  /** Pause the source when this many bytes are sent but not acknowledged... */
  high: number;
  /** ...and resume it when acknowledgements bring the backlog down to this. */
  low: number;
}

const KiB = 1024;

/** Roughly the bytes an event takes on the wire: strings by length, Uint8Array by byteLength. */
export function roughSize(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + roughSize(v), 8);
  if (value && typeof value === 'object') {
    let n = 8;
    for (const v of Object.values(value)) n += roughSize(v) + 8;
    return n;
  }
  return 8;
}

/**
 * The runtime half of the contract: every request and stream by name. `satisfies` makes the
 * compiler refuse a name missing here or unknown in the interfaces above, so a transport that
 * iterates these lists covers the whole contract.
 */
export const CONTRACT = {
  requests: {
    engineInfo: true,
    listStacks: true,
    inspectStack: true,
    validate: true,
    convert: true,
    build: true,
    s2iUsage: true,
    plan: true,
    up: true,
    redeploy: true,
    down: true,
    stackVolumes: true,
    start: true,
    stop: true,
    restart: true,
    recreate: true,
    serviceDetails: true,
    searchLogs: true,
    exportLogs: true,
    logPage: true,
    saveLogs: true,
    terminalInput: true,
    terminalResize: true,
    listCaptures: true,
    showCapture: true,
    listCaptureFiles: true,
    readCaptureFile: true,
    captureArchive: true,
    showCaptureInFolder: true,
    removeCapture: true,
    pruneCaptures: true,
    getSettings: true,
    describeSettings: true,
    setSettings: true,
    testWebhook: true,
    notify: true,
    listTemplates: true,
    showTemplate: true,
    importTemplate: true,
    removeTemplate: true,
    listBranches: true,
  } satisfies Record<RequestName, true>,
  streams: {
    stacks: { size: roughSize, high: 1024 * KiB, low: 256 * KiB },
    logs: {
      size: (e: LogsEvent) => (e.type === 'line' ? e.text.length + e.ts.length + e.service.length + 16 : 32),
      high: 1024 * KiB,
      low: 256 * KiB,
    },
    // A terminal's watermarks are small so Ctrl-C after `yes` is seen at once: at most about
    // 100 KB can be in flight between the container and the screen (VS Code uses 100 000/5 000).
    terminal: {
      size: (e: TerminalEvent) => (e.type === 'data' ? e.data.byteLength : 16),
      high: 100 * KiB,
      low: 10 * KiB,
    },
    logDownload: {
      size: (e: LogDownloadEvent) => (e.type === 'chunk' ? e.data.byteLength : 16),
      high: 4096 * KiB,
      low: 1024 * KiB,
    },
    // About 100 bytes a second per container: a viewer this far behind gets no more samples
    // until it catches up (a sample is only worth its newest value).
    stats: { size: roughSize, high: 64 * KiB, low: 16 * KiB },
    shellEvents: { size: roughSize, high: 64 * KiB, low: 16 * KiB },
  } satisfies { [K in StreamName]: StreamPolicy<EventOf<K>> },
};

export const REQUEST_NAMES = Object.keys(CONTRACT.requests) as RequestName[];
export const STREAM_NAMES = Object.keys(CONTRACT.streams) as StreamName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(CONTRACT.requests, name);
}

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.hasOwn(CONTRACT.streams, name);
}

export function streamPolicy<K extends StreamName>(name: K): StreamPolicy<EventOf<K>> {
  return CONTRACT.streams[name] as unknown as StreamPolicy<EventOf<K>>;
}

/**
 * Batching: a stream's events are sent together about every 16 ms, or sooner at 64 KB; less than
 * 1 KiB waiting (an echo) goes out at once.
 */
export const BATCH = { intervalMs: 16, maxBytes: 64 * KiB, smallBytes: KiB } as const;
