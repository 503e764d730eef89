import { escapeControls } from '../../../shared/text/escapeControls.ts';

/**
 * The text to show for a failed call. BranchyardErrors carry a message written for the user
 * (with file, line and service where known); anything else shows its message. React escapes
 * HTML, not control characters: an ESC a stack file put into a message is shown as \x1b, as the
 * command line shows it (issues are already escaped by formatIssue; this covers the rest).
 */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string') return escapeControls(e.message);
  return escapeControls(String(e));
}
