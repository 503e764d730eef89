import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TerminalOptions, optionsLabel, terminalParamsOf } from '../../renderer/src/terminals/openOptions.ts';

const opts = (o: Partial<TerminalOptions>): TerminalOptions => ({ shell: 'auto', command: '', user: '', ...o });

describe('shell picker to terminal params', () => {
  it('auto sends no command: the engine picks bash, else sh', () => {
    assert.deepEqual(terminalParamsOf(opts({})), { params: {} });
  });

  it('bash and sh are one word each', () => {
    assert.deepEqual(terminalParamsOf(opts({ shell: 'bash' })), { params: { command: ['bash'] } });
    assert.deepEqual(terminalParamsOf(opts({ shell: 'sh', user: ' nobody ' })), { params: { command: ['sh'], user: 'nobody' } });
  });

  it('a custom command is split into words, quotes kept together, nothing expanded', () => {
    assert.deepEqual(terminalParamsOf(opts({ shell: 'command', command: `python3 -c 'print("hi $HOME")'` })), {
      params: { command: ['python3', '-c', 'print("hi $HOME")'] },
    });
    assert.deepEqual(terminalParamsOf(opts({ shell: 'command', command: 'ls; rm -rf /' })), {
      params: { command: ['ls;', 'rm', '-rf', '/'] },
    }, 'a ; is a word of ls, not a second command');
    assert.deepEqual(terminalParamsOf(opts({ shell: 'command', command: '$(id)' })), { params: { command: ['$(id)'] } });
  });

  it('the custom command text is ignored unless the command is picked', () => {
    assert.deepEqual(terminalParamsOf(opts({ shell: 'sh', command: 'redis-cli' })), { params: { command: ['sh'] } });
  });

  it('reports every problem at once and opens nothing', () => {
    assert.deepEqual(terminalParamsOf(opts({ shell: 'command', command: '   ', user: 'a b' })), {
      problems: [
        { field: 'command', problem: 'commandEmpty' },
        { field: 'user', problem: 'userSpaces' },
      ],
    });
    const quote = terminalParamsOf(opts({ shell: 'command', command: `sh -c 'echo` }));
    assert.ok('problems' in quote);
    assert.equal(quote.problems[0].problem, 'commandQuote');
    assert.deepEqual(terminalParamsOf(opts({ shell: 'command', command: `'' x` })), { problems: [{ field: 'command', problem: 'commandEmpty' }] });
  });

  it('users may be names, uids and name:group', () => {
    for (const user of ['app', '1000', '1000:1000', 'www-data:www-data']) {
      assert.deepEqual(terminalParamsOf(opts({ user })), { params: { user } });
    }
  });

  it('labels the tab with what differs from the default', () => {
    assert.equal(optionsLabel(opts({})), '');
    assert.equal(optionsLabel(opts({ shell: 'sh', user: 'nobody' })), 'sh · nobody');
    assert.equal(optionsLabel(opts({ shell: 'command', command: ' redis-cli -h x ' })), 'redis-cli');
  });
});
