// A short fingerprint of each field of a container document, kept in a label beside the config
// hash. The hash alone says "something changed"; the fingerprints say what (the image, which
// environment variable, the ports), so the plan can tell the user why a service is recreated.
// Values are hashed, never stored: the label must not leak a password from the environment.

import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { LABEL } from '../../docker/labels.ts';
import { stableJson } from '../stableJson.ts';

function fingerprint(value: unknown): string {
  return createHash('sha256').update(stableJson(value ?? null)).digest('hex').slice(0, 10);
}

/** Labels that describe the stack rather than the service: they never make a recreate. */
export const VOLATILE_LABELS: readonly string[] = [
  LABEL.file,
  LABEL.configHash,
  LABEL.configFields,
  LABEL.dependsOn,
  LABEL.services,
  // The network's subnet, which the container's IP already is part of.
  LABEL.subnet,
];

/** Field name as the stack file says it → fingerprint. */
export function configFields(spec: Docker.ContainerCreateOptions): Record<string, string> {
  const h = spec.HostConfig ?? {};
  const labels = Object.fromEntries(Object.entries(spec.Labels ?? {}).filter(([k]) => !VOLATILE_LABELS.includes(k) && k !== LABEL.commit));
  const fields: Record<string, unknown> = {
    image: spec.Image,
    commit: spec.Labels?.[LABEL.commit],
    command: spec.Cmd,
    entrypoint: spec.Entrypoint,
    working_dir: spec.WorkingDir,
    user: spec.User,
    hostname: spec.Hostname,
    ports: [h.PortBindings, spec.ExposedPorts],
    volumes: [h.Mounts, h.Binds, h.Tmpfs],
    labels,
    healthcheck: spec.Healthcheck,
    stop_signal: spec.StopSignal,
    stop_grace_period: spec.StopTimeout,
    extra_hosts: h.ExtraHosts,
    restart: h.RestartPolicy,
    network: [h.NetworkMode, spec.NetworkingConfig],
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) out[name] = fingerprint(value);
  for (const entry of spec.Env ?? []) {
    const i = entry.indexOf('=');
    out[`environment.${i < 0 ? entry : entry.slice(0, i)}`] = fingerprint(i < 0 ? null : entry.slice(i + 1));
  }
  return out;
}

/** What changed between two fingerprint sets, in words: ["image", "environment DB_HOST"]. */
export function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: string[] = [];
  const env: string[] = [];
  for (const n of [...names].sort()) {
    if (before[n] === after[n]) continue;
    if (n.startsWith('environment.')) env.push(n.slice('environment.'.length));
    else changed.push(n === 'network' ? 'network or IP' : n);
  }
  if (env.length) changed.push(`environment ${env.join(', ')}`);
  return changed;
}

export function encodeConfigFields(fields: Record<string, string>): string {
  return JSON.stringify(fields);
}

export function decodeConfigFields(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
