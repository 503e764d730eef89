// Import: the user picks a compose file, the page reads it (no path on the engine's machine is
// named) and has the engine's validator check it; the file is shown with its problems marked,
// with the id it will be kept as. The user then confirms, knowingly when it has problems: such a
// template is kept, marked, and cannot make an environment until fixed. A text that is not a
// compose file at all is refused by the engine, and its issues are shown the same way.

import { useRef, useState } from 'react';
import type { Issue } from '../../../shared/errors/errors.ts';
import { isBranchyardError } from '../../../shared/errors/errors.ts';
import { importedTemplateId } from '../../../shared/stack/templateId.ts';
import { saidError } from '../api/errorMessage.ts';
import type { Said } from '../i18n/said.ts';
import { translator } from '../i18n/translate.ts';
import { formatBytes } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { TemplateFile } from './TemplateFile.tsx';

const MAX_BYTES = 1024 * 1024;

/** The file's top-level `name:` as written, to prefill the name field (the engine decides). */
function nameInText(text: string): string | undefined {
  const m = /^name:[ \t]*(["']?)([^"'#\r\n]*?)\1[ \t]*(?:#.*)?$/m.exec(text);
  return m?.[2] && !m[2].includes('$') ? m[2] : undefined;
}

interface Picked {
  fileName: string;
  content: string;
}

interface Preview {
  issues: Issue[];
  warnings: string[];
  services?: string[];
  /** Set when the engine refused the import: the file is not a compose file. */
  refused?: boolean;
}

export function TemplateImport({ existing, onCancel, onImported }: { existing: string[]; onCancel(): void; onImported(id: string): void }) {
  const t = useT('templates');
  const tc = useT('common');
  const lang = useLanguage();
  const client = useApp((s) => s.client);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<Said | null>(null);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  // The browser's own file button speaks the browser's language, not the app's: a button of ours opens it.
  const fileInput = useRef<HTMLInputElement>(null);

  const pick = async (file: File | undefined) => {
    setPicked(null);
    setPreview(null);
    setError(null);
    setReplace(false);
    if (!file || !client) return;
    if (file.size > MAX_BYTES) {
      setError(() => (l: Language) => translator(l, 'templates')('tooBig', { file: file.name, size: formatBytes(l, file.size) }));
      return;
    }
    const content = await file.text();
    setPicked({ fileName: file.name, content });
    setName(nameInText(content) ?? file.name.replace(/\.(ya?ml)$/i, ''));
    try {
      // As a template is checked: for branch main (${BRANCH_SLUG} in an image tag is the rule).
      const r = await client.validate({ content, branch: 'main' });
      setPreview({ issues: [], warnings: r.warnings, services: r.services });
    } catch (e) {
      if (isBranchyardError(e) && e.kind === 'invalid-input') setPreview({ issues: e.details.issues ?? [{ message: e.message }], warnings: [] });
      else setError(() => saidError(e));
    }
  };

  const named = importedTemplateId(name.trim() === '' ? undefined : name, picked ? nameInText(picked.content) : undefined);
  const id = 'id' in named ? named.id : undefined;
  const exists = id !== undefined && existing.includes(id);
  const problems = preview?.issues.length ?? 0;

  const submit = async () => {
    if (!client || !picked || !id) return;
    setBusy(true);
    setError(null);
    try {
      const imported = await client.importTemplate({ content: picked.content, ...(name.trim() ? { name } : {}), ...(exists ? { replace } : {}) });
      onImported(imported.id);
    } catch (e) {
      if (isBranchyardError(e) && e.kind === 'invalid-input' && e.details.issues?.some((i) => i.field !== 'name')) {
        setPreview({ issues: e.details.issues, warnings: [], refused: true });
      } else setError(() => saidError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="template-import" data-testid="template-import" aria-label={t('importLabel')}>
      <h2>{t('importTitle')}</h2>
      <div className="toolbar">
        <span className="file-pick">
          <span>{t('file')}</span>
          <input
            ref={fileInput}
            type="file"
            className="visually-hidden"
            tabIndex={-1}
            aria-label={t('file')}
            accept=".yml,.yaml,application/yaml,text/yaml"
            onChange={(e) => void pick(e.target.files?.[0])}
            data-testid="template-import-file"
          />
          <button type="button" onClick={() => fileInput.current?.click()} data-testid="template-import-choose">
            {t('chooseFile')}
          </button>
          <span className="muted mono" data-testid="template-import-file-name">
            {picked?.fileName ?? t('noFileChosen')}
          </span>
        </span>
        <label>
          {t('name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} disabled={!picked} data-testid="template-import-name" />
        </label>
        {picked && (
          <span className="muted" data-testid="template-import-id">
            {id ? t('keptAs', { id }) : 'issue' in named ? named.issue.message : ''}
          </span>
        )}
      </div>
      {exists && (
        <label className="replace">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} data-testid="template-import-replace" />
          {t('replace', { id: id ?? '' })}
        </label>
      )}
      {error && (
        <p className="error" data-testid="template-import-error">
          {error(lang)}
        </p>
      )}
      {picked && preview && (
        <>
          {preview.refused ? (
            <p className="error" data-testid="template-import-summary">
              {t('refused', { file: picked.fileName, count: problems })}
            </p>
          ) : problems > 0 ? (
            <p className="error" data-testid="template-import-summary">
              {t('hasProblems', { file: picked.fileName, count: problems })}
            </p>
          ) : (
            <p className="ok" data-testid="template-import-summary">
              {t('isValid', { file: picked.fileName, services: preview.services?.join(', ') ?? '' })}
            </p>
          )}
          {preview.warnings.map((w, n) => (
            <p key={n} className="warn">
              {t('warning', { text: w })}
            </p>
          ))}
        </>
      )}
      <div className="toolbar">
        <button
          type="button"
          className={problems > 0 ? 'danger' : ''}
          disabled={!client || !picked || !preview || preview.refused || !id || busy || (exists && !replace)}
          onClick={submit}
          data-testid="template-import-confirm"
        >
          {busy ? t('importing') : problems > 0 ? t('importWithProblems', { count: problems }) : t('importButton')}
        </button>
        <button type="button" onClick={onCancel} data-testid="template-import-cancel">
          {tc('cancel')}
        </button>
      </div>
      {picked && preview && <TemplateFile content={picked.content} issues={preview.issues} testId="template-import-preview" />}
    </section>
  );
}
