// A stack file as the validator sees it: numbered lines, and each problem at its place, a mark
// in the gutter of its line, the value at its column underlined, and the message right under the
// line with a caret at that column. Problems without a line (the file as a whole) are listed
// above it. Used for a template and for the preview of an import.

import { Fragment } from 'react';
import type { Issue } from '../../../shared/errors/errors.ts';
import { escapeControls } from '../../../shared/text/escapeControls.ts';
import { useT } from '../i18n/useT.ts';

/** `field: message`, control characters shown escaped (a key may hold anything). */
export function issueText(i: Issue): string {
  return escapeControls(`${i.field ? `${i.field}: ` : ''}${i.message}`, false);
}

function byLine(issues: readonly Issue[], lines: number): { at: Map<number, Issue[]>; whole: Issue[] } {
  const at = new Map<number, Issue[]>();
  const whole: Issue[] = [];
  for (const i of issues) {
    if (!i.line || i.line > lines) whole.push(i);
    else at.set(i.line, [...(at.get(i.line) ?? []), i]);
  }
  return { at, whole };
}

/** The line split around the value a problem points at: from its column to the next space. */
function Marked({ text, col }: { text: string; col?: number }) {
  if (!col || col > text.length + 1) return <>{text || ' '}</>;
  const start = col - 1;
  const rest = text.slice(start);
  const length = Math.max(1, rest.search(/[\s,}\]]|$/));
  return (
    <>
      {text.slice(0, start)}
      <span className="issue-at">{rest.slice(0, length) || ' '}</span>
      {rest.slice(length)}
    </>
  );
}

export function TemplateFile({ content, issues, testId = 'template-file' }: { content: string; issues: readonly Issue[]; testId?: string }) {
  const t = useT('templates');
  const lines = content.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const { at, whole } = byLine(issues, lines.length);
  return (
    <div className="template-file-box">
      {whole.length > 0 && (
        <ul className="issue-list" data-testid="file-issues">
          {whole.map((i, n) => (
            <li key={n} className="error">
              {issueText(i)}
            </li>
          ))}
        </ul>
      )}
      <div className="template-file mono" data-testid={testId} role="table" aria-label={t('fileLabel')}>
        {lines.map((line, index) => {
          const n = index + 1;
          const here = at.get(n) ?? [];
          const first = here[0];
          return (
            <Fragment key={n}>
              <div className={here.length ? 'code-line has-issue' : 'code-line'} data-testid={`line-${n}`} role="row">
                <span className="gutter" role="cell">
                  {here.length > 0 && (
                    <span className="issue-marker" data-testid="issue-marker" title={t('problemsOnLine', { count: here.length, line: n })} aria-label={t('problemOnLine', { line: n })}>
                      ●
                    </span>
                  )}
                  <span className="line-no">{n}</span>
                </span>
                <span className="code" role="cell">
                  <Marked text={escapeControls(line, false)} col={first?.col} />
                </span>
              </div>
              {here.map((i, k) => (
                <div key={`${n}-${k}`} className="issue-note" data-testid="issue-note" data-line={n} data-col={i.col ?? ''} role="row">
                  <span className="gutter" role="cell" />
                  <span className="note error" role="cell">
                    <span className="caret">{' '.repeat(Math.max(0, (i.col ?? 1) - 1))}^ </span>
                    {issueText(i)}
                    <span className="muted">{i.col ? t('atLineColumn', { line: n, col: i.col }) : t('atLine', { line: n })}</span>
                  </span>
                </div>
              ))}
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
