// The log of one container on the engine, as lines. History and live lines come in ONE follow
// request, so nothing written between "history" and "follow" is lost. A small second request
// (`tail: 1`) tells which entry is the last of the history, so the merger knows when this source
// has caught up. When a follow stream is cut while the container still runs (a dropped
// connection, an engine restart), it is opened again with `since` = the last timestamp seen;
// `since` is inclusive, so the entries already delivered at that timestamp are skipped.

import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import type { LogStreamName } from '../../../shared/api/logs.ts';
import { statusOf } from '../docker/connect.ts';
import { trackEngineStream } from './engineStreams.ts';
import { type LogQuery, isConnectionFailure, logsFailure, requestLogs } from './engineLogRequest.ts';
import { FrameDemuxer } from '../docker/frameDemuxer.ts';
import { LineAssembler, parseEntry } from './lineAssembler.ts';
import type { LineSink, LineSource } from './lineSource.ts';
import { RawEntrySplitter } from './rawEntrySplitter.ts';
import { formatTimestamp, parseTimestamp, tsKey } from './timestamps.ts';

export interface ContainerRef {
  id: string;
  service: string;
}

export interface LiveOptions {
  follow: boolean;
  since?: bigint;
  tail?: number;
  /**
   * A follow whose container started again while it was open (a quick `docker restart` that is
   * running again by the time the cut is seen) ends instead of resuming, so the service's follow
   * (serviceFollowSource.ts) says "restarted" and goes on from the last line seen.
   */
  endOnRestart?: boolean;
}

/**
 * After a cut, `since` goes back to the earliest stream's last timestamp (stdout and stderr are
 * written by two copiers, so their entries can land in the file slightly out of time order), but
 * never more than this before the latest one, so a quiet stderr does not replay a day of stdout.
 */
const REPLAY_WINDOW_NS = 1_000_000_000n;
const MAX_RETRY_MS = 5000;

interface Last {
  key: string;
  /** Entries of this stream delivered at exactly `key`. */
  count: number;
}

type State = { Running?: boolean; Restarting?: boolean; Paused?: boolean; StartedAt?: string } | undefined;

function alive(state: State): boolean {
  return Boolean(state?.Running || state?.Restarting || state?.Paused);
}

export class ContainerLogSource implements LineSource {
  readonly service: string;
  private sink!: LineSink;
  private disposed = false;
  private ended = false;
  private paused = false;
  private tty = false;
  private res?: IncomingMessage;
  private readonly aborts = new Set<AbortController>();
  private demuxer = new FrameDemuxer();
  private readonly raw = new RawEntrySplitter();
  private readonly assemblers: Record<LogStreamName, LineAssembler> = { stdout: new LineAssembler(), stderr: new LineAssembler() };
  private readonly last: Partial<Record<LogStreamName, Last>> = {};
  /** Streams being replayed after a reconnect: how many entries at `last.key` were skipped so far. */
  private replay: Partial<Record<LogStreamName, { seen: number }>> = {};
  private maxKey = '';
  /** Key of the last history entry; null when there is none to wait for; undefined until known. */
  private probeKey: string | null | undefined;
  private historyDone = false;
  private quickDrops = 0;
  /** Pending retry waits, ended at once by dispose (so a command line can exit). */
  private readonly waits = new Set<() => void>();

  constructor(
    private readonly docker: Docker,
    private readonly ref: ContainerRef,
    private readonly opts: LiveOptions,
  ) {
    this.service = ref.service;
  }

