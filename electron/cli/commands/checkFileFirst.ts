import { loadStackFile, readStackFileText } from '../../engine/stackfile/loadStackFile.ts';
import { identityFromFlags } from '../../engine/stacks/resolveStackName.ts';
import { stackVars } from './stackVars.ts';

/**
 * Reads and fully checks the file and flags before the engine is touched, so bad input changes
 * nothing. Returns the text and the template name for the engine-side steps.
 */
export function checkFileFirst(file: string, flags: { branch?: string; name?: string }): { text: string; name: string } {
  const { text, name } = readStackFileText(file);
  loadStackFile(file, text, { vars: stackVars(identityFromFlags(name, flags)) });
  return { text, name };
}
