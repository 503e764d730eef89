// What a browser shows when the server refuses its token: a page that says how to get in, not a
// bare line of text. A token stops working when `serve --new-token` made a new one (or the token
// file had to be replaced); the page a user had open then reloads into this. Plain HTML with an
// inline style only (the CSP allows no script), naming nothing but this server's own address.

import type { Refusal } from './auth.ts';

// The app's own colours (renderer/src/theme/themes.css), so the page reads as part of it: the
// system's theme, as the app's default, through the media query alone (the page has no script).
const STYLE = `:root{color-scheme:dark;--bg:#14181d;--panel:#1b2027;--line:#2e3742;--text:#d7dde4;--head:#ffd0d0;--code:#222932}
@media (prefers-color-scheme: light){:root{color-scheme:light;--bg:#f4f6f8;--panel:#ffffff;--line:#d0d7de;--text:#1f2328;--head:#7a0f16;--code:#e9edf1}}
body{font:14px/1.55 system-ui,sans-serif;background:var(--bg);color:var(--text);margin:0}
main{max-width:40rem;margin:12vh auto;padding:1.5rem 2rem;background:var(--panel);border:1px solid var(--line);border-radius:6px}
h1{font-size:1.2rem;margin:0 0 1rem;color:var(--head)}code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px;background:var(--code);padding:.1rem .3rem;border-radius:3px}`;

export function refusedPageText(refusal: Refusal, port: number): { title: string; paragraphs: string[] } {
  const line = `<code>open http://127.0.0.1:${port}/?token=…</code>`;
  if (refusal === 'old-token') {
    return {
      title: 'This Branchyard server has a new token',
      paragraphs: [
        'The token this page was opened with no longer works: <code>branchyard serve</code> was started with a new one (<code>--new-token</code>).',
        `Open the address it printed, the line ${line} in the terminal where it runs. If it is not running any more, run <code>branchyard serve</code> and open the address it prints.`,
      ],
    };
  }
  return {
    title: 'This address needs its token',
    paragraphs: [
      'Branchyard’s browser mode lets in only the address <code>branchyard serve</code> printed.',
      `Open that address, the line ${line} in the terminal where it runs, or run <code>branchyard serve</code> and open the address it prints.`,
    ],
  };
}

export function refusedPage(refusal: Refusal, port: number): string {
  const { title, paragraphs } = refusedPageText(refusal, port);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} · Branchyard</title><style>${STYLE}</style></head>
<body><main data-testid="refused"><h1>${title}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</main></body>
</html>
`;
}
