// A message kept for later: an operation's outcome, a launch's end, a banner's reason live in the
// store and are shown long after they happened, maybe after the user switched the language. They
// are kept as a Said (the words for any language) and worded when drawn, so they switch too.

import type { English, NamespaceName } from './catalogues.ts';
import type { Language } from './languages.ts';
import { type Key, translator } from './translate.ts';
import type { ArgsOf } from './types.ts';

export type Said = (lang: Language) => string;

/** `said('stacks', 'done_stop', { services })`: the message in whatever language it is drawn in. */
export function said<N extends NamespaceName, K extends Key<N>>(ns: N, key: K, ...args: ArgsOf<English[N][K]>): Said {
  return (lang) => (translator(lang, ns) as (key: K, ...a: ArgsOf<English[N][K]>) => string)(key, ...args);
}

/** Text that is the same in every language (the engine's own words, a path). */
export function verbatim(text: string): Said {
  return () => text;
}
