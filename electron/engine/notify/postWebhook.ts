// Posts one JSON body to a webhook with node's own http(s): a hard time limit (a chat tool that
// does not answer must not keep an engine process or a CI job waiting), no redirects followed,
// and at most a little of the answer kept (for the settings screen's test and the log).

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const WEBHOOK_TIMEOUT_MS = 5000;
const MAX_RESPONSE = 2000;

export interface WebhookAnswer {
  status: number;
  response: string;
}

export function postWebhook(url: string, body: unknown, o: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<WebhookAnswer> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = o.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length, 'User-Agent': 'Branchyard' },
      signal: o.signal,
    });
    // The whole exchange, not only the connection: a server that accepts and never answers too.
    const timer = setTimeout(() => req.destroy(new Error(`no answer from ${target.host} in ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on('response', (res) => {
      let response = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (response.length < MAX_RESPONSE) response += chunk.slice(0, MAX_RESPONSE - response.length);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, response });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.end(payload);
  });
}
