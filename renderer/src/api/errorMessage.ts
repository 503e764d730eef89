import { escapeControls } from '../../../shared/text/escapeControls.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { tNow } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';

/**
 * The text to show for a failed call. BranchyardErrors carry a message written for the user
 * (with file, line and service where known); anything else shows its message. In a language other
 * than English a translated lead sentence for the error's kind comes first and the engine's
 * English detail follows unchanged (it names files and fields, and is what a search finds).
 * React escapes HTML, not control characters: an ESC a stack file put into a message is shown as
 * \x1b, as the command line shows it (issues are already escaped by formatIssue; this covers the rest).
 */
export function errorMessage(e: unknown): string {
  const detail = e && typeof e === 'object' && 'message' in e && typeof e.message === 'string' ? e.message : String(e);
  const lead = e instanceof BranchyardError && useApp.getState().language !== 'en' ? `${tNow('errors')(e.kind)} ` : '';
  return escapeControls(`${lead}${detail}`);
}
