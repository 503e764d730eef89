// The filter bar: a chip per service (in the service's colour), stdout/stderr, and a time range.
// What it sets applies to the lines in view and, as contract parameters, to search, history and export.

import type { LogStreamName } from '../../../shared/api/logs.ts';
import { useT } from '../i18n/useT.ts';
import { type ViewFilter, localInputValue, rangeBound, toggleService, toggleStream } from './logFilter.ts';
import { serviceColourClass } from './serviceColour.ts';

const STREAMS: LogStreamName[] = ['stdout', 'stderr'];

export function LogFilters({ filter, services, onChange }: { filter: ViewFilter; services: string[]; onChange(f: ViewFilter): void }) {
  const t = useT('logs');
  return (
    <div className="toolbar log-filters" data-testid="log-filters">
      {services.length > 1 && (
        <span className="log-chips" role="group" aria-label={t('servicesLabel')}>
          {services.map((s) => {
            const on = !filter.hidden.includes(s);
            return (
              <button
                key={s}
                type="button"
                className={`log-chip ${serviceColourClass(s)}${on ? ' on' : ''}`}
                aria-pressed={on}
                title={t('serviceTitle', { service: s })}
                onClick={() => onChange(toggleService(filter, s, services))}
                data-testid={`log-chip-${s}`}
              >
                {s}
              </button>
            );
          })}
        </span>
      )}
      <span className="log-chips" role="group" aria-label={t('streamsLabel')}>
        {STREAMS.map((s) => (
          <button
            key={s}
            type="button"
            className={`log-chip log-chip-${s}${filter.streams[s] ? ' on' : ''}`}
            aria-pressed={filter.streams[s]}
            title={t(`streamTitle_${s}`)}
            onClick={() => onChange(toggleStream(filter, s))}
            data-testid={`log-stream-${s}`}
          >
            {t(`stream_${s}`)}
          </button>
        ))}
      </span>
      <span className="log-range" title={t('rangeTitle')}>
        <label>
          {t('from')}
          <input
            type="datetime-local"
            step={1}
            value={localInputValue(filter.from)}
            onChange={(e) => onChange({ ...filter, from: rangeBound(e.target.value, 'start') })}
            data-testid="log-range-from"
          />
        </label>
        <label>
          {t('to')}
          <input
            type="datetime-local"
            step={1}
            value={localInputValue(filter.to)}
            onChange={(e) => onChange({ ...filter, to: rangeBound(e.target.value, 'end') })}
            data-testid="log-range-to"
          />
        </label>
        {(filter.from || filter.to) && (
          <button type="button" onClick={() => onChange({ ...filter, from: undefined, to: undefined })} data-testid="log-range-clear">
            {t('clearRange')}
          </button>
        )}
      </span>
    </div>
  );
}
