import { useApp } from '../store/appStore.ts';
import { LANGUAGES, isLanguageSetting } from './languages.ts';
import { useT } from './useT.ts';

/** Each language named in itself, so a user who cannot read the current one still finds theirs. */
const NATIVE_NAMES = { en: 'English', 'zh-CN': '简体中文' } as const;

export function LanguagePicker() {
  const t = useT('layout');
  const setting = useApp((s) => s.languageSetting);
  const shown = useApp((s) => s.language);
  const choose = useApp((s) => s.setLanguageSetting);
  return (
    <label className="language-picker">
      <span>{t('language')}</span>
      <select
        value={setting}
        onChange={(e) => isLanguageSetting(e.target.value) && choose(e.target.value)}
        data-testid="language-picker"
      >
        <option value="system">{t('languageSystem', { language: NATIVE_NAMES[shown] })}</option>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
