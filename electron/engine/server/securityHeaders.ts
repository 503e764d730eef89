// Headers on every HTTP answer of the browser-mode server. The CSP lets the page load only its
// own files and talk only to this server's WebSocket; nothing is cached (the token may be in
// the URL) and no Referer carries it elsewhere.

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      `default-src 'self'; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; ` + `style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}
