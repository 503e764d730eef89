// Who may talk to the browser-mode server: requests for this very server (Host, against DNS
// rebinding), from its own page (Origin, for WebSockets), holding the token (query or cookie).
// Every check is a pure function of the request's headers, so the HTTP and upgrade paths share it.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Gate {
  port: number;
  token: string;
  /** Per port, so two servers on one machine (cookies ignore ports) do not overwrite each other. */
  cookieName: string;
}

/**
 * Why a token was refused, for the page that says what to do: none was sent, or one was sent
 * that is not this server's (a cookie or address from before `serve --new-token`). Only the
 * sender's own request decides it, so it tells a stranger nothing they did not send.
 */
export type Refusal = 'no-token' | 'old-token';

export type Verdict =
  | { ok: true; via: 'query' | 'cookie' }
  | { ok: false; status: 400 | 401 | 403; message: string; refusal?: Refusal };

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The shape newToken makes: 32 bytes as base64url. */
export function isToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function createGate(port: number, token: string): Gate {
  return { port, token, cookieName: `branchyard_token_${port}` };
}

/** Compares in constant time; unequal lengths are refused before any comparison. */
export function sameToken(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request target split by hand: no URL normalisation may turn `/../x` into `/x` unseen. */
export function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } | undefined {
  if (!target || !target.startsWith('/')) return undefined;
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: new URLSearchParams() } : { path: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}

export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

function hostAllowed(gate: Gate, host: string | undefined): boolean {
  const h = host?.toLowerCase();
  return h === `127.0.0.1:${gate.port}` || h === `localhost:${gate.port}`;
}

/** The exact origins of the served page; anything else is another site's page. */
export function originAllowed(gate: Gate, origin: string | undefined): boolean {
  return origin === `http://127.0.0.1:${gate.port}` || origin === `http://localhost:${gate.port}`;
}

function tokenVerdict(gate: Gate, req: IncomingMessage, query: URLSearchParams): Verdict {
  if (sameToken(query.get('token') ?? undefined, gate.token)) return { ok: true, via: 'query' };
  const cookies = cookieValues(req.headers.cookie, gate.cookieName);
  if (cookies.some((v) => sameToken(v, gate.token))) return { ok: true, via: 'cookie' };
  const sent = query.has('token') || cookies.length > 0;
  return { ok: false, status: 401, message: 'missing or wrong token: open the URL that `branchyard serve` printed', refusal: sent ? 'old-token' : 'no-token' };
}

/** A plain HTTP request: Host first (a rebound name never learns whether its token was right). */
export function checkRequest(gate: Gate, req: IncomingMessage, query: URLSearchParams): Verdict {
  if (!hostAllowed(gate, req.headers.host)) return { ok: false, status: 403, message: 'forbidden host' };
  return tokenVerdict(gate, req, query);
}

/**
 * A WebSocket upgrade: browsers let any page open a WebSocket to any address, so the Origin is
 * what tells our page from another site's. A missing Origin is refused: browsers always send one.
 */
export function checkUpgrade(gate: Gate, req: IncomingMessage, query: URLSearchParams): Verdict {
  if (!hostAllowed(gate, req.headers.host)) return { ok: false, status: 403, message: 'forbidden host' };
  if (!originAllowed(gate, req.headers.origin)) return { ok: false, status: 403, message: 'forbidden origin' };
  return tokenVerdict(gate, req, query);
}
