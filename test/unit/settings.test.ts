// The settings: every field checked with an error naming it, a change with any problem writes
// nothing, the file keeps only what was set (0600: a webhook URL holds its token), environment
// variables win over the file, fields a front end may not change are refused unless unchanged.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { checkSettingsChange, dockerEndpointProblem } from '../../shared/settings/checkSettings.ts';
import { webhookKindOfHost } from '../../shared/settings/webhookKind.ts';
import { dockerOptions } from '../../electron/engine/docker/connect.ts';
import { lockedSettings } from '../../electron/engine/settings/settingsApi.ts';
import { defaultSettings, fileSettingsStore, settingsFile } from '../../electron/engine/settings/settingsStore.ts';

const root = mkdtempSync(join(tmpdir(), 'branchyard-settings-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ BRANCHYARD_DATA_DIR: join(root, `d${n++}`), ...extra });

/** The issues of a refused change, as `field: message` lines. */
function refused(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BranchyardError, String(e));
    assert.equal(e.kind, 'invalid-input');
    return (e.details.issues ?? []).map((i) => `${i.field}: ${i.message}`);
  }
  assert.fail('was not refused');
}

describe('checking a change', () => {
  test('a valid change comes back in the file form: the webhook with its kind, retention with both limits', () => {
    assert.deepEqual(
      checkSettingsChange({
        captureDir: '/srv/captures',
        dockerEndpoint: 'tcp://10.1.2.3:2376',
        subnetPool: '172.20.0.0/16',
        captureRetention: { maxAgeDays: 14 },
        language: 'zh-CN',
        theme: 'dark',
        notifications: { ready: false },
        webhook: { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc' },
      }),
      {
        captureDir: '/srv/captures',
        dockerEndpoint: 'tcp://10.1.2.3:2376',
        subnetPool: '172.20.0.0/16',
        captureRetention: { maxAgeDays: 14, maxGiB: null },
        language: 'zh-CN',
        theme: 'dark',
        notifications: { ready: false },
        webhook: { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', kind: 'lark' },
      },
    );
    assert.deepEqual(checkSettingsChange({ dockerEndpoint: null, subnetPool: null, webhook: null }), { dockerEndpoint: null, subnetPool: null, webhook: null });
  });

  test('every problem is found, each naming its field', () => {
    const issues = refused(() =>
      checkSettingsChange({
        captureDir: 'relative/dir',
        templatesDir: '',
        dockerEndpoint: 'http://localhost:2375',
        subnetPool: '8.8.0.0/16',
        captureRetention: { maxAgeDays: -1, maxGiB: 'lots', keep: 3 },
        language: 'fr',
        theme: 'blue',
        notifications: { ready: 'yes', sometimes: true },
        webhook: { url: 'ftp://example.com/x' },
        colour: 'red',
      }),
    );
    const want = [
      /^settings\.colour: unknown setting/,
      /^settings\.captureDir: 'relative\/dir' is not an absolute path/,
      /^settings\.templatesDir: must be a non-empty string/,
      /^settings\.dockerEndpoint: 'http:\/\/localhost:2375' is not a Docker endpoint: expected unix:\/\//,
      /^settings\.subnetPool: 8\.8\.0\.0\/16 is not a private subnet/,
      /^settings\.captureRetention\.keep: unknown setting/,
      /^settings\.captureRetention\.maxAgeDays: must be a number of days greater than 0/,
      /^settings\.captureRetention\.maxGiB: must be a number of GiB greater than 0/,
      /^settings\.language: 'fr' is not one of system, en, zh-CN/,
      /^settings\.theme: 'blue' is not one of system, light, dark/,
      /^settings\.notifications\.sometimes: unknown setting/,
      /^settings\.notifications\.ready: must be true or false/,
      /^settings\.webhook\.url: 'ftp:' URLs cannot be posted to/,
    ];
    assert.equal(issues.length, want.length, issues.join('\n'));
    for (const w of want) assert.ok(issues.some((i) => w.test(i)), `${w} in:\n${issues.join('\n')}`);
  });

  test('not an object at all', () => {
    assert.deepEqual(refused(() => checkSettingsChange([1])), ['settings: must be an object of settings']);
    assert.deepEqual(refused(() => checkSettingsChange({ notifications: true })), ['settings.notifications: must be an object of on/off switches: "ready": true, "failed": true, "tornDown": true']);
  });

  test('the webhook kind: from the host, said for other hosts, and both must agree', () => {
    assert.equal(webhookKindOfHost('open.larksuite.com'), 'lark');
    assert.equal(webhookKindOfHost('oapi.dingtalk.com'), 'dingtalk');
    assert.equal(webhookKindOfHost('qyapi.weixin.qq.com'), 'wecom');
    assert.equal(webhookKindOfHost('HOOKS.SLACK.COM.'), 'slack');
    assert.equal(webhookKindOfHost('notdingtalk.com'), undefined);
    assert.equal(webhookKindOfHost('weixin.qq.com'), undefined);
    assert.deepEqual(checkSettingsChange({ webhook: { url: 'http://127.0.0.1:9/hook', kind: 'wecom' } }).webhook, { url: 'http://127.0.0.1:9/hook', kind: 'wecom' });
    assert.deepEqual(refused(() => checkSettingsChange({ webhook: { url: 'http://127.0.0.1:9/hook' } })), [
      'settings.webhook.kind: cannot tell which tool 127.0.0.1 is: give the kind (lark, dingtalk, wecom, slack)',
    ]);
    assert.deepEqual(refused(() => checkSettingsChange({ webhook: { url: 'https://hooks.slack.com/services/x', kind: 'lark' } })), [
      'settings.webhook.kind: is lark, but hooks.slack.com is a Slack host',
    ]);
    assert.deepEqual(refused(() => checkSettingsChange({ webhook: { url: 'https://u:p@hooks.slack.com/x' } })), [
      "settings.webhook.url: must not carry a user name or password (the webhook's token is part of its path or query)",
    ]);
    assert.deepEqual(refused(() => checkSettingsChange({ webhook: { url: 'not a url' } })), ["settings.webhook.url: 'not a url' is not a URL"]);
    assert.deepEqual(refused(() => checkSettingsChange({ webhook: { url: 'https://hooks.slack.com/x', kind: 'teams' } })), [
      "settings.webhook.kind: 'teams' is not one of lark, dingtalk, wecom, slack",
    ]);
  });

  test('docker endpoints as DOCKER_HOST takes them', () => {
    for (const ok of ['unix:///var/run/docker.sock', 'tcp://10.0.0.5:2375', 'tcp://docker.lan', 'ssh://qa@build-01', 'ssh://qa@build-01:2222', 'npipe:////./pipe/docker_engine']) {
      assert.equal(dockerEndpointProblem(ok), undefined, ok);
    }
    assert.match(dockerEndpointProblem('unix://')!, /absolute path/);
    assert.match(dockerEndpointProblem('unix://relative.sock')!, /absolute path/);
    assert.match(dockerEndpointProblem('tcp://host:2375/v1.41')!, /has no path/);
    assert.match(dockerEndpointProblem('tcp://user@host:2375')!, /has no user/);
    assert.match(dockerEndpointProblem('ssh://qa:pw@host')!, /must not carry a password/);
    assert.match(dockerEndpointProblem('tcp://host:99999')!, /is not a Docker endpoint/);
    assert.match(dockerEndpointProblem('/var/run/docker.sock')!, /is not a Docker endpoint/);
    assert.match(dockerEndpointProblem('tcp://a b')!, /spaces/);
  });

  test('the client options of an endpoint, as docker-modem reads DOCKER_HOST', () => {
    assert.deepEqual(dockerOptions('unix:///run/user/1000/docker.sock', {}), { socketPath: '/run/user/1000/docker.sock' });
    assert.deepEqual(dockerOptions('tcp://10.0.0.5:2375', {}), { protocol: 'http', host: '10.0.0.5', port: '2375' });
    assert.deepEqual(dockerOptions('tcp://10.0.0.5', {}), { protocol: 'http', host: '10.0.0.5', port: '2375' });
    assert.deepEqual(dockerOptions('tcp://10.0.0.5:2376', {}), { protocol: 'https', host: '10.0.0.5', port: '2376' });
    assert.deepEqual(dockerOptions('ssh://qa@build-01', { SSH_AUTH_SOCK: '/tmp/agent' }), { protocol: 'ssh', host: 'build-01', port: '22', username: 'qa', sshOptions: { agent: '/tmp/agent' } });
  });
});

describe('the settings file', () => {
  test('without a file: the defaults; a change keeps only what was set, 0600', () => {
    const env = freshEnv();
    const store = fileSettingsStore(env);
    assert.deepEqual(store.get(), defaultSettings(env));
    const after = store.set({ theme: 'dark', notifications: { failed: false }, webhook: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t0k' } });
    assert.equal(after.theme, 'dark');
    assert.deepEqual(after.notifications, { ready: true, failed: false, tornDown: true });
    const file = settingsFile(env);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      theme: 'dark',
      notifications: { failed: false },
      webhook: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t0k', kind: 'dingtalk' },
    });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    // notifications merge; null removes; retention replaces both limits.
    store.set({ notifications: { ready: false }, webhook: null, captureRetention: { maxGiB: 2.5 } });
    assert.deepEqual(store.get().notifications, { ready: false, failed: false, tornDown: true });
    assert.equal(store.get().webhook, null);
    assert.deepEqual(store.get().captureRetention, { maxAgeDays: null, maxGiB: 2.5 });
    assert.deepEqual(store.describe().sources, {
      captureDir: 'default',
      templatesDir: 'default',
      dockerEndpoint: 'default',
      subnetPool: 'default',
      captureRetention: 'file',
      language: 'default',
      theme: 'file',
      notifications: 'file',
      webhook: 'default',
    });
  });

  test('a change with one bad field writes nothing, and says which', () => {
    const env = freshEnv();
    const store = fileSettingsStore(env);
    store.set({ language: 'en' });
    const before = readFileSync(settingsFile(env), 'utf8');
    assert.deepEqual(refused(() => store.set({ theme: 'light', subnetPool: '10.0.0.0/25' })), ['settings.subnetPool: 10.0.0.0/25 is smaller than the /24 a stack gets from the pool']);
    assert.equal(readFileSync(settingsFile(env), 'utf8'), before);
    assert.equal(store.get().theme, 'system');
  });

  test('environment variables win, say so in describe, and a change to what they override is refused', () => {
    const env = freshEnv({ DOCKER_HOST: 'tcp://10.9.9.9:2375', BRANCHYARD_POOL: '10.99.0.0/16', BRANCHYARD_CAPTURE_DIR: '/ci/captures' });
    const store = fileSettingsStore(env);
    const s = store.get();
    assert.equal(s.dockerEndpoint, 'tcp://10.9.9.9:2375');
    assert.equal(s.subnetPool, '10.99.0.0/16');
    assert.equal(s.captureDir, '/ci/captures');
    const d = store.describe();
    assert.deepEqual(d.env, { captureDir: 'BRANCHYARD_CAPTURE_DIR', dockerEndpoint: 'DOCKER_HOST', subnetPool: 'BRANCHYARD_POOL' });
    assert.equal(d.sources.dockerEndpoint, 'env');
    assert.deepEqual(refused(() => store.set({ subnetPool: '10.98.0.0/16' })), [
      "settings.subnetPool: BRANCHYARD_POOL is set in the engine's environment and overrides this setting: unset it first",
    ]);
    // The values as they are, sent back with a real change: only the change is written.
    store.set({ ...s, theme: 'light' });
    assert.deepEqual(JSON.parse(readFileSync(settingsFile(env), 'utf8')), { theme: 'light' });
  });

  test('what a page may not change: refused when it would change, accepted when sent back unchanged', () => {
    const env = freshEnv();
    const store = fileSettingsStore(env);
    const locked = lockedSettings('own');
    assert.deepEqual(Object.keys(locked).sort(), ['captureDir', 'dockerEndpoint', 'templatesDir']);
    assert.deepEqual(lockedSettings('any'), {});
    const all = store.get();
    assert.equal(store.set({ ...all, language: 'zh-CN' }, { locked }).language, 'zh-CN');
    assert.deepEqual(refused(() => store.set({ dockerEndpoint: 'tcp://evil.example:2375', captureDir: '/etc' }, { locked })), [
      'settings.captureDir: this front end cannot move the capture folder: set it in settings.json or BRANCHYARD_CAPTURE_DIR',
      'settings.dockerEndpoint: this front end cannot change the Docker endpoint: set it in settings.json or DOCKER_HOST',
    ]);
    assert.equal(store.get().dockerEndpoint, all.dockerEndpoint);
    // The command line may.
    assert.equal(store.set({ dockerEndpoint: 'tcp://10.0.0.5:2375' }).dockerEndpoint, 'tcp://10.0.0.5:2375');
    assert.equal(store.set({ dockerEndpoint: null }).dockerEndpoint, all.dockerEndpoint);
  });

  test('a hand-edited file with a mistake: an error naming the file and the field', () => {
    const env = freshEnv();
    const store = fileSettingsStore(env);
    store.set({ theme: 'dark' });
    const file = settingsFile(env);
    writeFileSync(file, JSON.stringify({ theme: 'dark', captureRetention: { maxAgeDays: 0 } }));
    try {
      store.get();
      assert.fail('read');
    } catch (e) {
      assert.ok(e instanceof BranchyardError);
      assert.equal(e.message, `${file}: settings.captureRetention.maxAgeDays: must be a number of days greater than 0, or null for no limit`);
    }
    writeFileSync(file, '{ "theme": ');
    assert.throws(() => store.get(), (e: Error) => e.message.startsWith(`${file}: is not JSON`));
    // Nothing is written over a file that cannot be read: the user's text stays to be fixed.
    assert.throws(() => store.set({ theme: 'light' }));
    assert.equal(readFileSync(file, 'utf8'), '{ "theme": ');
  });
});
