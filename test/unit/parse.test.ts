import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BranchyardError, type Issue } from '../../shared/errors/errors.ts';
import { assignHostNumbers, MAX_STACK_FILE_BYTES, parseStackFile, templateNameFromFile, type ParseOptions } from '../../shared/stack/parse.ts';

const FILE = 'stacks/hydra.yml';
const VARS = { BRANCH: 'feature/login', BRANCH_SLUG: 'feature-login' };

const EXAMPLE = `name: hydra                       # template name
x-branchyard:
  subnet: 10.210.3.0/24           # optional; without it the stack gets a free /24 from the pool
services:
  mysql:
    x-preset: mysql
    image: mysql:5.6.41           # optional with a preset: overrides the preset's image
    environment: { MYSQL_ROOT_PASSWORD: root123, TZ: Asia/Shanghai }
    x-ip: 10
  redis:
    x-preset: redis
    command: [redis-server, --requirepass, "\${REDIS_PASSWORD:-secret}"]
    x-ip: 12
  app:
    image: qa/hydra:\${BRANCH_SLUG}
    environment: { RUN_CMD: make start_test }
    depends_on:
      mysql: { condition: service_healthy }
      redis: { condition: service_started }
    x-ip: 20
`;

function parse(text: string, opts: Partial<ParseOptions> = {}) {
  return parseStackFile(text, { file: FILE, vars: VARS, ...opts });
}

/** The issues a file raises; fails the test when it parses. */
function issuesOf(text: string, opts: Partial<ParseOptions> = {}): Issue[] {
  try {
    parse(text, opts);
  } catch (e) {
    assert.ok(e instanceof BranchyardError, `not a BranchyardError: ${e}`);
    assert.equal(e.kind, 'invalid-input');
    return e.details.issues ?? [];
  }
  assert.fail('expected the file to be refused');
}

