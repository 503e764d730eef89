// The languages the UI speaks, and which one a setting of 'system' means.

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
/** What the user picked in the settings: a language, or whatever the system (browser) prefers. */
export type LanguageSetting = 'system' | Language;

/**
 * The language to show for a setting. 'system' takes the first of the browser's preferred
 * languages (navigator.languages: the OS language in Electron, the browser's in the browser mode)
 * that the UI has: any Chinese gets Simplified Chinese, any English gets English; else English.
 */
export function resolveLanguage(setting: LanguageSetting, preferred: readonly string[]): Language {
  if (setting !== 'system') return setting;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'zh') return 'zh-CN';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function isLanguageSetting(v: unknown): v is LanguageSetting {
  return v === 'system' || (LANGUAGES as readonly unknown[]).includes(v);
}
