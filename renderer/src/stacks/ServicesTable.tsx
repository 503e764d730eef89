import type { ServiceDetails } from '../../../shared/api/control.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { useT } from '../i18n/useT.ts';
import { type RowControl, ServiceRow } from './ServiceRow.tsx';
import type { Sample } from './useStackStats.ts';

export function ServicesTable({
  stack,
  details,
  samples,
  control,
}: {
  stack: StackStatus;
  details: Record<string, ServiceDetails>;
  samples: Record<string, Sample>;
  control: RowControl;
}) {
  const t = useT('stacks');
  const tt = useT('theme');
  if (stack.services.length === 0 && !stack.missing?.length) return <p className="muted">{t('noContainers')}</p>;
  return (
    <table className="services" data-testid="services-table">
      <thead>
        <tr>
          <th>{t('col_service')}</th>
          <th>{t('col_state')}</th>
          <th>{t('col_health')}</th>
          <th>{t('col_ip')}</th>
          <th className="num">{t('col_cpu')}</th>
          <th className="num">{t('col_memory')}</th>
          <th>{t('col_uptime')}</th>
          <th>
            <span className="visually-hidden">{tt('actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {stack.services.map((s) => (
          <ServiceRow key={s.containerId} stack={stack} s={s} detail={details[s.containerId]} sample={samples[s.containerId]} control={control} />
        ))}
        {(stack.missing ?? []).map((name) => (
          // In the file at the last up, but no container: that up was cancelled or killed before it
          // created this one. Update (up again) creates it.
          <tr key={`missing-${name}`} className="missing" data-testid={`service-${name}`}>
            <td className="strong">{name}</td>
            <td colSpan={7}>
              <span className="pill state-missing" data-testid="service-state" data-state="missing" title={t('serviceNotCreatedTitle')}>
                {t('serviceNotCreated')}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
