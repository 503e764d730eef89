import { useEffect, useLayoutEffect } from 'react';
import { useApp } from '../store/appStore.ts';
import { watchSystemTheme } from './systemTheme.ts';

/**
 * Keeps <html data-theme> (which picks the colour block of themes.css, color-scheme included, for
 * form controls and scroll bars) on the theme shown, and follows the system while the setting is 'system'.
 * A layout effect: the first paint already has the right colours.
 */
export function useDocumentTheme(): void {
  const theme = useApp((s) => s.theme);
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => watchSystemTheme((dark) => useApp.getState().systemThemeChanged(dark)), []);
}
