import type { Slice } from '../store/appStore.ts';
import { browserLanguages } from './browserLanguages.ts';
import { type Language, type LanguageSetting, resolveLanguage } from './languages.ts';

export interface I18nSlice {
  /** What the settings say: a language, or 'system'. */
  languageSetting: LanguageSetting;
  /** The language shown now (the setting resolved against the browser's languages). */
  language: Language;
  setLanguageSetting(setting: LanguageSetting): void;
}

export const i18nSlice: Slice<I18nSlice> = (set) => ({
  languageSetting: 'system',
  language: resolveLanguage('system', browserLanguages()),
  setLanguageSetting: (languageSetting) => set({ languageSetting, language: resolveLanguage(languageSetting, browserLanguages()) }),
});
