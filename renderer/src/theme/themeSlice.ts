import type { Slice } from '../store/appStore.ts';
import { systemPrefersDark } from './systemTheme.ts';
import { type Theme, type ThemeSetting, resolveTheme } from './themes.ts';

export interface ThemeSlice {
  /** What the settings say: a theme, or 'system' (the default). */
  themeSetting: ThemeSetting;
  /** The theme shown now (the setting resolved against the system's preference). */
  theme: Theme;
  setThemeSetting(setting: ThemeSetting): void;
  /** The system's preference changed: matters only while the setting is 'system'. */
  systemThemeChanged(prefersDark: boolean): void;
}

export const themeSlice: Slice<ThemeSlice> = (set, get) => ({
  themeSetting: 'system',
  theme: resolveTheme('system', systemPrefersDark()),
  setThemeSetting: (themeSetting) => set({ themeSetting, theme: resolveTheme(themeSetting, systemPrefersDark()) }),
  systemThemeChanged: (prefersDark) => set({ theme: resolveTheme(get().themeSetting, prefersDark) }),
});