/** Exactly one issue, at this place, with a message matching `message`. */
function assertOneIssue(text: string, want: { line?: number; col?: number; field?: string; message: RegExp }, opts: Partial<ParseOptions> = {}): Issue {
  const issues = issuesOf(text, opts);
  assert.equal(issues.length, 1, `expected one issue, got:\n${issues.map((i) => JSON.stringify(i)).join('\n')}`);
  const [issue] = issues;
  assert.equal(issue.file, FILE);
  assert.equal(issue.line, want.line);
  assert.equal(issue.col, want.col);
  assert.equal(issue.field, want.field);
  assert.match(issue.message, want.message);
  return issue;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

test('the example file parses to the expected model', () => {
  const { template, warnings } = parse(EXAMPLE);
  assert.deepEqual(warnings, []);
  assert.equal(template.name, 'hydra');
  assert.equal(template.file, FILE);
  assert.equal(template.subnet, '10.210.3.0/24');
  assert.deepEqual(template.services.map((s) => [s.name, s.hostNumber]), [['mysql', 10], ['redis', 12], ['app', 20]]);

  const [mysql, redis, app] = template.services;
  // The file's image wins over the preset's; environment is the file's (a root password is set,
  // so the preset adds no MYSQL_ALLOW_EMPTY_PASSWORD).
  assert.equal(mysql.preset, 'mysql');
  assert.equal(mysql.image, 'mysql:5.6.41');
  assert.deepEqual(mysql.environment, { MYSQL_ROOT_PASSWORD: 'root123', TZ: 'Asia/Shanghai' });
  assert.deepEqual(mysql.expose, ['3306/tcp']);
  assert.deepEqual(mysql.mounts, [{ type: 'volume', source: 'mysql-data', target: '/var/lib/mysql', readOnly: false }]);
  // The probe logs in with the root password through MYSQL_PWD, named, never written out.
  const [kind, probe] = mysql.healthcheck!.test;
  assert.equal(kind, 'CMD-SHELL');
  assert.match(probe, /export MYSQL_PWD="\$p"/);
  assert.match(probe, /mysqladmin ping -h 127\.0\.0\.1 -u"\$u" --silent 2>\/dev\/null \|\| mariadb-admin ping/);
  assert.ok(!probe.includes('root123'), 'no password in the probe');
  assert.deepEqual(mysql.healthcheck, {
    test: [kind, probe],
    intervalNs: 1_000_000_000,
    timeoutNs: 3_000_000_000,
    retries: 3,
    startPeriodNs: 120_000_000_000,
    startIntervalNs: 500_000_000,
  });

  assert.equal(redis.image, 'redis:7');
  assert.deepEqual(redis.command, ['redis-server', '--requirepass', 'secret']);
  assert.deepEqual(redis.expose, ['6379/tcp']);
  assert.equal(redis.healthcheck?.startPeriodNs, 30_000_000_000);
  assert.deepEqual(redis.healthcheck?.test, ['CMD-SHELL', "redis-cli -h 127.0.0.1 ping 2>&1 | grep -qE 'PONG|NOAUTH'"]);

  assert.equal(app.image, 'qa/hydra:feature-login');
  assert.equal(app.preset, undefined);
  assert.equal(app.healthcheck, undefined);
  assert.deepEqual(app.environment, { RUN_CMD: 'make start_test' });
  assert.deepEqual(app.dependsOn, { mysql: 'service_healthy', redis: 'service_started' });
  assert.deepEqual(app.ports, []);
  assert.deepEqual(app.mounts, []);
  assert.deepEqual(app.labels, {});
  assert.deepEqual(app.extraHosts, []);

  assert.deepEqual(template.volumes, [{ name: 'mysql-data', labels: {} }, { name: 'redis-data', labels: {} }]);
});

test('the redis password comes from the variables when set', () => {
  const { template } = parse(EXAMPLE, { vars: { ...VARS, REDIS_PASSWORD: 'hunter2' } });
  assert.deepEqual(template.services[1].command, ['redis-server', '--requirepass', 'hunter2']);
});

test('invalid YAML is reported with its position', () => {
  assertOneIssue(lines('services:', '  a:', '    image: x', '   b: 1'), {
    line: 4, col: 1, field: undefined, message: /invalid YAML/,
  });
});

test('wrong types say what was expected', () => {
  assertOneIssue(lines('services:', '  db:', '    image: mysql', '    ports: [true]'), {
    line: 4, col: 13, field: 'services.db.ports[0]', message: /^expected a port like "8080:80", got true$/,
  });
  assertOneIssue(lines('services:', '  db:', '    image: [mysql]'), {
    line: 3, col: 12, field: 'services.db.image', message: /^expected an image reference .*, got a list$/,
  });
  assertOneIssue(lines('services: [a, b]'), {
    line: 1, col: 11, field: 'services', message: /expected a mapping of services, got a list/,
  });
});

test('unknown keys at the top level and in a service', () => {
  assertOneIssue(lines('name: x', 'foo: 1', 'services:', '  a: { image: alpine }'), {
    line: 2, col: 1, field: 'foo', message: /^unknown key 'foo' in the stack file$/,
  });
  assertOneIssue(lines('services:', '  db:', '    image: alpine', '    colour: red'), {
    line: 4, col: 5, field: 'services.db.colour', message: /^unknown key 'colour' in service 'db'$/,
  });
});

const subnetFile = (ip: string) =>
  lines('x-branchyard:', '  subnet: 10.210.3.0/24', 'services:', '  db:', '    image: alpine', `    x-ip: ${ip}`);

test('x-ip outside the subnet, on the network address, the gateway or broadcast', () => {
  const at = { line: 6, col: 11, field: 'services.db.x-ip' };
  assertOneIssue(subnetFile('300'), { ...at, message: /300 is outside 10\.210\.3\.0\/24/ });
  assertOneIssue(subnetFile('0'), { ...at, message: /0 is the network address of 10\.210\.3\.0\/24/ });
  assertOneIssue(subnetFile('1'), { ...at, message: /1 is the gateway of 10\.210\.3\.0\/24/ });
  assertOneIssue(subnetFile('255'), { ...at, message: /255 is the broadcast address of 10\.210\.3\.0\/24/ });
});

test('without a subnet, x-ip is checked against a /24', () => {
  const text = lines('services:', '  db:', '    image: alpine', '    x-ip: 300');
  assertOneIssue(text, { line: 4, col: 11, field: 'services.db.x-ip', message: /^300 is outside the stack's \/24 \(use 2 to 254\)$/ });
});

test('ipv4_address on the broadcast address names the address', () => {
  const text = lines('x-branchyard: { subnet: 10.210.3.0/24 }', 'services:', '  db:', '    image: alpine',
    '    networks: { default: { ipv4_address: 10.210.3.255 } }');
  assertOneIssue(text, {
    line: 5, col: 42, field: 'services.db.networks.default.ipv4_address',
    message: /10\.210\.3\.255 is the broadcast address/,
  });
});

test('two services on one host number: the second names the first', () => {
  const text = lines('services:', '  a: { image: alpine, x-ip: 10 }', '  b:', '    image: alpine', '    x-ip: 10');
  assertOneIssue(text, { line: 5, col: 11, field: 'services.b.x-ip', message: /already used by service 'a'/ });
});

test('x-ip and ipv4_address both set', () => {
  const text = lines('x-branchyard: { subnet: 10.210.3.0/24 }', 'services:', '  db:', '    image: alpine', '    x-ip: 10',
    '    networks:', '      default:', '        ipv4_address: 10.210.3.10');
  assertOneIssue(text, { line: 8, col: 23, field: 'services.db.networks.default.ipv4_address', message: /both x-ip and ipv4_address/ });
});

test('ipv4_address without a subnet', () => {
  const text = lines('services:', '  db:', '    image: alpine', '    networks: { default: { ipv4_address: 10.0.0.5 } }');
  assertOneIssue(text, { line: 4, col: 42, field: 'services.db.networks.default.ipv4_address', message: /needs x-branchyard\.subnet/ });
});

test('ipv4_address inside the subnet becomes a host number', () => {
  const text = lines('x-branchyard: { subnet: 10.210.3.0/24 }', 'services:', '  db:', '    image: alpine',
    '    networks: { default: { ipv4_address: 10.210.3.77 } }', '  web: { image: nginx }');
  const { template } = parse(text);
  assert.deepEqual(template.services.map((s) => s.hostNumber), [77, 100]);
});

test('depends_on a missing service', () => {
  const text = lines('services:', '  app:', '    image: alpine', '    depends_on: [db]');
  assertOneIssue(text, { line: 4, col: 18, field: 'services.app.depends_on[0]', message: /depends on 'db', which is not in the file/ });
});

test('a dependency cycle is one issue naming the cycle', () => {
  const text = lines('services:', '  a: { image: alpine, depends_on: [b] }', '  b: { image: alpine, depends_on: [c] }',
    '  c:', '    image: alpine', '    depends_on:', '      a: { condition: service_healthy }');
  assertOneIssue(text, { line: 7, col: 7, field: 'services.c.depends_on.a', message: /^dependency cycle: a -> b -> c -> a$/ });
});

test('unknown preset lists the valid ones', () => {
  const text = lines('services:', '  db:', '    x-preset: postgres');
  assertOneIssue(text, { line: 3, col: 15, field: 'services.db.x-preset', message: /unknown preset 'postgres' \(valid presets: mysql, mongo, redis\)/ });
});

test('a service without image, build or preset', () => {
  const text = lines('services:', '  app:', '    environment: { A: 1 }');
  assertOneIssue(text, { line: 2, col: 3, field: 'services.app', message: /^service 'app' needs an image, a build or an x-preset$/ });
});

test('an image with an empty tag after interpolation', () => {
  const text = lines('services:', '  app:', '    image: qa/hydra:${TAG}');
  const issue = assertOneIssue(text, { line: 3, col: 12, field: 'services.app.image', message: /^invalid image reference 'qa\/hydra:'$/ });
  assert.equal(issue.service, 'app');
});

test('a billion-laughs document is refused quickly', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const text = lines(...levels, 'services:', '  x: { image: alpine, labels: { a: *i } }');
  const started = Date.now();
  // At the alias written in the document whose expansion passes the limit: levels b, c and d
  // expand 918 aliases, so it is the first *d of line 5.
  const issue = assertOneIssue(text, { line: 5, col: 8, field: undefined, message: /too many YAML aliases \(alias bomb\?\)/ });
  assert.ok(Date.now() - started < 2000);
  assert.equal(issue.file, FILE);
});

test('a 2 MiB file is refused without parsing', () => {
  const text = 'services: {}\n# ' + 'x'.repeat(2 * 1024 * 1024);
  const issues = issuesOf(text);
  assert.equal(issues.length, 1);
  assert.equal(issues[0].file, FILE);
  assert.equal(issues[0].message, `file is ${text.length} bytes, more than the 1 MiB a stack file may have`);
  assert.ok(text.length > MAX_STACK_FILE_BYTES);
});

test('a required variable that is unset', () => {
  const text = lines('services:', '  app:', '    image: alpine', '    environment:', '      TOKEN: ${X:?needed}');
  assertOneIssue(text, { line: 5, col: 14, field: 'services.app.environment.TOKEN', message: /^required variable X is missing a value: needed$/ });
});

test('a file with three different problems reports all three, in file order', () => {
  const text = lines('services:', '  db:', '    image: mysql', '    x-ip: 1', '    oops: true', '  app:', '    image: alpine',
    '    depends_on: [ghost]');
  const issues = issuesOf(text);
  assert.deepEqual(issues.map((i) => [i.line, i.col, i.field]), [
    [4, 11, 'services.db.x-ip'],
    [5, 5, 'services.db.oops'],
    [8, 18, 'services.app.depends_on[0]'],
  ]);
  assert.match(issues[0].message, /gateway/);
  assert.match(issues[1].message, /unknown key 'oops'/);
  assert.match(issues[2].message, /ghost/);
});

test('unset variables are warnings, each variable once', () => {
  const text = lines('services:', '  app:', '    image: alpine', '    environment: { A: $NOPE, B: "${NOPE}x" }', '    command: echo $OTHER');
  const { template, warnings } = parse(text);
  assert.deepEqual(template.services[0].environment, { A: '', B: 'x' });
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^stacks\/hydra\.yml:4:23: variable NOPE is not set/);
  assert.match(warnings[1], /OTHER/);
});

test('the template name defaults to the file name', () => {
  const { template } = parse(lines('services:', '  a: { image: alpine }'), { file: '/x/y/My Stack.yaml' });
  assert.equal(template.name, 'my-stack');
  assert.equal(templateNameFromFile('C:\\stacks\\hydra.yml'), 'hydra');
  assert.equal(templateNameFromFile('docker-compose.yml'), 'docker-compose');
});

test('assignHostNumbers starts at 100 and skips explicit numbers', () => {
  assert.deepEqual(assignHostNumbers([undefined, 100, undefined, 10, undefined]), [101, 100, 102, 10, 103]);
  // A /28 has host numbers 2..14: assignment falls back to the lowest free ones.
  assert.deepEqual(assignHostNumbers([undefined, 2, undefined], 16), [3, 2, 4]);
  assert.deepEqual(assignHostNumbers([2, undefined], 4), [2, undefined]);
});

test('aliases of a big anchor that expand to too many nodes are refused', () => {
  const big = `x-big: &big [${Array(3000).fill('1').join(',')}]`;
  const uses = Array.from({ length: 10 }, (_, i) => `      l${i}: *big`);
  const text = lines(big, 'services:', '  s:', '    image: alpine', '    x-lists:', ...uses);
  const issue = assertOneIssue(text, { line: 12, col: 11, field: undefined, message: /expand to more than 20000 nodes \(alias bomb\?\)/ });
  assert.equal(issue.file, FILE);
});

test('x-branchyard.capture gives each service its capture paths', () => {
  const text = lines(
    'x-branchyard:',
    '  capture:',
    '    hydra: [/tmp/celery.log, /data/logs, /tmp/celery.log]',
    '    db: /var/log/mysql',
    '    cache:',
    'services:',
    '  hydra: { image: alpine }',
    '  db: { image: alpine }',
    '  cache: { image: alpine }',
    '  other: { image: alpine }',
  );
  const { template } = parse(text);
  const capture = Object.fromEntries(template.services.map((s) => [s.name, s.capture]));
  assert.deepEqual(capture, { hydra: ['/tmp/celery.log', '/data/logs'], db: ['/var/log/mysql'], cache: undefined, other: undefined });
});

test('x-branchyard.capture of a service that is not in the file names the key', () => {
  const text = lines('x-branchyard:', '  capture:', '    hydar: [/tmp/celery.log]', 'services:', '  hydra: { image: alpine }');
  assertOneIssue(text, { line: 3, col: 5, field: 'x-branchyard.capture.hydar', message: /no service 'hydar' in the file/ });
});

test('x-branchyard.capture paths must be absolute, not empty, without NUL', () => {
  const file = (paths: string) => lines('x-branchyard:', '  capture:', `    app: ${paths}`, 'services:', '  app: { image: alpine }');
  assertOneIssue(file('[/ok, tmp/celery.log]'), { line: 3, col: 16, field: 'x-branchyard.capture.app[1]', message: /'tmp\/celery\.log' is not absolute/ });
  assertOneIssue(file('[""]'), { line: 3, col: 11, field: 'x-branchyard.capture.app[0]', message: /must not be empty/ });
  assertOneIssue(file('["/a\\0b"]'), { line: 3, col: 11, field: 'x-branchyard.capture.app[0]', message: /contains a NUL character/ });
  assertOneIssue(file('relative'), { line: 3, col: 10, field: 'x-branchyard.capture.app', message: /'relative' is not absolute/ });
  assertOneIssue(file('[[/a]]'), { line: 3, col: 11, field: 'x-branchyard.capture.app[0]', message: /expected a string, got a list/ });
});

test('x-branchyard.capture must be a mapping of services', () => {
  const text = lines('x-branchyard:', '  capture: [/tmp/x]', 'services:', '  app: { image: alpine }');
  assertOneIssue(text, { line: 2, col: 12, field: 'x-branchyard.capture', message: /expected a mapping of service names to lists of container paths, got a list/ });
});
