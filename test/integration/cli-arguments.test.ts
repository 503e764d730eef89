// An option's value that looks like an option is a usage error, for every command and every
// string option: `up FILE --branch --help` used to print the help and exit 0, as if `up` had
// succeeded. Written `--branch=--help`, it is the value.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../electron/cli/main.ts';
import { cli } from './harness.ts';

describe('option values that look like options', () => {
  it('every string option of every command refuses --help, -h and a missing value (exit 2), naming the option', { timeout: 300_000 }, async () => {
    for (const c of COMMANDS) {
      const positionals = Array.from({ length: c.positionals[0] }, (_, i) => `arg${i}`);
      for (const [option, spec] of Object.entries(c.options)) {
        if (spec.type !== 'string') continue;
        for (const tail of [['--help'], ['-h'], []]) {
          const args = [c.name, ...positionals, `--${option}`, ...tail];
          const r = await cli(args, { timeoutMs: 30_000 });
          assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
          assert.equal(r.stdout, '', `${args.join(' ')} printed no help`);
          assert.match(r.stderr, new RegExp(`^error: option --${option} needs a value`), args.join(' '));
          if (tail.length) assert.match(r.stderr, new RegExp(`write --${option}=${tail[0]}`));
          assert.match(r.stderr, new RegExp(`usage: branchyard ${c.name} `));
        }
      }
    }
  });

  it('the value of an option followed by another option is refused: --name --wait makes no stack', { timeout: 60_000 }, async () => {
    const r = await cli(['up', 'stack.yml', '--name', '--wait']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /option --name needs a value, and '--wait' is an option/);
    // `--` is not a value either: exec's command comes after it.
    const e = await cli(['exec', 's', 'web', '--user', '--', 'ls', '-h']);
    assert.equal(e.code, 2, e.stderr);
    assert.match(e.stderr, /option --user needs a value, and '--' is an option/);
  });

  it('--option=value takes a value that starts with a dash; --help alone still prints the help', { timeout: 60_000 }, async () => {
    const r = await cli(['validate', 'nowhere.yml', '--branch=--help']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no such file/, 'the command ran with the value');
    for (const args of [['up', '--help'], ['up', 'x.yml', '-h'], ['logs', 's', '--tail', '5', '--help']]) {
      const h = await cli(args);
      assert.equal(h.code, 0, h.stderr);
      assert.match(h.stdout, new RegExp(`^usage: branchyard ${args[0]} `));
    }
  });
});
