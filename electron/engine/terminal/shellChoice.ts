// Which shell a terminal opens when the viewer gives no command: bash if the container has it (line
// editing, history), else sh. Asked of the container with a short exec of a constant script; the
// answer is read here, apart from the engine, so it can be tested on its own.

/** The probe's command: a constant, never a string built from input. */
export const SHELL_PROBE: string[] = ['sh', '-c', 'command -v bash || command -v sh'];

export type ShellChoice =
  | { shell: string }
  /** The container has no `sh` on its PATH: only an explicit command can run. */
  | { missing: true }
  /** The probe could not run for another reason (unknown user, missing workdir...): the engine's words. */
  | { error: string };

// runc and crun word it differently; both name the program in quotes.
const SH_NOT_FOUND = /"sh": (executable file not found|.*no such file or directory)/i;

/** Reads the probe's exit code and output (stdout and stderr together). */
export function chooseShell(code: number | null, output: string): ShellChoice {
  if (code === 0) {
    // `command -v` prints the path (or, in some shells, the bare name) of the first one found.
    const line = output
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '' && !/\s/.test(l));
    return { shell: line ?? 'sh' };
  }
  if (SH_NOT_FOUND.test(output)) return { missing: true };
  const text = output.trim().replace(/^OCI runtime exec failed: (exec failed: )?/, '');
  return { error: text || `the shell probe exited with ${code ?? 'an unknown status'}` };
}
