// The terminal's context menu (right click, the menu key or Shift+F10): copy, paste, select all,
// search, clear. A real menu for the keyboard too: focus starts on the first item, arrows move,
// Enter runs, Escape or Tab closes and gives focus back to the terminal.

import { useEffect, useRef } from 'react';
import { useT, tNow } from '../i18n/useT.ts';
import { clipboardError, copySelection, pasteInto } from './clipboard.ts';
import type { Screen } from './TerminalView.tsx';

export interface MenuPlace {
  /** Pixels from the terminal panel's top left. */
  x: number;
  y: number;
  /** Read when the menu opened: a right click must not lose what was selected. */
  hasSelection: boolean;
}

type Item = { id: string; label: string; disabled?: boolean; run(): void | Promise<void> };

export function TerminalMenu({
  place,
  screen,
  onSearch,
  onNote,
  onClose,
}: {
  place: MenuPlace;
  screen: Screen;
  onSearch(): void;
  onNote(text: string, error: boolean): void;
  onClose(refocus: boolean): void;
}) {
  const t = useT('terminals');
  const menu = useRef<HTMLDivElement>(null);
  const { term } = screen;
  const refused = (e: unknown) => onNote(tNow('terminals')('clipboardRefused', { error: clipboardError(e) }), true);
  const items: Item[] = [
    {
      id: 'copy',
      label: t('menuCopy'),
      disabled: !place.hasSelection,
      run: () => copySelection(term).then((n) => void (n > 0 && onNote(tNow('terminals')('copiedNote', { count: n }), false)), refused),
    },
    { id: 'paste', label: t('menuPaste'), run: () => pasteInto(term).catch(refused) },
    { id: 'select-all', label: t('menuSelectAll'), run: () => term.selectAll() },
    { id: 'search', label: t('menuSearch'), run: onSearch },
    { id: 'clear', label: t('menuClear'), run: () => term.clear() },
  ];

  // Once per opening: the panel redraws often (live stack state) and must not move focus back.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    // After the pointer's mouseup too, which xterm.js answers by focusing its own textarea.
    const first = () => menu.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    first();
    const later = setTimeout(first, 0);
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) close.current(false);
    };
    document.addEventListener('mousedown', away, true);
    return () => {
      clearTimeout(later);
      document.removeEventListener('mousedown', away, true);
    };
  }, []);

  const move = (step: number) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(at + step + buttons.length) % buttons.length]?.focus();
  };

  return (
    <div
      ref={menu}
      className="terminal-menu"
      role="menu"
      aria-label={t('menuLabel')}
      style={{ left: place.x, top: place.y }}
      data-testid="terminal-menu"
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
        } else if (e.key === 'Escape' || e.key === 'Tab') {
          e.preventDefault();
          e.stopPropagation();
          onClose(true);
        }
      }}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          disabled={item.disabled}
          onClick={() => {
            // The search bar takes focus itself; everything else hands it back to the screen.
            onClose(item.id !== 'search');
            void item.run();
          }}
          data-testid={`terminal-menu-${item.id}`}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
