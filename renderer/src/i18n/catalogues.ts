// Every language's catalogue. English (en/) is the source of the types; zh-CN/ must match it.
// One file per capability in each language folder, so a change to the log view touches only
// en/logs.ts and zh-CN/logs.ts.

import { en } from './en/index.ts';
import { zhCN } from './zh-CN/index.ts';
import type { Language } from './languages.ts';
import type { Translation } from './types.ts';

export type English = typeof en;
export type NamespaceName = keyof English;
/** A whole catalogue: every namespace of English, translated. */
export type Catalogue = { readonly [N in NamespaceName]: Translation<English[N]> };

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, 'zh-CN': zhCN };
