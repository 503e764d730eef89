// One UI session for a test file: the renderer bundled into a temp folder, the real browser-mode
// server on 127.0.0.1 in this process (settings and captures in that temp folder), and a Chromium
// page on it. close() removes all of it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { type RunningServer, startServer } from '../../electron/engine/server/startServer.ts';
import { buildRenderer } from '../../renderer/build.ts';
import { AppPage } from './appPage.ts';
import { launchChromium } from './browser.ts';
import { LOCALE } from './uiLanguage.ts';

export interface UiSession {
  outDir: string;
  server: RunningServer;
  browser: Browser;
  page: Page;
  app: AppPage;
  /** The page's address with the server's token. */
  url: string;
  close(): Promise<void>;
}

export async function openUiSession(): Promise<UiSession> {
  const outDir = mkdtempSync(join(tmpdir(), 'branchyard-ui-'));
  process.env.BRANCHYARD_DATA_DIR = join(outDir, 'data');
  process.env.BRANCHYARD_CAPTURE_DIR = join(outDir, 'captures');
  await buildRenderer(join(outDir, 'renderer'));
  // The file access of `branchyard serve` and the app: the engine's own folders only.
  const server = await startServer({ handlers: createHandlers(createEngineContext(), { fileAccess: 'own' }), staticDir: join(outDir, 'renderer') });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...LOCALE });
  return {
    outDir,
    server,
    browser,
    page,
    app: new AppPage(page),
    url: server.url,
    async close() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      delete process.env.BRANCHYARD_DATA_DIR;
      delete process.env.BRANCHYARD_CAPTURE_DIR;
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
