/**
 * The text to show for a failed call. BranchyardErrors carry a message written for the user
 * (with file, line and service where known); anything else shows its message.
 */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}
