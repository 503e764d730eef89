// The message catalogues: every key of English exists in every language with the same
// placeholders, plural forms are ones the language has, and the translator fills them in.

process.env.TZ = 'UTC'; // the formatting checks below name times of day

import assert from 'node:assert/strict';
import test from 'node:test';
import { catalogues } from '../../renderer/src/i18n/catalogues.ts';
import { LANGUAGES, resolveLanguage } from '../../renderer/src/i18n/languages.ts';
import { translator } from '../../renderer/src/i18n/translate.ts';
import type { Entry } from '../../renderer/src/i18n/types.ts';
import { formatAgo, formatBytes, formatDateTime, formatDuration, formatTime } from '../../renderer/src/i18n/format.ts';

const placeholders = (e: Entry) =>
  [...new Set((typeof e === 'string' ? [e] : Object.values(e)).flatMap((text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

const entries = (lang: (typeof LANGUAGES)[number]) =>
  Object.entries(catalogues[lang]).flatMap(([ns, table]) => Object.entries(table as Record<string, Entry>).map(([key, e]) => [`${ns}.${key}`, e] as const));

test('every language has every English key with the same placeholders, and no empty message', () => {
  const english = new Map(entries('en'));
  assert.ok(english.size > 20, `only ${english.size} English messages`);
  for (const lang of LANGUAGES) {
    const mine = new Map(entries(lang));
    assert.deepEqual([...mine.keys()].sort(), [...english.keys()].sort(), `${lang}: keys differ from English`);
    for (const [key, e] of mine) {
      const en = english.get(key)!;
      assert.equal(typeof e, typeof en, `${lang} ${key}: plural in one language, plain in the other`);
      assert.deepEqual(placeholders(e), placeholders(en), `${lang} ${key}: placeholders differ from English`);
      for (const text of typeof e === 'string' ? [e] : Object.values(e)) assert.ok(String(text).trim(), `${lang} ${key}: empty message`);
    }
  }
});

test('plural messages use only the forms the language has, and always other', () => {
  for (const lang of LANGUAGES) {
    const forms = new Set<string>(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
    forms.add('zero'); // explicit zero is allowed in every language (used for "no ..." wording)
    for (const [key, e] of entries(lang)) {
      if (typeof e === 'string') continue;
      assert.ok(e.other, `${lang} ${key}: no 'other' form`);
      for (const f of Object.keys(e)) assert.ok(forms.has(f), `${lang} ${key}: '${f}' is not a plural form of ${lang}`);
    }
  }
});

test('the Chinese catalogue is Chinese: every message has Han characters or is only names and symbols', () => {
  for (const [key, e] of entries('zh-CN')) {
    for (const text of typeof e === 'string' ? [e] : Object.values(e)) {
      const bare = String(text).replace(/\{\w+\}/g, '');
      if (/[A-Za-z]{4,}/.test(bare) && !/\p{Script=Han}/u.test(bare)) {
        assert.fail(`zh-CN ${key}: '${text}' reads as untranslated English`);
      }
    }
  }
});

test('the translator fills placeholders, picks plural forms and formats numbers for the language', () => {
  const en = translator('en', 'stacks');
  assert.equal(en('started', { started: 1, count: 1 }), '1 of 1 service started');
  assert.equal(en('started', { started: 1200, count: 1500 }), '1,200 of 1,500 services started');
  const zh = translator('zh-CN', 'stacks');
  assert.equal(zh('started', { started: 1, count: 3 }), '已启动 1/3 个服务');
  assert.equal(zh('withDetails', { head: 'a', details: 'b' }), 'a（b）');
});

test('the system setting picks the first preferred language the UI has', () => {
  assert.equal(resolveLanguage('system', ['zh-CN', 'en-US']), 'zh-CN');
  assert.equal(resolveLanguage('system', ['zh-TW']), 'zh-CN');
  assert.equal(resolveLanguage('system', ['de-DE', 'en-GB', 'zh-CN']), 'en');
  assert.equal(resolveLanguage('system', ['fr']), 'en');
  assert.equal(resolveLanguage('system', []), 'en');
  assert.equal(resolveLanguage('en', ['zh-CN']), 'en');
  assert.equal(resolveLanguage('zh-CN', ['en-US']), 'zh-CN');
});

test('sizes, times and durations are formatted for the language', () => {
  assert.equal(formatBytes('en', 512), '512 B');
  assert.equal(formatBytes('en', 1536), '1.5 KiB');
  assert.equal(formatBytes('en', 5 * 1024 ** 3), '5.0 GiB');
  assert.equal(formatBytes('zh-CN', 20 * 1024 ** 2), '20.0 MiB');
  const at = Date.UTC(2026, 11, 2, 9, 5, 3, 120);
  assert.equal(formatTime('en', at), '09:05:03.120');
  assert.equal(formatDateTime('zh-CN', at), '2026年12月2日 09:05:03');
  assert.equal(formatDateTime('en', at), 'Dec 2, 2026, 09:05:03');
  const now = at + 3 * 60_000;
  assert.equal(formatAgo('en', at, now), '3 minutes ago');
  assert.equal(formatAgo('zh-CN', at, now), '3分钟前');
  assert.equal(formatAgo('zh-CN', at, at + 86_400_000 + 1000), '昨天');
  assert.equal(formatAgo('en', at, at + 10_000), 'just now');
  assert.equal(formatDuration('en', 3 * 86_400_000 + 4 * 3_600_000), '3 d 4 h');
  assert.equal(formatDuration('zh-CN', 200_000), '3 分 20 秒');
});

// Checked by `npm run typecheck`, never run: a wrong key or missing parameter is a type error.
export function typeChecks(): void {
  const t = translator('en', 'stacks');
  t('none');
  t('running', { running: 1, total: 2 });
  // @ts-expect-error: no such key
  t('no-such-key');
  // @ts-expect-error: placeholders need their parameters
  t('running');
  // @ts-expect-error: a plural needs its count
  t('started', { started: 1 });
  // @ts-expect-error: a plain message takes no parameters
  t('none', { x: 1 });
}
