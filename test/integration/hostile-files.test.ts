// A stack file from someone else: it may name /dev/zero, a FIFO or /proc/self/environ as its
// env_file, be no YAML at all, or carry terminal escape sequences. The command line must answer
// at once, read no more than a stack file may have, quote no other file's content, and never
// hand a raw control character to the terminal.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli, labelledObjects, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('hostile');
const tmp = tempDir();
after(() => tmp.remove());

// A regression here hangs (a FIFO blocks the read, and SIGTERM with it) or grows without end
// (/dev/zero): the guard kills it, so the test fails instead of the suite hanging.
const GUARD = { timeoutMs: 15_000, maxRssBytes: 400 * 1024 * 1024 };

function fifo(name: string): string {
  const p = join(tmp.dir, name);
  execFileSync('mkfifo', [p]);
  return p;
}

/** A one-service stack whose env_file is `envFile`, written at line 6, column 15. */
function stackWithEnvFile(name: string, envFile: string): string {
  return tmp.write(name, `name: ${prefix}\nservices:\n  app:\n    image: busybox:1\n    environment: { A: b }\n    env_file: ${JSON.stringify(envFile)}\n`);
}

async function validate(file: string, env: NodeJS.ProcessEnv = {}, json = false) {
  const r = await cli(['validate', file, ...(json ? ['--json'] : [])], { ...GUARD, env });
  assert.equal(r.killed, undefined, `validate was killed: ${r.killed}`);
  assert.equal(r.code, 2, r.stderr);
  return r;
}

