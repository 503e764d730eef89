// Long volume syntax `type: image` and `volume.subpath`: accepted forms and refusals with their
// place (parser), the create document's mounts, the pull of a mounted image that is missing, and
// the plan's refusal on an engine too old for them, naming the Docker Engine release needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BranchyardError, Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';
import { toComposeConfig } from '../../shared/stack/composeConfig.ts';
import type { ObservedStack } from '../../electron/engine/stacks/plan/observeStack.ts';
import { type PlanOptions, planUp } from '../../electron/engine/stacks/plan/planUp.ts';

const lines = (...l: string[]) => l.join('\n') + '\n';
const parse = (text: string) => parseStackFile(text, { file: 'app.yml', vars: {} });
const issuesOf = (text: string): Issue[] => refusedIssues(() => parse(text));

const FILE = lines(
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    volumes:',
  '      - type: image',
  '        source: qa/assets:2',
  '        target: /usr/share/nginx/html',
  '        image:',
  '          subpath: dist/',
  '      - type: volume',
  '        source: shared',
  '        target: /etc/app',
  '        read_only: true',
  '        volume:',
  '          subpath: config/web',
  '          nocopy: true',
  'volumes:',
  '  shared:',
);

test('type: image and volume.subpath are read, with nocopy', () => {
  const { template } = parse(FILE);
  assert.deepEqual(template.services[0].mounts, [
    { type: 'image', source: 'qa/assets:2', target: '/usr/share/nginx/html', readOnly: false, subpath: 'dist' },
    { type: 'volume', source: 'shared', target: '/etc/app', readOnly: true, subpath: 'config/web', noCopy: true },
  ]);
  const doc = toComposeConfig(template, 's') as { services: { web: { volumes: unknown[] } } };
  assert.deepEqual(doc.services.web.volumes, [
    { type: 'image', source: 'qa/assets:2', target: '/usr/share/nginx/html', read_only: false, image: { subpath: 'dist' } },
    { type: 'volume', source: 'shared', target: '/etc/app', read_only: true, volume: { name: 's_shared', subpath: 'config/web', nocopy: true } },
  ]);
});

test('refused at their place: an image mount without a source or with a bad reference, a subpath out of its volume, one without a named volume', () => {
  const issues = issuesOf(lines(
    'services:',
    '  a:',
    '    image: a',
    '    volumes:',
    '      - { type: image, target: /x }',
    '      - { type: image, source: "Bad Ref", target: /y }',
    '      - { type: volume, source: v, target: /z, volume: { subpath: ../etc } }',
    '      - { type: volume, source: v, target: /w, volume: { subpath: /abs } }',
    '      - { type: volume, target: /anon, volume: { subpath: data } }',
    'volumes: { v: }',
  ));
  assert.deepEqual(issues.map((i) => [i.line, i.field]), [
    [5, 'services.a.volumes[0].source'],
    [6, 'services.a.volumes[1].source'],
    [7, 'services.a.volumes[2].volume.subpath'],
    [8, 'services.a.volumes[3].volume.subpath'],
    [9, 'services.a.volumes[4].volume.subpath'],
  ]);
  assert.match(issues[0]!.message, /an image mount needs a source: the image/);
  assert.match(issues[2]!.message, /must not leave the volume or image \(no \.\.\)/);
  assert.match(issues[3]!.message, /must be relative/);
  assert.match(issues[4]!.message, /a subpath needs a named volume/);
});

const seen = (images: string[]): ObservedStack => ({
  containers: new Map(), networks: [], external: new Map(), usedSubnets: [], volumes: new Set(),
  images: new Map(images.map((r) => [r, { id: `sha256:${r}`, labels: {} }])), commits: new Map(),
});
const OPTS: PlanOptions = { stack: 's', file: '/srv/app.yml', dir: '/srv', startIntervalSupported: false };

test('the create document mounts the image and the volume\'s subpath; a missing mounted image is pulled first', () => {
  const x = planUp(parse(FILE).template, seen(['nginx:1.27']), { ...OPTS, apiVersion: '1.48' });
  assert.deepEqual(x.specs.get('web')!.HostConfig!.Mounts, [
    { Type: 'image', Source: 'qa/assets:2', Target: '/usr/share/nginx/html', ReadOnly: false, ImageOptions: { Subpath: 'dist' } },
    { Type: 'volume', Source: 's_shared', Target: '/etc/app', ReadOnly: true, VolumeOptions: { Subpath: 'config/web', NoCopy: true } },
  ]);
  assert.deepEqual(x.plan.pulls, [{ image: 'qa/assets:2', services: ['web'] }]);
  assert.deepEqual(planUp(parse(FILE).template, seen(['nginx:1.27', 'qa/assets:2']), { ...OPTS, apiVersion: '1.48' }).plan.pulls, []);
});

test('an engine too old for them: refused before anything changes, naming the release needed', () => {
  assert.throws(
    () => planUp(parse(FILE).template, seen(['nginx:1.27', 'qa/assets:2']), { ...OPTS, apiVersion: '1.41' }),
    (e: BranchyardError) =>
      e.kind === 'invalid-input' &&
      (e.details.issues ?? []).map((i) => i.message).join('\n') ===
        "service 'web' uses image mounts (type: image), which need Docker Engine 28.0 or newer (API 1.48); this engine speaks API 1.41: upgrade it, or mount a volume instead\n" +
          "service 'web' uses volume subpaths (volume.subpath), which need Docker Engine 26.0 or newer (API 1.45); this engine speaks API 1.41: upgrade it, or mount a volume instead",
  );
  // Subpaths alone on an engine of API 1.45: fine; the image mount still needs 1.48.
  assert.throws(() => planUp(parse(FILE).template, seen(['nginx:1.27', 'qa/assets:2']), { ...OPTS, apiVersion: '1.45' }), /image mounts .*\(API 1\.48\)/);
  const subpathOnly = FILE.replace(/      - type: image\n(?:        .*\n)+?          subpath: dist\/\n/, '');
  assert.doesNotThrow(() => planUp(parse(subpathOnly).template, seen(['nginx:1.27']), { ...OPTS, apiVersion: '1.45' }));
});
