// Copies a value to the clipboard: an IP, a connection string. Its accessible name says what
// (`Copy IP`), its text says it worked.

import { useEffect, useRef, useState } from 'react';

export function CopyButton({ text, what, testId }: { text: string; what: string; testId?: string }) {
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
      aria-label={`Copy ${what}`}
      title={state === 'failed' ? 'The browser refused the clipboard: select the text and copy it by hand' : `Copy ${what}`}
      onClick={copy}
      data-testid={testId}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Not copied' : 'Copy'}
    </button>
  );
}
