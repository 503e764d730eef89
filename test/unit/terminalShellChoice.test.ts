import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHELL_PROBE, chooseShell } from '../../electron/engine/terminal/shellChoice.ts';
import { killCommand } from '../../electron/engine/terminal/killSession.ts';

describe('shell choice', () => {
  it('takes what the probe printed', () => {
    assert.deepEqual(chooseShell(0, '/usr/bin/bash\n'), { shell: '/usr/bin/bash' });
    assert.deepEqual(chooseShell(0, '/bin/sh\r\n'), { shell: '/bin/sh' });
    assert.deepEqual(chooseShell(0, '\nbash\n'), { shell: 'bash' }, 'a bare name from shells that print one');
    assert.deepEqual(chooseShell(0, ''), { shell: 'sh' }, 'sh ran, so sh exists');
  });

  it('tells a missing sh from other failures', () => {
    const runc = 'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n';
    assert.deepEqual(chooseShell(126, runc), { missing: true });
    assert.deepEqual(chooseShell(127, 'exec: "sh": stat sh: no such file or directory'), { missing: true });
    const workdir = 'OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd ("/nope") set in config.json failed: no such file or directory: unknown\r\n';
    assert.deepEqual(chooseShell(126, workdir), { error: 'unable to start container process: chdir to cwd ("/nope") set in config.json failed: no such file or directory: unknown' });
    assert.deepEqual(chooseShell(126, 'unable to find user bob: no matching entries in passwd file\r\n'), { error: 'unable to find user bob: no matching entries in passwd file' });
    assert.deepEqual(chooseShell(null, ''), { error: 'the shell probe exited with an unknown status' });
  });

  it('runs constant scripts: the session id is an argument, never part of a script', () => {
    assert.deepEqual(SHELL_PROBE, ['sh', '-c', 'command -v bash || command -v sh']);
    const id = "x'; rm -rf / #";
    const cmd = killCommand(id);
    assert.deepEqual([cmd[0], cmd[1], cmd[3], cmd[4]], ['sh', '-c', 'sh', id]);
    assert.ok(!cmd[2].includes(id));
    assert.equal(cmd[2], killCommand('other')[2]);
  });
});
