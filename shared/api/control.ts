// Parameters and results of the control requests: start, stop, restart and recreate a whole stack
// or some of its services, and what the stack detail shows of each service (ports, image, commit,
// uptime, connection strings) and its live CPU and memory.

import type { StackStatus } from '../stack/status.ts';

export interface ControlParams {
  stack: string;
  /** Only these services (default: every service of the stack). */
  services?: string[];
  /** start and restart: also wait until every started service is healthy (or running, without a healthcheck). */
  wait?: boolean;
  /** Deadline for every wait, in seconds. */
  timeoutS?: number;
}

/** recreate: remove the services' containers and create them again from the stack's file, same IPs. */
export interface RecreateParams {
  stack: string;
  services: string[];
  wait?: boolean;
  timeoutS?: number;
}

export interface ControlResult {
  stack: string;
  services: { name: string; action: 'started' | 'stopped' | 'restarted' | 'recreated' | 'unchanged'; ip: string }[];
  status?: StackStatus;
}

/** A command or address that reaches the service, ready to paste. */
export interface ConnectionString {
  kind: 'mysql' | 'redis' | 'mongo';
  /** What it is, for a person: "mysql client (root)". */
  label: string;
  /** The working command or URL, password included. */
  text: string;
  /** The same with the password replaced by dots, to show on a screen that may be shared. */
  masked: string;
  /** Whether `text` holds a password (else `masked` equals `text`). */
  hasSecret: boolean;
}

export interface PortDetail {
  /** `3306/tcp` */
  container: string;
  /** Where the engine published it on the host, if it did. */
  published: { hostIp: string; hostPort: number }[];
}

export interface ServiceDetails {
  name: string;
  containerId: string;
  ip: string;
  image: string;
  imageId: string;
  ports: PortDetail[];
  /** For images built from source: the commit, from the build's labels. */
  commit?: { id: string; message?: string; author?: string; date?: string; ref?: string };
  /** When the running container started (ISO 8601): its uptime. */
  startedAt?: string;
  /** When a stopped container ended. */
  finishedAt?: string;
  connections: ConnectionString[];
}

export interface ServiceDetailsResult {
  stack: string;
  services: ServiceDetails[];
}

/**
 * Live resource use of a stack's running containers: a sample per container about every second
 * (the engine's stats stream), and `gone` when a container stops or leaves the stack.
 */
export type StatsEvent =
  | {
      type: 'sample';
      service: string;
      containerId: string;
      /** When the engine read it (ISO 8601). */
      at: string;
      /** Of one CPU, as `docker stats` shows it (200 = two CPUs busy); absent on the very first sample. */
      cpuPercent?: number;
      /** Memory in use without the page cache, as `docker stats` shows it. */
      memoryBytes: number;
      /** The container's memory limit (the host's memory when it has none). */
      memoryLimitBytes: number;
    }
  | { type: 'gone'; service: string; containerId: string };
