// Lifecycle hooks as the parser reads them (accepted forms, refusals at their place) and as the
// plans carry them: post_start after a start Branchyard makes, pre_stop of the container a
// recreate stops, both kept in a label so stop and teardown run them without the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { hooksOf } from '../../electron/engine/stacks/lifecycleHooks.ts';
import type { ObservedStack } from '../../electron/engine/stacks/plan/observeStack.ts';
import { changedFields, configFields, decodeConfigFields } from '../../electron/engine/stacks/plan/configFields.ts';
import { type PlanOptions, planUp } from '../../electron/engine/stacks/plan/planUp.ts';
import { planStart } from '../../electron/engine/stacks/plan/planStart.ts';

const lines = (...l: string[]) => l.join('\n') + '\n';
const parse = (text: string, vars: Record<string, string> = {}) => parseStackFile(text, { file: 'app.yml', vars });
const issuesOf = (text: string): Issue[] => refusedIssues(() => parse(text));

const FILE = lines(
  'services:',
  '  db:',
  '    image: db:1',
  '    post_start:',
  '      - command: ./warm-up.sh --fast "two words"',
  '      - command: [sh, -c, "echo started > /proc/1/fd/1"]',
  '        user: root',
  '        privileged: true',
  '        working_dir: /srv',
  '        environment:',
  '          MODE: test',
  '          TOKEN:',
  '    pre_stop:',
  '      - command: [pg_ctl, stop, -m, fast]',
  '        environment: [A=1, B]',
  '  web:',
  '    image: web:1',
);

test('post_start and pre_stop: argument arrays (a string split like a shell, never run by one), with user, privileged, working_dir, environment', () => {
  const { template } = parse(FILE, { TOKEN: 'from-env', B: 'b' });
  const db = template.services[0];
  assert.deepEqual(db.postStart, [
    { command: ['./warm-up.sh', '--fast', 'two words'] },
    { command: ['sh', '-c', 'echo started > /proc/1/fd/1'], user: 'root', privileged: true, workingDir: '/srv', environment: { MODE: 'test', TOKEN: 'from-env' } },
  ]);
  assert.deepEqual(db.preStop, [{ command: ['pg_ctl', 'stop', '-m', 'fast'], environment: { A: '1', B: 'b' } }]);
  assert.equal(template.services[1].postStart, undefined);
});

test('hooks refused where they are wrong: no command, an empty one, an unknown key, not a list', () => {
  const issues = issuesOf(lines(
    'services:',
    '  a:',
    '    image: a',
    '    post_start:',
    '      - user: root',
    '      - command: ""',
    '      - command: [x]',
    '        timeout: 5s',
    '      - command: [y]',
    '        privileged: maybe',
    '    pre_stop: ./drain.sh',
  ));
  assert.deepEqual(issues.map((i) => [i.line, i.field, i.message]), [
    [5, 'services.a.post_start[0]', 'a post_start hook needs a command'],
    [6, 'services.a.post_start[1].command', 'expected a command, got an empty one'],
    [8, 'services.a.post_start[2].timeout', "unknown key 'timeout' in a post_start hook of service 'a'"],
    [10, 'services.a.post_start[3].privileged', issues[3]!.message],
    [11, 'services.a.pre_stop', 'expected a list of hooks like - command: [./drain.sh], got "./drain.sh"'],
  ]);
  assert.match(issues[3]!.message, /expected .*true or false/i);
});

const seen = (): ObservedStack => ({
  containers: new Map(), networks: [], external: new Map(), usedSubnets: [], volumes: new Set(),
  images: new Map(['db:1', 'web:1'].map((r) => [r, { id: `sha256:${r}`, labels: {} }])), commits: new Map(),
});
const OPTS: PlanOptions = { stack: 's', file: '/srv/app.yml', dir: '/srv', startIntervalSupported: false };

function running(x: ReturnType<typeof planUp>, state = 'running'): ObservedStack {
  const s = seen();
  for (const [name, spec] of x.specs) {
    s.containers.set(name, { Id: `id-${name}`, Names: [`/${spec.name}`], Image: spec.Image!, ImageID: `sha256:${spec.Image}`, Labels: spec.Labels!, State: state, Status: state === 'running' ? 'Up 1 second' : 'Exited (0) 1 second ago', Created: 1 } as unknown as Docker.ContainerInfo);
  }
  s.networks = x.plan.networks.map((n) => ({ id: n.name, name: n.name, network: n.network, subnet: x.networks.find((m) => m.name === n.name)!.subnet }));
  return s;
}

test('the plan runs post_start after starts it makes and pre_stop of the container a recreate stops; a changed hook recreates', () => {
  const first = planUp(parse(FILE, { TOKEN: 't', B: 'b' }).template, seen(), OPTS);
  assert.deepEqual([...first.postStart.keys()], ['db']);
  assert.equal(first.preStop.size, 0, 'nothing runs yet to be stopped');
  const label = first.specs.get('db')!.Labels![LABEL.hooks]!;
  assert.deepEqual(hooksOf({ [LABEL.hooks]: label }).preStop, [{ command: ['pg_ctl', 'stop', '-m', 'fast'], environment: { A: '1', B: 'b' } }]);
  assert.equal(first.specs.get('web')!.Labels![LABEL.hooks], undefined);

  const changed = planUp(parse(FILE.replace('pg_ctl, stop', 'pg_ctl, halt'), { TOKEN: 't', B: 'b' }).template, running(first), OPTS);
  assert.deepEqual(changed.plan.services.map((p) => [p.service, p.action, p.reasons]), [['db', 'recreate', ['lifecycle hooks changed']], ['web', 'keep', ['running, unchanged']]]);
  // The old container's own pre_stop runs before it is stopped, not the file's new one.
  assert.deepEqual(changed.preStop.get('db'), [{ command: ['pg_ctl', 'stop', '-m', 'fast'], environment: { A: '1', B: 'b' } }]);
  assert.deepEqual(changedFields(decodeConfigFields(first.specs.get('db')!.Labels![LABEL.configFields])!, configFields(changed.specs.get('db')!)), ['lifecycle hooks']);
});

test('start runs the post_start hooks of the containers it starts, from their labels; none for one that runs', () => {
  const first = planUp(parse(FILE, { TOKEN: 't', B: 'b' }).template, seen(), OPTS);
  const stopped = running(first, 'exited');
  const x = planStart({ containers: stopped.containers, networks: stopped.networks, external: new Map(), usedSubnets: [] }, { stack: 's' });
  assert.equal(x.postStart.get('db')!.length, 2);
  const db = stopped.containers.get('db')!;
  const kept = planStart({ containers: new Map([['db', { ...db, State: 'running', Status: 'Up 1 second' }]]), networks: stopped.networks, external: new Map(), usedSubnets: [] }, { stack: 's' });
  assert.equal(kept.postStart.size, 0);
});

test('a label edited by hand into nonsense gives no hooks rather than an error', () => {
  assert.deepEqual(hooksOf({ [LABEL.hooks]: 'not json' }), {});
  assert.deepEqual(hooksOf({ [LABEL.hooks]: JSON.stringify({ preStop: [{ command: [] }, { command: ['ok'] }], postStart: 'x' }) }), { preStop: [{ command: ['ok'] }] });
});
