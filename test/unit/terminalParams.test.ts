import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { MAX_TERMINAL_SIDE, checkInputParams, checkResizeParams, checkTerminalParams } from '../../electron/engine/terminal/terminalParams.ts';

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BranchyardError, String(e));
    assert.equal(e.kind, 'invalid-input');
    return (e.details.issues ?? []).map((i) => i.field ?? '');
  }
  assert.fail('expected invalid input');
}

describe('terminal params', () => {
  it('accepts a minimal request and fills in the TTY default', () => {
    assert.deepEqual(checkTerminalParams({ stack: 's', service: 'db', cols: 80, rows: 24 }), { stack: 's', service: 'db', cols: 80, rows: 24, tty: true });
  });

  it('keeps a command, user, workdir and tty false', () => {
    const p = checkTerminalParams({ stack: 's', service: 'db', cols: 1, rows: MAX_TERMINAL_SIDE, command: ['sh', '-c', 'a; b'], user: '1000:1000', workdir: '/srv', tty: false });
    assert.deepEqual(p.command, ['sh', '-c', 'a; b']);
    assert.equal(p.user, '1000:1000');
    assert.equal(p.workdir, '/srv');
    assert.equal(p.tty, false);
  });

  it('reports every bad field at once, by name', () => {
    assert.deepEqual(fields(() => checkTerminalParams({ stack: '', cols: 0, rows: 2.5, tty: 'yes' })), ['stack', 'service', 'cols', 'rows', 'tty']);
    assert.deepEqual(fields(() => checkTerminalParams(null)), ['stack', 'service', 'cols', 'rows']);
  });

  it('refuses sizes that are not whole numbers in range', () => {
    for (const bad of [0, -1, 1.5, MAX_TERMINAL_SIDE + 1, Number.NaN, '80', Number.POSITIVE_INFINITY]) {
      assert.deepEqual(fields(() => checkTerminalParams({ stack: 's', service: 'x', cols: bad, rows: 24 })), ['cols'], String(bad));
    }
  });

  it('refuses an empty or malformed command and a relative workdir', () => {
    const base = { stack: 's', service: 'x', cols: 80, rows: 24 };
    for (const command of [[], 'ls -l', [''], ['ls', 3], ['a\0b']]) {
      assert.deepEqual(fields(() => checkTerminalParams({ ...base, command })), ['command'], JSON.stringify(command));
    }
    assert.deepEqual(fields(() => checkTerminalParams({ ...base, workdir: 'srv' })), ['workdir']);
    assert.deepEqual(fields(() => checkTerminalParams({ ...base, user: '' })), ['user']);
  });

  it('checks input and resize requests', () => {
    const data = new Uint8Array([3]);
    assert.deepEqual(checkInputParams({ session: 'a', data }), { session: 'a', data });
    assert.deepEqual(checkInputParams({ session: 'a', eof: true }), { session: 'a', eof: true });
    assert.deepEqual(fields(() => checkInputParams({ data: 'text', eof: 1 })), ['session', 'data', 'eof']);
    assert.deepEqual(checkResizeParams({ session: 'a', cols: 120, rows: 40 }), { session: 'a', cols: 120, rows: 40 });
    assert.deepEqual(fields(() => checkResizeParams({ session: 'a', cols: 120, rows: 0 })), ['rows']);
  });
});
