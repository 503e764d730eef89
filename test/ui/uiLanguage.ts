// The language a UI test run speaks: `npm run test:ui` runs every UI test file once in English and
// once in Simplified Chinese (BRANCHYARD_UI_LANGUAGE=zh-CN). The page gets the browser locale of
// that language (the app's 'system' setting follows it) and tests find texts through the same
// catalogue the app uses, so one test checks both languages.

import type { Language } from '../../renderer/src/i18n/languages.ts';
import type { NamespaceName } from '../../renderer/src/i18n/catalogues.ts';
import { type T, translator } from '../../renderer/src/i18n/translate.ts';

export const UI_LANGUAGE: Language = process.env.BRANCHYARD_UI_LANGUAGE === 'zh-CN' ? 'zh-CN' : 'en';

/** Options for browser.newPage / newContext: the browser's locale for UI_LANGUAGE. */
export const LOCALE = { locale: UI_LANGUAGE === 'zh-CN' ? 'zh-CN' : 'en-US' } as const;

/** The app's message for a key in the run's language: `ui('stacks')('state_running')`. */
export function ui<N extends NamespaceName>(ns: N): T<N> {
  return translator(UI_LANGUAGE, ns);
}

/** A message as a RegExp source: `new RegExp(`^${literally(ui('stacks')('done_stop', ...))}`)`. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Put in a message's parameter where any text may stand: `matching(t('downCaptured', { path: ANY }))`. */
export const ANY = '\u0001';

/** A RegExp for a message with ANY parameters (and numbers as `\d+` where `digits` says so). */
export function matching(text: string, o: { digits?: boolean } = {}): RegExp {
  let source = literally(text).split(ANY).join('.+?');
  if (o.digits) source = source.replace(/\d+/g, '\\d+');
  return new RegExp(source);
}
