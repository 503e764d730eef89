// The log of a *service* rather than of one container: when its container stops (a crash, `docker
// restart`, an engine restart) or is replaced (a redeploy, an `up` that recreated it), the follow
// goes on with the container that starts next, after a marker line that says what happened. A
// restarted container resumes right after its last line seen; a new container is read from its
// first line. To the merger this is one source that never ends on its own.

import type Docker from 'dockerode';
import type { LogLine } from '../../../shared/api/logs.ts';
import { statusOf } from '../docker/connect.ts';
import { onEngineEvents } from '../docker/engineEvents.ts';
import { LABEL } from '../docker/labels.ts';
import { DisposableStore } from '../lifecycle/disposableStore.ts';
import { ContainerLogSource, type LiveOptions } from './containerLogSource.ts';
import type { LineSink, LineSource } from './lineSource.ts';
import { formatTimestamp, parseTimestamp, tsKey } from './timestamps.ts';

export interface FollowedService {
  stack: string;
  service: string;
  /** The container to begin with (the newest of the service), if it has one. */
  containerId?: string;
}

function now(): string {
  return formatTimestamp(BigInt(Date.now()) * 1_000_000n);
}

export class ServiceFollowSource implements LineSource {
  readonly service: string;
  private sink!: LineSink;
  private inner?: ContainerLogSource;
  /** The container being read, and whether its source is still open. */
  private current?: { id: string; open: boolean };
  /** Last timestamp delivered per container id: where a restarted container resumes. */
  private readonly lastTs = new Map<string, string>();
  /** Containers read before: one starting again was restarted, not replaced. */
  private readonly seen = new Set<string>();
  /** The event subscription, then the container's source (whichever it is by then). */
  private readonly store = new DisposableStore('a followed service log');
  private paused = false;
  private historyDone = false;

  constructor(
    private readonly docker: Docker,
    private readonly target: FollowedService,
    private readonly opts: LiveOptions,
  ) {
    this.service = target.service;
    this.store.add(() => this.inner?.dispose());
  }

  private get disposed(): boolean {
    return this.store.isDisposed;
  }

  start(sink: LineSink): void {
    this.sink = sink;
    this.store.add(onEngineEvents(this.docker, {
      event: (e) => {
        const a = e.Actor?.Attributes ?? {};
        if (e.Type !== 'container' || e.Action !== 'start' || a[LABEL.stack] !== this.target.stack || a[LABEL.service] !== this.service || !e.Actor?.ID) return;
        // The engine's own time of the start, so the marker sorts before the new container's lines.
        this.switchTo(e.Actor.ID, e.timeNano ? formatTimestamp(BigInt(e.timeNano)) : undefined);
      },
      reconnected: () => void this.lookAgain(),
    }));
    if (this.target.containerId) this.open(this.target.containerId, this.opts);
    else this.doneWithHistory();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.inner?.setPaused(paused);
  }

  dispose(): void {
    void this.store.dispose();
  }

  private doneWithHistory(): void {
    if (this.historyDone) return;
    this.historyDone = true;
    this.sink.historyDone();
  }

  /** A container of the service started: follow it, unless that is the one being read. */
  private switchTo(id: string, at = now()): void {
    if (this.disposed) return;
    if (this.current?.open && this.current.id === id) return;
    const last = this.lastTs.get(id);
    const text = this.seen.has(id) ? `restarted (container ${id.slice(0, 12)})` : `new container ${id.slice(0, 12)}${this.current ? ' (replaced the previous one)' : ''}`;
    this.inner?.dispose();
    this.inner = undefined;
    const slot = { id, open: true };
    this.current = slot;
    const since = last !== undefined ? parseTimestamp(last) : undefined;
    // The marker carries the moment the container started, so it sorts before its first lines
    // (the engine's start event comes after the process has begun to write).
    void this.startedAt(id).then((startedAt) => {
      if (this.disposed || this.current !== slot) return;
      this.marker(startedAt ?? at, text);
      // `since` is inclusive: one nanosecond on, so the last line seen is not repeated.
      this.open(id, { follow: true, ...(since !== undefined ? { since: since + 1n } : {}) }, slot);
    });
  }

  private async startedAt(id: string): Promise<string | undefined> {
    try {
      const t = (await this.docker.getContainer(id).inspect()).State?.StartedAt;
      return t ? tsKey(t) : undefined;
    } catch {
      return undefined; // gone again, or the engine away: the source's own start reports that
    }
  }

  private open(id: string, opts: LiveOptions, state = { id, open: true }): void {
    // A restart in place ends the container's source, so the marker says so (see endOnRestart).
    const source = new ContainerLogSource(this.docker, { id, service: this.service }, { ...opts, endOnRestart: true });
    this.seen.add(id);
    this.inner = source;
    this.current = state;
    source.start({
      line: (l: LogLine) => {
        this.lastTs.set(id, l.ts);
        this.sink.line(l);
      },
      historyDone: () => this.doneWithHistory(),
      notice: (m) => this.sink.notice(m),
      end: (error) => {
        state.open = false;
        if (this.disposed || this.inner !== source) return;
        this.doneWithHistory();
        if (error !== undefined) return this.sink.end(error);
        // It stopped: the next start event of the service picks it up. It may have started
        // again already (a quick restart), before this end was seen: look once.
        void this.lookAgain();
      },
    });
    if (this.paused) source.setPaused(true);
  }

  /** After a gap in what was heard: is a container of the service running that is not being read? */
  private async lookAgain(): Promise<void> {
    if (this.disposed) return;
    let running: Docker.ContainerInfo[];
    try {
      running = await this.docker.listContainers({
        filters: { label: [`${LABEL.stack}=${this.target.stack}`, `${LABEL.service}=${this.service}`], status: ['running'] },
      });
    } catch (e) {
      if (statusOf(e) === 404) return;
      return; // the engine is away: the event stream's reconnect calls this again
    }
    const newest = running.sort((a, b) => b.Created - a.Created)[0];
    if (newest && !(this.current?.open && this.current.id === newest.Id)) this.switchTo(newest.Id);
  }

  private marker(ts: string, text: string): void {
    this.sink.line({ service: this.service, stream: 'stdout', ts, text: `── ${text} ──`, marker: true });
  }
}