  start(sink: LineSink): void {
    this.sink = sink;
    this.run().catch((e) => this.fail(logsFailure(this.service, e)));
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.res?.pause();
    else this.res?.resume();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const a of this.aborts) a.abort();
    this.aborts.clear();
    for (const wake of this.waits) wake();
    this.res?.destroy();
    this.res = undefined;
  }

  private async run(): Promise<void> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(this.ref.id).inspect();
    } catch (e) {
      if (statusOf(e) === 404) return this.finish(); // removed since it was listed
      throw e;
    }
    if (this.disposed) return;
    this.tty = Boolean(info.Config?.Tty);
    // A stopped container has only history: one request that ends. Following it would never say
    // where its history ends if it started again meanwhile.
    const follow = this.opts.follow && alive(info.State);
    if (follow && this.opts.tail === 0) this.probeKey = null;
    else if (follow) void this.probe();
    this.checkHistoryDone();
    await this.connect({ follow, since: this.opts.since, tail: this.opts.tail });
  }

  /** Reads the last entry of the history (`tail: 1`), to know when this source has caught up. */
  private async probe(): Promise<void> {
    const abort = new AbortController();
    this.aborts.add(abort);
    let key: string | null = null;
    try {
      const res = await requestLogs(this.docker, this.ref.id, { follow: false, tail: 1 }, abort.signal);
      const untrack = trackEngineStream({
        containerId: this.ref.id,
        service: this.service,
        purpose: 'probe',
        destroy: () => res.destroy(),
        paused: () => res.isPaused(),
      });
      try {
        const chunks: Buffer[] = [];
        for await (const c of res) chunks.push(c as Buffer);
        key = this.lastEntryKey(Buffer.concat(chunks));
      } finally {
        untrack();
      }
    } catch {
      key = null; // cannot tell: treat everything from now on as live rather than wait forever
    } finally {
      this.aborts.delete(abort);
    }
    if (this.disposed) return;
    if (key !== null && this.opts.since !== undefined && key < formatTimestamp(this.opts.since)) key = null;
    this.probeKey = key;
    this.checkHistoryDone();
  }

  private lastEntryKey(buf: Uint8Array): string | null {
    let last: Uint8Array | undefined;
    if (this.tty) {
      const split = new RawEntrySplitter();
      split.push(buf, (p) => (last = p));
      split.flush((p) => (last = p));
    } else {
      new FrameDemuxer().push(buf, (_s, p) => (last = p));
    }
    const ts = last ? parseEntry(last).ts : '';
    return ts ? tsKey(ts) : null;
  }

  private checkHistoryDone(): void {
    if (this.historyDone || this.ended || this.probeKey === undefined) return;
    if (this.probeKey === null || this.maxKey >= this.probeKey) {
      this.historyDone = true;
      this.sink.historyDone();
    }
  }

  private async connect(q: LogQuery): Promise<void> {
    const abort = new AbortController();
    this.aborts.add(abort);
    const openedAt = Date.now();
    let res: IncomingMessage;
    try {
      res = await requestLogs(this.docker, this.ref.id, q, abort.signal);
    } catch (e) {
      this.aborts.delete(abort);
      if (!this.disposed) await this.closed(q, e, openedAt);
      return;
    }
    if (this.disposed) {
      res.destroy();
      return;
    }
    this.res = res;
    this.demuxer = new FrameDemuxer();
    this.raw.reset();
    const untrack = trackEngineStream({
      containerId: this.ref.id,
      service: this.service,
      purpose: q.follow ? 'follow' : 'history',
      destroy: () => res.destroy(),
      paused: () => res.isPaused(),
    });
    if (this.paused) res.pause();
    res.on('data', (chunk: Buffer) => this.onChunk(chunk));
    let done = false;
    const finished = (error?: unknown) => {
      if (done) return;
      done = true;
      untrack();
      this.aborts.delete(abort);
      if (this.res === res) this.res = undefined;
      if (!this.disposed) {
        this.closed(q, error, openedAt).catch((e) => this.fail(logsFailure(this.service, e)));
      }
    };
    res.once('end', () => finished());
    res.once('error', (e) => finished(e));
    res.once('close', () => finished(res.complete ? undefined : new Error('the connection was closed')));
  }

  private onChunk(chunk: Buffer): void {
    if (this.disposed || this.ended) return;
    try {
      if (this.tty) this.raw.push(chunk, (p) => this.onEntry('stdout', p));
      else this.demuxer.push(chunk, (s, p) => this.onEntry(s, p));
    } catch (e) {
      // A stream that is not framed as the container's Tty flag says: stop rather than show garbage.
      this.res?.destroy();
      this.fail(logsFailure(this.service, e));
    }
  }

  private onEntry(stream: LogStreamName, payload: Uint8Array): void {
    const { ts, content } = parseEntry(payload);
    const key = tsKey(ts);
    const last = this.last[stream];
    const replay = this.replay[stream];
    if (replay && last) {
      if (key < last.key) return;
      if (key === last.key && replay.seen < last.count) {
        replay.seen++;
        return;
      }
      // Past what was delivered before the cut: from here on every entry is new.
      delete this.replay[stream];
    }
    if (last && last.key === key) last.count++;
    else this.last[stream] = { key, count: 1 };
    if (key > this.maxKey) this.maxKey = key;
    this.assemblers[stream].push(key, content, (lineTs, text) => this.sink.line({ service: this.service, stream, ts: lineTs, text }));
    this.checkHistoryDone();
  }

  /** The response ended or failed: finished, resumed, or failed for good. */
  private async closed(q: LogQuery, error: unknown, openedAt: number): Promise<void> {
    if (!q.follow && error === undefined) return this.finish();
    const status = error === undefined ? undefined : statusOf(error);
    if (status === 404) return this.finish();
    if (status !== undefined) return this.fail(logsFailure(this.service, error));
    // Cut, or a follow that ended: is the container still there and running?
    let state: State;
    for (let attempt = 0; ; attempt++) {
      if (this.disposed) return;
      try {
        state = (await this.docker.getContainer(this.ref.id).inspect()).State;
        break;
      } catch (e) {
        if (statusOf(e) === 404) return this.finish();
        if (!isConnectionFailure(e)) return this.fail(logsFailure(this.service, e));
        if (attempt === 0) this.sink.notice('the engine does not answer; retrying');
        await this.wait(Math.min(MAX_RETRY_MS, 100 * 2 ** attempt));
      }
    }
    if (this.disposed) return;
    if (q.follow && !alive(state)) return this.finish();
    if (q.follow && this.opts.endOnRestart && startedSince(state, openedAt)) return this.finish();
    // A stream that ends again at once (a restarting container) is retried ever more slowly.
    this.quickDrops = Date.now() - openedAt < 1000 ? this.quickDrops + 1 : 0;
    if (this.quickDrops > 0) await this.wait(Math.min(MAX_RETRY_MS, 50 * 2 ** this.quickDrops));
    if (this.disposed) return;
    const since = this.resumeSince();
    if (since === undefined) return this.connect(q);
    this.replay = {};
    for (const s of Object.keys(this.last) as LogStreamName[]) this.replay[s] = { seen: 0 };
    this.sink.notice(`the log stream was cut; resuming from ${formatTimestamp(since)}`);
    return this.connect({ follow: q.follow, since });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waits.add(wake);
    });
  }

  private resumeSince(): bigint | undefined {
    const times = Object.values(this.last).map((l) => parseTimestamp(l.key));
    if (times.length === 0 || times.some((t) => t === undefined)) return undefined;
    const ns = times as bigint[];
    const min = ns.reduce((a, b) => (b < a ? b : a));
    const max = ns.reduce((a, b) => (b > a ? b : a));
    return max - REPLAY_WINDOW_NS > min ? max - REPLAY_WINDOW_NS : min;
  }

  private finish(): void {
    if (this.ended || this.disposed) return;
    // Only now, not on a cut: a cut-off entry comes again after a reconnect.
    if (this.tty) this.raw.flush((p) => this.onEntry('stdout', p));
    this.ended = true;
    // A last line without a newline; the earlier one first.
    const order: LogStreamName[] = (this.last.stderr?.key ?? '') < (this.last.stdout?.key ?? '') ? ['stderr', 'stdout'] : ['stdout', 'stderr'];
    for (const stream of order) {
      this.assemblers[stream].flush((ts, text) => this.sink.line({ service: this.service, stream, ts, text }));
    }
    this.sink.end();
  }

  private fail(error: unknown): void {
    if (this.ended || this.disposed) return;
    this.ended = true;
    this.sink.end(error);
  }
}

/** The container's current run began after `openedAt` (ms): it was restarted while the stream was open. */
function startedSince(state: State, openedAt: number): boolean {
  const started = state?.StartedAt ? Date.parse(state.StartedAt) : Number.NaN;
  return Number.isFinite(started) && started > openedAt;
}
