// The two looks of the UI and which one a setting of 'system' means. The colours themselves are
// CSS custom properties in ./themes.css, one block per theme; everything else reads them.

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
/** What the user picked: a theme, or whatever the operating system (or browser) prefers. */
export type ThemeSetting = 'system' | Theme;

/** The theme to show for a setting; 'system' follows prefers-color-scheme. */
export function resolveTheme(setting: ThemeSetting, systemPrefersDark: boolean): Theme {
  if (setting !== 'system') return setting;
  return systemPrefersDark ? 'dark' : 'light';
}

export function isThemeSetting(v: unknown): v is ThemeSetting {
  return v === 'system' || (THEMES as readonly unknown[]).includes(v);
}
