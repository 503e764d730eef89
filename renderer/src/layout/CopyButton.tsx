// Copies a value to the clipboard: an IP, a connection string. Its accessible name says what
// (`Copy IP`), its text says it worked.

import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT.ts';

export function CopyButton({ text, what, testId }: { text: string; what: string; testId?: string }) {
  const t = useT('layout');
  const tc = useT('common');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = () => {
    const done = (s: 'copied' | 'failed') => {
      setState(s);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState('idle'), 1500);
    };
    // The clipboard exists in a secure context only (the app's file: page, the browser mode's 127.0.0.1).
    if (!navigator.clipboard) return done('failed');
    navigator.clipboard.writeText(text).then(
      () => done('copied'),
      () => done('failed'),
    );
  };
  return (
    <button
      type="button"
      className="copy"
      aria-label={t('copyWhat', { what })}
      title={state === 'failed' ? t('copyRefused') : t('copyWhat', { what })}
      onClick={copy}
      data-testid={testId}
      data-state={state}
    >
      {state === 'copied' ? tc('copied') : state === 'failed' ? t('notCopied') : tc('copy')}
    </button>
  );
}
