// Checks a change to the settings (from a page, the command line, or settings.json itself) and
// gives it back in the form the file keeps. Every problem is found, each naming its field
// (`settings.webhook.url: ...`), and one with any problem changes nothing. Pure TypeScript, so
// the settings screen can run the same checks on what is typed before it sends it.

import type { Issue } from '../errors/errors.ts';
import { BranchyardError } from '../errors/errors.ts';
import { parsePool } from '../net/pool.ts';
import {
  type CaptureRetention,
  LANGUAGES,
  type Language,
  NOTIFICATION_KINDS,
  type NotificationKind,
  SETTING_KEYS,
  type SettingsChange,
  THEMES,
  type Theme,
  WEBHOOK_KINDS,
  type WebhookKind,
} from '../api/settings.ts';
import { WEBHOOK_NAMES, webhookKindOfHost } from './webhookKind.ts';

/** Longer values are refused: no setting needs them, and each is shown on screen. */
const MAX_TEXT = 4096;
const MAX_URL = 2048;
/** Limits that catch a unit mistake (hours typed as days, bytes as GiB) rather than any real wish. */
const MAX_DAYS = 36500;
const MAX_GIB = 1_000_000;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** An absolute path on the engine's machine: POSIX `/...`, or Windows `C:\...` and `\\server\...`. */
export function isAbsolutePath(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\');
}

/** Why `text` is not a Docker endpoint as DOCKER_HOST takes it, or undefined. */
export function dockerEndpointProblem(text: string): string | undefined {
  if (/\s/.test(text) || CONTROL.test(text)) return 'must not contain spaces or control characters';
  const forms = 'unix:///path/to/docker.sock, tcp://host:port, ssh://user@host or npipe:////./pipe/name';
  const scheme = /^([a-z]+):\/\//.exec(text)?.[1];
  if (scheme === 'unix') return text.length > 'unix://'.length && text.slice(7).startsWith('/') ? undefined : `'${text}': unix:// must be followed by an absolute path to the socket, like unix:///var/run/docker.sock`;
  if (scheme === 'npipe') return text.length > 'npipe://'.length ? undefined : `'${text}': npipe:// must be followed by the pipe, like npipe:////./pipe/docker_engine`;
  if (scheme !== 'tcp' && scheme !== 'ssh') return `'${text}' is not a Docker endpoint: expected ${forms}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a Docker endpoint: expected ${forms}`;
  }
  if (!url.hostname) return `'${text}' names no host`;
  if (url.pathname !== '' && url.pathname !== '/') return `'${text}': a ${scheme}:// endpoint has no path`;
  if (url.search || url.hash) return `'${text}': a ${scheme}:// endpoint has no query or fragment`;
  if (scheme === 'tcp' && (url.username || url.password)) return `'${text}': a tcp:// endpoint has no user (TLS certificates come from DOCKER_CERT_PATH)`;
  if (url.password) return `'${text}': an ssh:// endpoint must not carry a password (ssh-agent provides the key)`;
  return undefined;
}

function text(value: unknown, field: string, issues: Issue[], max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string' || value === '') {
    issues.push({ field, message: 'must be a non-empty string' });
    return undefined;
  }
  if (value.length > max) {
    issues.push({ field, message: `is longer than ${max} characters` });
    return undefined;
  }
  return value;
}

function folder(value: unknown, field: string, issues: Issue[]): string | undefined {
  const v = text(value, field, issues);
  if (v === undefined) return undefined;
  if (CONTROL.test(v)) issues.push({ field, message: 'must not contain control characters' });
  else if (!isAbsolutePath(v)) issues.push({ field, message: `'${v}' is not an absolute path` });
  else return v;
  return undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, issues: Issue[]): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push({ field, message: `'${String(value)}' is not one of ${allowed.join(', ')}` });
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], field: string, issues: Issue[]): void {
  for (const k of Object.keys(value)) {
    if (!known.includes(k)) issues.push({ field: `${field}.${k}`, message: `unknown setting (known: ${known.join(', ')})` });
  }
}

function limit(value: unknown, field: string, max: number, unit: string, issues: Issue[]): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    issues.push({ field, message: `must be a number of ${unit} greater than 0, or null for no limit` });
    return undefined;
  }
  if (value > max) {
    issues.push({ field, message: `${value} is more than ${max} ${unit}` });
    return undefined;
  }
  return value;
}

function retention(value: unknown, field: string, issues: Issue[]): CaptureRetention | undefined {
  if (!isPlainObject(value)) {
    issues.push({ field, message: 'must be an object: { "maxAgeDays": N or null, "maxGiB": N or null }' });
    return undefined;
  }
  unknownKeys(value, ['maxAgeDays', 'maxGiB'], field, issues);
  const maxAgeDays = limit(value.maxAgeDays, `${field}.maxAgeDays`, MAX_DAYS, 'days', issues);
  const maxGiB = limit(value.maxGiB, `${field}.maxGiB`, MAX_GIB, 'GiB', issues);
  return maxAgeDays === undefined || maxGiB === undefined ? undefined : { maxAgeDays, maxGiB };
}

