// Ends what a terminal session started in the container. Docker does not kill an exec's process
// when its attach connection closes: a shell, or `sleep 1000` typed into it, would run on forever,
// one more with every closed tab. So every session's exec carries BRANCHYARD_SESSION=<random id>
// in its environment, which its children inherit, and closing the session kills every process
// in the container whose environment holds exactly that id.

import type Docker from 'dockerode';
import { quietExec } from './quietExec.ts';

export const SESSION_VARIABLE = 'BRANCHYARD_SESSION';

/**
 * Constant script; the id comes as $1, never written into the script. Reading another user's
 * /proc/PID/environ needs root, hence User 'root' for this exec. The killer cannot kill itself:
 * its own exec is created without the variable (so neither it nor its children match), and it
 * skips its own pid anyway in case the container's image sets the variable. A few passes,
 * because a process may fork between the scan of its parent and the kill.
 *
 * One `grep -z` reads every process's environment in a single process, where the portable loop
 * starts a `tr` and a `grep` per process: with 100 terminals open (some 200 processes) closing
 * them all would start tens of thousands of processes in the container and take half a minute.
 * The loop stays as the fallback for a grep without -z (BusyBox builds without it).
 */
const KILL_SCRIPT = `self=$$
if printf 'x\\0' | grep -qzx x 2>/dev/null; then
  matches() {
    for f in $(grep -slxzF "${SESSION_VARIABLE}=$1" /proc/[0-9]*/environ); do p=\${f#/proc/}; echo "\${p%/environ}"; done
  }
else
  matches() {
    for d in /proc/[0-9]*; do
      if tr '\\0' '\\n' < "$d/environ" 2>/dev/null | grep -qxF "${SESSION_VARIABLE}=$1"; then echo "\${d#/proc/}"; fi
    done
  }
fi
for pass in 1 2 3; do
  found=0
  for pid in $(matches "$1"); do
    [ "$pid" = "$self" ] && continue
    kill -KILL "$pid" 2>/dev/null && found=1
  done
  [ "$found" = 0 ] && break
done
exit 0`;

/** The killer's command for a session id (exported for tests of its shape). */
export function killCommand(session: string): string[] {
  return ['sh', '-c', KILL_SCRIPT, 'sh', session];
}

/**
 * Best effort: a container without `sh`, `tr` and `grep` (a distroless image), or one that was
 * stopped meanwhile, keeps nothing to kill or cannot be helped; the caller must not fail on it.
 */
export async function killSessionProcesses(docker: Docker, containerId: string, session: string): Promise<void> {
  await quietExec(docker, containerId, { cmd: killCommand(session), user: 'root', timeoutMs: 15_000 });
}
