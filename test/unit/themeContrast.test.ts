// The two themes: both define the same colours, every text colour meets WCAG AA (4.5:1) on every
// surface it is drawn on, control outlines 3:1, and a 'system' setting follows prefers-color-scheme.
// The colours are read from renderer/src/theme/themes.css itself, so the test checks what ships.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'node:test';
import { THEMES, type Theme, isThemeSetting, resolveTheme } from '../../renderer/src/theme/themes.ts';

const CSS = readFileSync(resolve(import.meta.dirname, '../../renderer/src/theme/themes.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

function block(theme: Theme): Map<string, string> {
  const m = new RegExp(`(?:^|,)\\s*:root\\[data-theme="${theme}"\\]\\s*\\{([^}]*)\\}`, 'm').exec(CSS);
  assert.ok(m, `themes.css has no block for ${theme}`);
  return new Map([...m[1].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((d) => [d[1], d[2].trim()]));
}

type Rgba = [number, number, number, number];

function parse(colour: string): Rgba {
  let m = /^#([0-9a-f]{6})$/i.exec(colour);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)).concat(1) as Rgba;
  m = /^rgba\(\s*(\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\s*\)$/.exec(colour);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  throw new Error(`not a colour this test reads: ${colour}`);
}

/** A translucent colour as seen over an opaque one. */
const over = (top: Rgba, base: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + base[i] * (1 - top[3])).concat(1) as Rgba;

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

// Text colour, surface (a surface may be 'tint/base': a translucent colour over an opaque one).
const TEXT_ON: Array<[string[], string[]]> = [
  [['--text', '--muted', '--accent', '--ok', '--warn', '--bad'], ['--bg', '--panel', '--panel-2']],
  [['--text-strong'], ['--panel-2']],
  [['--bad'], ['--bad-tint/--panel-2', '--bad-tint/--bg', '--bad-tint-soft/--bg', '--bad-tint-soft/--console']],
  [['--warn'], ['--warn-tint/--console']],
  [['--banner-warn-text'], ['--banner-warn-bg']],
  [['--banner-bad-text'], ['--banner-bad-bg']],
  [['--primary-text'], ['--primary-bg']],
  [['--console-text', '--console-muted', '--bad', '--warn', ...range('--svc-', 8), ...range('--ansi-f', 16)], ['--console', '--console-hover']],
  [['--console-text'], ['--bad-tint/--console']],
];
// Outlines that are all a control has (WCAG 1.4.11: 3:1), and the accent used as a selected tab's border.
const OUTLINE_ON: Array<[string[], string[]]> = [[['--control-line', '--accent'], ['--bg', '--panel', '--panel-2']]];

for (const theme of THEMES) {
  const vars = block(theme);
  const colour = (spec: string): Rgba => {
    const [top, base] = spec.split('/');
    const value = vars.get(top);
    assert.ok(value, `${theme}: ${top} is not defined`);
    const c = parse(value);
    return base ? over(c, colour(base)) : c;
  };
  const check = (pairs: Array<[string[], string[]]>, least: number) => {
    const failures: string[] = [];
    for (const [fgs, bgs] of pairs)
      for (const fg of fgs)
        for (const bg of bgs) {
          const ratio = contrast(colour(fg), colour(bg));
          if (ratio < least) failures.push(`${fg} on ${bg}: ${ratio.toFixed(2)}:1`);
        }
    assert.deepEqual(failures, [], `${theme}: below ${least}:1`);
  };

  test(`${theme}: every text colour meets WCAG AA (4.5:1) on the surfaces it is drawn on`, () => check(TEXT_ON, 4.5));
  test(`${theme}: control outlines and the accent reach 3:1`, () => check(OUTLINE_ON, 3));
}

test('both themes define the same colours, and the dark one is also the default', () => {
  const light = block('light');
  const dark = block('dark');
  assert.deepEqual([...light.keys()].sort(), [...dark.keys()].sort());
  assert.ok(light.size > 60, `only ${light.size} colours`);
  assert.match(CSS, /:root,\s*:root\[data-theme="dark"\]/, 'without data-theme (before the script runs) the dark block applies');
});

test("'system' follows prefers-color-scheme; a chosen theme wins over it", () => {
  assert.equal(resolveTheme('system', true), 'dark');
  assert.equal(resolveTheme('system', false), 'light');
  assert.equal(resolveTheme('light', true), 'light');
  assert.equal(resolveTheme('dark', false), 'dark');
  assert.ok(isThemeSetting('system') && isThemeSetting('light') && isThemeSetting('dark'));
  assert.ok(!isThemeSetting('blue') && !isThemeSetting(undefined));
});