function notifications(value: unknown, field: string, issues: Issue[]): Partial<Record<NotificationKind, boolean>> | undefined {
  if (!isPlainObject(value)) {
    issues.push({ field, message: `must be an object of on/off switches: ${NOTIFICATION_KINDS.map((k) => `"${k}": true`).join(', ')}` });
    return undefined;
  }
  unknownKeys(value, NOTIFICATION_KINDS, field, issues);
  const out: Partial<Record<NotificationKind, boolean>> = {};
  for (const k of NOTIFICATION_KINDS) {
    if (!(k in value)) continue;
    if (typeof value[k] !== 'boolean') issues.push({ field: `${field}.${k}`, message: 'must be true or false' });
    else out[k] = value[k];
  }
  return out;
}

/** The webhook with its kind: said, or found from the URL's host (and then both must agree). */
export function checkWebhook(value: unknown, field: string, issues: Issue[]): { url: string; kind: WebhookKind } | undefined {
  if (!isPlainObject(value)) {
    issues.push({ field, message: 'must be an object: { "url": "https://...", "kind": optional, one of lark, dingtalk, wecom, slack }, or null for none' });
    return undefined;
  }
  unknownKeys(value, ['url', 'kind'], field, issues);
  const raw = text(value.url, `${field}.url`, issues, MAX_URL);
  const given = value.kind === undefined ? undefined : oneOf(value.kind, WEBHOOK_KINDS, `${field}.kind`, issues);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    issues.push({ field: `${field}.url`, message: `'${raw}' is not a URL` });
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    issues.push({ field: `${field}.url`, message: `'${url.protocol}' URLs cannot be posted to: use https://` });
    return undefined;
  }
  if (url.username || url.password) {
    issues.push({ field: `${field}.url`, message: 'must not carry a user name or password (the webhook\'s token is part of its path or query)' });
    return undefined;
  }
  const found = webhookKindOfHost(url.hostname);
  if (value.kind !== undefined && given === undefined) return undefined;
  if (given && found && given !== found) {
    issues.push({ field: `${field}.kind`, message: `is ${given}, but ${url.hostname} is a ${WEBHOOK_NAMES[found]} host` });
    return undefined;
  }
  const kind = given ?? found;
  if (!kind) {
    issues.push({ field: `${field}.kind`, message: `cannot tell which tool ${url.hostname} is: give the kind (${WEBHOOK_KINDS.join(', ')})` });
    return undefined;
  }
  return { url: url.href, kind };
}

/**
 * `raw` checked as a change to the settings, in the form settings.json keeps: the webhook with
 * its kind, retention with both limits. Throws invalid input listing every problem.
 */
export function checkSettingsChange(raw: unknown, o: { file?: string; prefix?: string } = {}): SettingsChange {
  const prefix = o.prefix ?? 'settings';
  const issues: Issue[] = [];
  if (!isPlainObject(raw)) {
    throw BranchyardError.invalid([{ ...(o.file ? { file: o.file } : {}), field: prefix, message: 'must be an object of settings' }]);
  }
  unknownKeys(raw, SETTING_KEYS, prefix, issues);
  const out: SettingsChange = {};
  const f = (key: string) => `${prefix}.${key}`;
  const has = (key: string) => Object.hasOwn(raw, key) && raw[key] !== undefined;
  if (has('captureDir')) out.captureDir = folder(raw.captureDir, f('captureDir'), issues);
  if (has('templatesDir')) out.templatesDir = folder(raw.templatesDir, f('templatesDir'), issues);
  if (has('dockerEndpoint')) {
    if (raw.dockerEndpoint === null) out.dockerEndpoint = null;
    else {
      const v = text(raw.dockerEndpoint, f('dockerEndpoint'), issues);
      const problem = v === undefined ? undefined : dockerEndpointProblem(v);
      if (problem) issues.push({ field: f('dockerEndpoint'), message: problem });
      else out.dockerEndpoint = v;
    }
  }
  if (has('subnetPool')) {
    if (raw.subnetPool === null) out.subnetPool = null;
    else {
      const v = text(raw.subnetPool, f('subnetPool'), issues);
      const parsed = v === undefined ? undefined : parsePool(v);
      if (parsed && 'error' in parsed) issues.push({ field: f('subnetPool'), message: parsed.error });
      else out.subnetPool = v;
    }
  }
  if (has('captureRetention')) out.captureRetention = retention(raw.captureRetention, f('captureRetention'), issues);
  if (has('language')) out.language = oneOf<Language>(raw.language, LANGUAGES, f('language'), issues);
  if (has('theme')) out.theme = oneOf<Theme>(raw.theme, THEMES, f('theme'), issues);
  if (has('notifications')) out.notifications = notifications(raw.notifications, f('notifications'), issues);
  if (has('webhook')) out.webhook = raw.webhook === null ? null : checkWebhook(raw.webhook, f('webhook'), issues);
  if (issues.length) throw BranchyardError.invalid(o.file ? issues.map((i) => ({ file: o.file, ...i })) : issues);
  return out;
}
