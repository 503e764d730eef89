// The template's compose profiles as checkboxes: none ticked runs the services without a profile
// (as `up` without --profile does); each ticked one adds its services. The dialog passes the
// ticked ones in UpParams, so the plan preview follows every tick.

import { useT } from '../i18n/useT.ts';

export interface ProfileChoice {
  name: string;
  services: string[];
}

export function ProfilePicker({ choices, selected, onChange }: { choices: ProfileChoice[]; selected: string[]; onChange(next: string[]): void }) {
  const t = useT('environments');
  if (choices.length === 0) return null;
  const toggle = (name: string, on: boolean) => onChange(on ? [...selected, name].sort() : selected.filter((p) => p !== name));
  return (
    <>
      <span id="env-profiles-label" className="profile-picker-label">
        {t('profiles')}
      </span>
      <fieldset className="profile-picker" aria-labelledby="env-profiles-label" aria-describedby="env-profiles-hint" data-testid="env-profiles">
        {choices.map((c) => (
          <label key={c.name} className="check profile-choice">
            <input type="checkbox" checked={selected.includes(c.name)} onChange={(e) => toggle(c.name, e.target.checked)} data-testid={`env-profile-${c.name}`} />
            <span className="mono">{c.name}</span>
            <span className="muted">{t('profileAdds', { services: c.services.join(t('serviceSeparator')) })}</span>
          </label>
        ))}
        <p className="muted small" id="env-profiles-hint">
          {t('profilesHint')}
        </p>
      </fieldset>
    </>
  );
}

/** The profiles a running stack was brought up with: those whose services it has. */
export function profilesRunning(choices: ProfileChoice[], services: string[]): string[] {
  return choices.filter((c) => c.services.some((s) => services.includes(s))).map((c) => c.name).sort();
}
