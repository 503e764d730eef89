import { escapeControls } from '../../../shared/text/escapeControls.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { Language } from '../i18n/languages.ts';
import type { Said } from '../i18n/said.ts';
import { translator } from '../i18n/translate.ts';
import { useApp } from '../store/appStore.ts';

/**
 * The text to show for a failed call. BranchyardErrors carry a message written for the user
 * (with file, line and service where known); anything else shows its message. In a language other
 * than English a translated lead sentence for the error's kind comes first and the engine's
 * English detail follows unchanged (it names files and fields, and is what a search finds).
 * React escapes HTML, not control characters: an ESC a stack file put into a message is shown as
 * \x1b, as the command line shows it (issues are already escaped by formatIssue; this covers the rest).
 */
export function errorMessage(e: unknown, lang: Language = useApp.getState().language): string {
  const detail = e && typeof e === 'object' && 'message' in e && typeof e.message === 'string' ? e.message : String(e);
  const lead = e instanceof BranchyardError && lang !== 'en' ? `${translator(lang, 'errors')(e.kind)} ` : '';
  return escapeControls(`${lead}${detail}`);
}

/** The same, kept for later (in the store): worded in the language shown when it is drawn. */
export function saidError(e: unknown): Said {
  return (lang) => errorMessage(e, lang);
}
