import { useApp } from '../store/appStore.ts';
import { useT } from '../i18n/useT.ts';
import { THEMES, isThemeSetting } from './themes.ts';

/** Light, dark, or the system's, at run time (next to the language picker, as the settings will have it). */
export function ThemePicker() {
  const t = useT('theme');
  const setting = useApp((s) => s.themeSetting);
  const shown = useApp((s) => s.theme);
  const choose = useApp((s) => s.setThemeSetting);
  return (
    <label className="theme-picker">
      <span>{t('theme')}</span>
      <select value={setting} onChange={(e) => isThemeSetting(e.target.value) && choose(e.target.value)} data-testid="theme-picker">
        <option value="system">{t('system', { theme: t(shown) })}</option>
        {THEMES.map((theme) => (
          <option key={theme} value={theme}>
            {t(theme)}
          </option>
        ))}
      </select>
    </label>
  );
}
