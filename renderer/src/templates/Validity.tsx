import { useT } from '../i18n/useT.ts';

/** "valid" or "N problems", as a pill coloured like a stack's status. */
export function Validity({ valid, problems }: { valid: boolean; problems: number }) {
  const t = useT('templates');
  return (
    <span className={`pill ${valid ? 'status-running' : 'status-degraded'}`} data-testid="template-validity" data-valid={valid} data-problems={problems}>
      {valid ? t('valid') : t('problems', { count: problems })}
    </span>
  );
}