describe('files that are not what a stack file says they are', () => {
  it('refuses /dev/zero and /dev/urandom as env_file at once, with the entry\'s location', { timeout: 60_000 }, async () => {
    for (const dev of ['/dev/zero', '/dev/urandom']) {
      const r = await validate(stackWithEnvFile('dev.yml', dev));
      assert.match(r.stderr, new RegExp(`dev\\.yml:6:15: services\\.app\\.env_file: env_file '${dev}' is a character device, not a regular file`));
    }
  });

  it('refuses a FIFO as env_file, stack file and .env without blocking on it', { timeout: 60_000 }, async () => {
    const pipe = fifo('env.fifo');
    const r1 = await validate(stackWithEnvFile('fifo.yml', pipe));
    assert.match(r1.stderr, /fifo\.yml:6:15: services\.app\.env_file: env_file '.*env\.fifo' is a FIFO, not a regular file/);

    const r2 = await validate(fifo('stack.fifo'));
    assert.match(r2.stderr, /stack\.fifo: file is a FIFO, not a regular file/);

    const dir = join(tmp.dir, 'with-env-fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, '.env')]);
    const file = join(dir, 'stack.yml');
    writeFileSync(file, `name: ${prefix}\nservices:\n  app:\n    image: busybox:1\n`);
    const r3 = await validate(file);
    assert.match(r3.stderr, /with-env-fifo\/\.env: file is a FIFO, not a regular file/);
  });

  it('refuses a device as the stack file, a folder and a file over 1 MiB as env_file', { timeout: 60_000 }, async () => {
    assert.match((await validate('/dev/zero')).stderr, /\/dev\/zero: file is a character device, not a regular file/);
    const big = tmp.write('big.env', `A=${'x'.repeat(2 * 1024 * 1024)}\n`);
    assert.match((await validate(stackWithEnvFile('big.yml', big))).stderr, /big\.yml:6:15: .*env_file '.*big\.env' is \d+ bytes, more than the 1 MiB/);
    assert.match((await validate(stackWithEnvFile('folder.yml', tmp.dir))).stderr, /folder\.yml:6:15: .*is a directory, not a regular file/);
  });

  it('up refuses such a file too, creating nothing', { timeout: 60_000 }, async () => {
    const r = await cli(['up', stackWithEnvFile('up.yml', '/dev/zero'), '--name', `${prefix}-dev`], GUARD);
    assert.equal(r.killed, undefined, r.killed);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /character device/);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});

describe('errors quote no other file', () => {
  const SECRET = 'Zq7-secret-marker-do-not-print';

  it('/proc/self/environ as env_file: refused, the environment is not printed', { timeout: 60_000 }, async () => {
    for (const json of [false, true]) {
      const r = await validate(stackWithEnvFile('environ.yml', '/proc/self/environ'), { BY_TEST_SECRET: SECRET }, json);
      assert.doesNotMatch(r.stderr + r.stdout, new RegExp(SECRET));
      assert.doesNotMatch(r.stderr, /BY_TEST_SECRET|PATH=/);
      assert.match(r.stderr, /environ\.yml:6:15: .*env_file '\/proc\/self\/environ' is not a text file \(a NUL byte on line 1\)/);
    }
  });

  it('an env_file that is not KEY=VALUE (a shadow file): line numbers and what is wrong, not its text', { timeout: 60_000 }, async () => {
    const shadow = tmp.write('shadow', `root:$6$${SECRET}$hash:19000:0:99999:7:::\nGOOD=1\nBAD="${SECRET}\n`);
    const withVar = tmp.write('required.env', `X=\${NOT_SET_HERE:?${SECRET}}\nY='unterminated ${SECRET}\n`);
    for (const json of [false, true]) {
      const r = await validate(stackWithEnvFile('shadow.yml', shadow), {}, json);
      assert.doesNotMatch(r.stderr, new RegExp(SECRET));
      assert.doesNotMatch(r.stderr, /root:/);
      assert.match(r.stderr, /shadow\.yml:6:15: services\.app\.env_file: env_file '.*shadow' line 1: not a valid variable name/);
      assert.match(r.stderr, /env_file '.*shadow' line 3: the double quote is never closed/);
      const r2 = await validate(stackWithEnvFile('required.yml', withVar), {}, json);
      assert.doesNotMatch(r2.stderr, new RegExp(SECRET));
      assert.match(r2.stderr, /env_file '.*required\.env' line 1: /);
    }
  });

  it('a file that is no YAML stack file: at most its offending line, trimmed; a binary file is named as such', { timeout: 60_000 }, async () => {
    const longLine = `This is prose, not a stack file ${'and it goes on '.repeat(30)}`;
    const prose = tmp.write('prose.txt', `${longLine}\nsecond line with ${SECRET}\nthird line\n`);
    const r = await validate(prose);
    assert.doesNotMatch(r.stderr, new RegExp(SECRET));
    assert.match(r.stderr, /prose\.txt:1:1: expected a mapping with services, got "This is prose, not a stack file/);
    assert.ok(!r.stderr.includes(longLine.slice(0, 120)), `the line is trimmed: ${r.stderr}`);
    // Plain YAML folds lines into one value: the message still shows the first line only.
    const short = await validate(tmp.write('short.txt', `just words\n${SECRET}\n`));
    assert.match(short.stderr, /short\.txt:1:1: expected a mapping with services, got "just words" \(the first of several lines\)/);
    assert.doesNotMatch(short.stderr, new RegExp(SECRET));

    const binary = tmp.write('binary.yml', Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0\0\0'), Buffer.from(SECRET)]).toString('latin1'));
    const r2 = await validate(binary);
    assert.doesNotMatch(r2.stderr, new RegExp(SECRET));
    assert.match(r2.stderr, /binary\.yml: file is not a text file \(a NUL byte on line 1\)/);

    // An explicit key (`? key`): YAML refuses implicit keys longer than 1024 characters itself.
    const wide = tmp.write('wide.yml', `name: ${prefix}\nservices:\n  app:\n    image: ${'K'.repeat(5000)}\n    ? ${'k'.repeat(5000)}\n    : 1\n`);
    const r3 = await validate(wide);
    assert.match(r3.stderr, /wide\.yml:4:12: services\.app\.image: invalid image reference 'KKKK/);
    assert.match(r3.stderr, /wide\.yml:5:7: services\.app\.k+…: unknown key 'kkkk/);
    assert.ok(r3.stderr.length < 800, `5000-character values are trimmed: ${r3.stderr.length} characters`);
  });
});

describe('control characters from a stack file never reach the terminal raw', () => {
  it('ESC, BEL and CR in keys and values are shown escaped; --json stays JSON', { timeout: 60_000 }, async () => {
    // Raw control characters are no YAML: refused at their line, and not echoed raw.
    const raw = tmp.write('raw.yml', `name: ${prefix}\nservices:\n  app:\n    image: busybox:1\n    "\x1b]0;pwned\x07colour": blue\n    x-ip: "\x1b[31mten"\n`);
    const rr = await validate(raw);
    assert.doesNotMatch(rr.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control character on stderr');
    assert.match(rr.stderr, /raw\.yml:5:6: control character \\x1b in the file/);
    assert.match(rr.stderr, /raw\.yml:6:12: control character \\x1b in the file/);
    // Written as YAML escapes they are valid YAML, and shown escaped in the messages.
    const file = tmp.write(
      'esc.yml',
      `name: ${prefix}\nservices:\n  app:\n    image: busybox:1\n    "\\x1b]0;pwned\\x07colour\\x1b[2J": blue\n    x-ip: "\\x1b[31mten\\rok"\n`,
    );
    const r = await validate(file);
    assert.doesNotMatch(r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control character on stderr');
    assert.match(r.stderr, /unknown key '\\x1b\]0;pwned\\x07colour\\x1b\[2J'/);
    assert.match(r.stderr, /\\x1b\[31mten\\rok/);

    const j = await validate(file, {}, true);
    assert.doesNotMatch(j.stderr, /[\x00-\x08\x0b-\x1f\x7f]/);
    const parsed = JSON.parse(j.stderr) as { error: { kind: string; details: { issues: Array<{ line: number }> } } };
    assert.equal(parsed.error.kind, 'invalid-input');
    assert.deepEqual(parsed.error.details.issues.map((i) => i.line), [5, 6]);
  });
});
