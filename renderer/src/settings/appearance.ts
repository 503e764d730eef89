// Language and theme live in the settings file the command line reads too (settings.json), so
// the app, every browser-mode page and the next start agree. The pickers change the page at once
// and then write the setting; a page that connects takes the file's values.

import type { BranchyardClient } from '../../../shared/api/client.ts';
import { isLanguageSetting, type LanguageSetting } from '../i18n/languages.ts';
import { useApp } from '../store/appStore.ts';
import { isThemeSetting, type ThemeSetting } from '../theme/themes.ts';

/** Takes the file's language and theme (called on every (re)connection). */
export async function loadAppearance(client: BranchyardClient): Promise<void> {
  const s = await client.getSettings({});
  const app = useApp.getState();
  if (isLanguageSetting(s.language) && s.language !== app.languageSetting) app.setLanguageSetting(s.language);
  if (isThemeSetting(s.theme) && s.theme !== app.themeSetting) app.setThemeSetting(s.theme);
}

/** Shows the choice now and keeps it in the settings file (a failed write leaves the page as chosen). */
export function chooseAppearance(change: { language?: LanguageSetting; theme?: ThemeSetting }): void {
  const app = useApp.getState();
  if (change.language) app.setLanguageSetting(change.language);
  if (change.theme) app.setThemeSetting(change.theme);
  app.client?.setSettings(change).catch((e: unknown) => console.warn('the setting was not saved:', e));
}
