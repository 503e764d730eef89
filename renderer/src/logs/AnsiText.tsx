import { memo } from 'react';
import { parseAnsi } from './ansi.ts';

/** One log line's text with its colours; escape codes never reach the page as text. */
export const AnsiText = memo(function AnsiText({ text }: { text: string }) {
  return (
    <>
      {parseAnsi(text).map((s, i) =>
        s.className ? (
          <span key={i} className={s.className}>
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
});
