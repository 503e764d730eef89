// The keyboard help, opened with ?: every shortcut from shortcuts.ts, the terminal's keys and the
// list and dialog keys, in the language shown. Escape closes it and focus returns where it was.

import { useRef } from 'react';
import { useT } from '../i18n/useT.ts';
import { APP_SHORTCUTS, TERMINAL_SHORTCUTS, comboLabel } from './shortcuts.ts';
import { useModalKeys } from './useModalKeys.ts';

function Keys({ label }: { label: string }) {
  return (
    <>
      {label.split(/(?<=.)\+(?=.)/).map((k) => (
        <kbd key={k}>{k}</kbd>
      ))}
    </>
  );
}

export function HelpOverlay({ onClose }: { onClose(): void }) {
  const t = useT('keyboard');
  const tc = useT('common');
  const box = useRef<HTMLDivElement>(null);
  useModalKeys(box, onClose);
  const lists: [string, [string, string][]][] = [
    [t('appSection'), APP_SHORTCUTS.map((s) => [comboLabel(s.combo), t(`action_${s.action}`)])],
    [t('terminalSection'), TERMINAL_SHORTCUTS.map((s) => [comboLabel(s.combo), t(`terminal_${s.action}`)])],
    [
      t('listSection'),
      [
        ['↑ / ↓ / Home / End', t('list_arrows')],
        ['Escape', t('list_escape')],
        ['Tab / Shift+Tab', t('list_tab')],
      ],
    ],
  ];
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} className="dialog keyboard-help" role="dialog" aria-modal="true" aria-labelledby="keyboard-help-title" data-testid="keyboard-help">
        <header className="dialog-head">
          <h2 id="keyboard-help-title">{t('title')}</h2>
          <span className="spacer" />
          <button type="button" aria-label={tc('close')} onClick={onClose} data-autofocus data-testid="keyboard-help-close">
            ×
          </button>
        </header>
        <div className="dialog-body">
          {lists.map(([caption, rows]) => (
            <table key={caption}>
              <caption>{caption}</caption>
              <tbody>
                {rows.map(([keys, what]) => (
                  <tr key={keys} data-testid="keyboard-help-row">
                    <td className="keys">
                      {keys.split(' / ').map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' '}
                          <Keys label={k} />
                        </span>
                      ))}
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      </div>
    </div>
  );
}
