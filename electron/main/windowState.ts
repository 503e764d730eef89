// The main window's size and place, remembered between runs in <data dir>/window-state.json.
// What was saved is not trusted blindly: the file may be hand-edited or broken, and the display
// it was saved on may be gone (a laptop off its dock), so a window is never restored off-screen
// or larger than a display. Plain Node (no electron import): the main process hands in the
// displays' work areas, and this is unit-tested on its own.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../engine/files/atomicFile.ts';
import { makeFolderSync } from '../engine/files/makeFolder.ts';
import { dataDir } from '../engine/paths.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The bounds of the window when not maximized (Electron's normal bounds). */
  bounds: Rect;
  maximized: boolean;
}

/** Where the window goes: `bounds` without x/y lets the window manager place it (centred). */
export interface Placement {
  bounds: Rect | { width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 640, height: 400 };

export function windowStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'window-state.json');
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The saved state if the text is one, else undefined (a broken file means defaults, not an error). */
export function parseWindowState(text: string): WindowState | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const b = (v as { bounds?: Record<string, unknown> } | null)?.bounds;
  if (!b || !isInt(b.x) || !isInt(b.y) || !isInt(b.width) || !isInt(b.height) || b.width <= 0 || b.height <= 0) return undefined;
  return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: (v as { maximized?: unknown }).maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

function fit(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  // The minimum yields to a display smaller than it.
  return {
    width: clamp(size.width, Math.min(MIN_SIZE.width, area.width), area.width),
    height: clamp(size.height, Math.min(MIN_SIZE.height, area.height), area.height),
  };
}

/**
 * Where to open the window. `workAreas`: every display's work area (without task bars), the
 * primary one first. The saved window goes back onto the display it overlaps most, shrunk to fit
 * it and moved until it lies wholly inside; one on no display (or no saved state) opens centred
 * on the primary display at the default size, made to fit.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: Rect[]): Placement {
  const primary = workAreas[0];
  if (!primary) return { bounds: saved ? { width: saved.bounds.width, height: saved.bounds.height } : DEFAULT_SIZE, maximized: saved?.maximized ?? false };
  if (!saved) return { bounds: fit(DEFAULT_SIZE, primary), maximized: false };
  let best: Rect | undefined;
  let most = 0;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    if (o > most) [best, most] = [area, o];
  }
  if (!best) return { bounds: fit(saved.bounds, primary), maximized: saved.maximized };
  const size = fit(saved.bounds, best);
  return {
    bounds: {
      x: clamp(saved.bounds.x, best.x, best.x + best.width - size.width),
      y: clamp(saved.bounds.y, best.y, best.y + best.height - size.height),
      ...size,
    },
    maximized: saved.maximized,
  };
}

export function loadWindowState(file = windowStateFile()): WindowState | undefined {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written at once (the window is closing, the process may end next), atomically. */
export function saveWindowState(state: WindowState, file = windowStateFile()): void {
  makeFolderSync(join(file, '..'));
  writeFileAtomicSync(file, `${JSON.stringify(state)}\n`);
}
