// One request to the engine's /containers/{id}/logs, always as a stream: dockerode's
// container.logs() buffers the whole answer in memory unless it follows, and a history may be
// hundreds of megabytes. Timestamps are always asked for: they order the merge and resume a cut
// follow stream exactly.

import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { engineMessage, statusOf } from '../docker/connect.ts';
import { dockerTime } from './timestamps.ts';

export interface LogQuery {
  follow: boolean;
  /** Nanoseconds since the epoch; the engine keeps entries at or after it (inclusive). */
  since?: bigint;
  /** The last N entries of the history. */
  tail?: number;
}

export function requestLogs(docker: Docker, containerId: string, q: LogQuery, signal: AbortSignal): Promise<IncomingMessage> {
  const options: Record<string, string | number | boolean> = { stdout: true, stderr: true, timestamps: true, follow: q.follow };
  if (q.since !== undefined) options.since = dockerTime(q.since);
  if (q.tail !== undefined) options.tail = q.tail;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(containerId)}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error', 501: 'logs not available' },
        options,
      },
      (err, res) => (err ? reject(err) : resolve(res as IncomingMessage)),
    );
  });
}

/** True for failures that mean "no engine there right now" (a restart), worth retrying. */
export function isConnectionFailure(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return statusOf(e) === undefined && ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN'].includes(code ?? '');
}

export function logsFailure(service: string, e: unknown): BranchyardError {
  return new BranchyardError('engine', `cannot read the logs of service '${service}': ${engineMessage(e)}`, { service });
}
