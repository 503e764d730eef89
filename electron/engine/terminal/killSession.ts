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
 * its own exec is created without the variable (so neither it nor its `tr`/`grep` children
 * match), and it skips its own pid anyway in case the container's image sets the variable.
 * A few passes, because a process may fork between the scan of its parent and the kill.
 */
const KILL_SCRIPT = `self=$$
for pass in 1 2 3; do
  found=0
  for d in /proc/[0-9]*; do
    pid=\${d#/proc/}
    [ "$pid" = "$self" ] && continue
    if tr '\\0' '\\n' < "$d/environ" 2>/dev/null | grep -qxF "${SESSION_VARIABLE}=$1"; then
      kill -KILL "$pid" 2>/dev/null && found=1
    fi
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
