// Looking up and filling in messages. Pure: no React, no DOM, so unit tests and non-React code
// (progress lines, notifications) use it as the components do.

import { catalogues, type English, type NamespaceName } from './catalogues.ts';
import type { Language } from './languages.ts';
import type { ArgsOf, Entry, Plural } from './types.ts';

export type Key<N extends NamespaceName> = keyof English[N] & string;

/** A translator bound to one language and namespace: `t('stopped', { count: 2 })`. Parameters are typed from English. */
export type T<N extends NamespaceName> = <K extends Key<N>>(key: K, ...args: ArgsOf<English[N][K]>) => string;

const pluralRules = new Map<Language, Intl.PluralRules>();
const numbers = new Map<Language, Intl.NumberFormat>();

function plural(lang: Language, forms: Plural, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  if (count === 0 && forms.zero !== undefined) return forms.zero;
  return forms[rules.select(count)] ?? forms.other;
}

/** `{name}` replaced by its parameter; numbers formatted for the language (1,234 / 1,234). */
export function fill(lang: Language, text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'number') {
      let f = numbers.get(lang);
      if (!f) numbers.set(lang, (f = new Intl.NumberFormat(lang)));
      return f.format(v);
    }
    return v;
  });
}

export function message(lang: Language, entry: Entry, params?: Record<string, string | number>): string {
  const text = typeof entry === 'string' ? entry : plural(lang, entry, Number(params?.count ?? 0));
  return fill(lang, text, params);
}

export function translator<N extends NamespaceName>(lang: Language, ns: N): T<N> {
  const table = catalogues[lang][ns] as Readonly<Record<string, Entry>>;
  // English is the fallback only for a catalogue that was not type-checked (it cannot happen in a build).
  const english = catalogues.en[ns] as Readonly<Record<string, Entry>>;
  return ((key: string, params?: Record<string, string | number>) => message(lang, table[key] ?? english[key] ?? key, params)) as T<N>;
}
