// The remembered window place: restored where it was when that is on a display, pulled back onto
// a display when it is not (a monitor unplugged), shrunk to fit, defaults for a broken file.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_SIZE, MIN_SIZE, loadWindowState, parseWindowState, placeWindow, saveWindowState } from '../../electron/main/windowState.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
/** A second monitor to the right of it. */
const monitor = { x: 1920, y: -200, width: 2560, height: 1400 };
const state = (x: number, y: number, width = 1200, height = 800, maximized = false) => ({ bounds: { x, y, width, height }, maximized });

test('nothing saved: the default size, centred by the window manager (no position)', () => {
  assert.deepEqual(placeWindow(undefined, [laptop]), { bounds: DEFAULT_SIZE, maximized: false });
  assert.deepEqual(placeWindow(undefined, [{ x: 0, y: 0, width: 1024, height: 700 }]), { bounds: { width: 1024, height: 700 }, maximized: false });
});

test('a window wholly on a display comes back exactly, also on the second one, maximized or not', () => {
  assert.deepEqual(placeWindow(state(100, 50), [laptop, monitor]), { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: false });
  assert.deepEqual(placeWindow(state(2000, -100, 1200, 800, true), [laptop, monitor]), { bounds: { x: 2000, y: -100, width: 1200, height: 800 }, maximized: true });
});

test('the second monitor unplugged: the window moves onto the display left, not into the void', () => {
  assert.deepEqual(placeWindow(state(2000, -100), [laptop]), { bounds: { width: 1200, height: 800 }, maximized: false });
});

test('half off a display: moved until it lies wholly on the display it overlapped most', () => {
  assert.deepEqual(placeWindow(state(1500, 700), [laptop]).bounds, { x: 720, y: 250, width: 1200, height: 800 });
  assert.deepEqual(placeWindow(state(-300, -40), [laptop]).bounds, { x: 0, y: 0, width: 1200, height: 800 });
  // Mostly on the monitor: it goes there.
  assert.deepEqual(placeWindow(state(1800, 100), [laptop, monitor]).bounds, { x: 1920, y: 100, width: 1200, height: 800 });
});

test('larger than the display: shrunk to it; never below the minimum unless the display is smaller', () => {
  assert.deepEqual(placeWindow(state(0, 0, 4000, 3000), [laptop]).bounds, { x: 0, y: 0, width: 1920, height: 1050 });
  assert.deepEqual(placeWindow(state(10, 10, 100, 50), [laptop]).bounds, { x: 10, y: 10, ...MIN_SIZE });
  const tiny = { x: 0, y: 0, width: 500, height: 300 };
  assert.deepEqual(placeWindow(state(0, 0, 100, 50), [tiny]).bounds, { x: 0, y: 0, width: 500, height: 300 });
});

test('the file: a broken or odd one means defaults; a saved one is read back', () => {
  for (const bad of ['', 'nope', '{}', '{"bounds":{"x":1,"y":2,"width":"3","height":4}}', '{"bounds":{"x":1,"y":2,"width":-3,"height":4}}', '{"bounds":{"x":1.5,"y":2,"width":3,"height":4}}', 'null']) {
    assert.equal(parseWindowState(bad), undefined, bad);
  }
  assert.deepEqual(parseWindowState('{"bounds":{"x":1,"y":2,"width":3,"height":4},"maximized":"yes"}'), { bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: false });
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-window-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'data', 'window-state.json');
  assert.equal(loadWindowState(file), undefined, 'no file yet');
  saveWindowState(state(5, 6, 700, 500, true), file);
  assert.deepEqual(loadWindowState(file), state(5, 6, 700, 500, true));
  assert.deepEqual(readdirSync(join(dir, 'data')), ['window-state.json'], 'no temporary file left');
  writeFileSync(file, '{"bounds":');
  assert.equal(loadWindowState(file), undefined);
});
