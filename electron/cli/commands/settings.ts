// `branchyard settings`: the settings file the app and the browser mode read, from the command
// line (a CI server has no settings screen). Shows every setting with where its value comes from,
// and sets or resets one at a time, checked as the app's are.

import type { SettingKey, Settings, SettingsChange, SettingsDescription } from '../../../shared/api/settings.ts';
import { NOTIFICATION_KINDS, SETTING_KEYS, WEBHOOK_KINDS } from '../../../shared/api/settings.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printResult, table } from '../output.ts';

const USAGE = 'settings [--json] | settings set KEY VALUE [--kind K] | settings unset KEY';

function usage(message: string): BranchyardError {
  return BranchyardError.invalid([{ field: 'settings', message: `${message}; usage: ${USAGE}` }]);
}

function shown(key: SettingKey, s: Settings): string {
  const v = s[key];
  if (key === 'webhook') return s.webhook ? `${s.webhook.kind} ${s.webhook.url}` : '-';
  if (key === 'captureRetention') {
    const r = s.captureRetention;
    return r.maxAgeDays === null && r.maxGiB === null ? 'keep all' : [r.maxAgeDays !== null ? `${r.maxAgeDays} days` : '', r.maxGiB !== null ? `${r.maxGiB} GiB` : ''].filter(Boolean).join(', ');
  }
  if (key === 'notifications') return NOTIFICATION_KINDS.map((k) => `${k} ${s.notifications[k] ? 'on' : 'off'}`).join(', ');
  return String(v);
}

function describe(d: SettingsDescription): string {
  const rows = SETTING_KEYS.map((k) => [k, shown(k, d.settings), d.sources[k] === 'env' ? `env ${d.env[k]}` : d.sources[k]]);
  return `${table(['SETTING', 'VALUE', 'FROM'], rows)}\n\n(${d.file})`;
}

function bool(text: string, key: string): boolean {
  if (text === 'true' || text === 'on') return true;
  if (text === 'false' || text === 'off') return false;
  throw BranchyardError.invalid([{ field: `settings.${key}`, message: `'${text}' is not on/off (true/false)` }]);
}

function limit(text: string | null, key: string): number | null {
  if (text === null) return null;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw BranchyardError.invalid([{ field: `settings.${key}`, message: `'${text}' is not a number` }]);
  return n;
}

/** `set KEY VALUE` (VALUE null: `unset KEY`) as a change; sub-keys change one part of a setting. */
function changeOf(key: string, value: string | null, kind: string | undefined, now: Settings): SettingsChange {
  const [head, sub] = key.split('.', 2) as [string, string | undefined];
  if (head === 'notifications' && sub && value !== null) return { notifications: { [sub]: bool(value, key) } };
  if (head === 'captureRetention' && (sub === 'maxAgeDays' || sub === 'maxGiB')) return { captureRetention: { ...now.captureRetention, [sub]: limit(value, key) } };
  if (sub !== undefined) throw usage(`'${key}' is not a setting: sub-keys are notifications.<${NOTIFICATION_KINDS.join('|')}> and captureRetention.<maxAgeDays|maxGiB>`);
  if (kind !== undefined && head !== 'webhook') throw usage('--kind goes with webhook');
  if (value === null) {
    if (head === 'dockerEndpoint' || head === 'subnetPool' || head === 'webhook') return { [head]: null };
    throw usage(`${key} cannot be unset: set it to a value${head === 'captureDir' || head === 'templatesDir' ? ' (or remove it from settings.json)' : ''}`);
  }
  if (head === 'webhook') return { webhook: { url: value, ...(kind !== undefined ? { kind: kind as (typeof WEBHOOK_KINDS)[number] } : {}) } };
  if (head === 'notifications' || head === 'captureRetention') throw usage(`set ${head}.<part> one at a time`);
  // Unknown keys and bad values are refused by the engine's own check, naming the field.
  return { [head]: value } as SettingsChange;
}

export const settings: Command = {
  name: 'settings',
  usage: USAGE,
  summary: 'show the settings (the app reads the same file), or set one',
  help: [
    'Shows every setting of <data dir>/settings.json with its value and where it comes from (default, the',
    'file, or an environment variable that overrides it). `set KEY VALUE` changes one, checked as the app',
    'checks it (a bad value changes nothing); `unset KEY` puts dockerEndpoint or subnetPool back to the',
    'default, or removes the webhook or a retention limit. Keys: captureDir, templatesDir, dockerEndpoint,',
    'subnetPool, captureRetention.maxAgeDays, captureRetention.maxGiB, language (system|en|zh-CN), theme',
    '(system|light|dark), notifications.ready|failed|tornDown (on|off), webhook URL [--kind lark|dingtalk|',
    'wecom|slack] (the kind is found from the URL\'s host when it is one of theirs). Details: docs/settings.md.',
  ],
  options: { kind: { type: 'string' }, ...jsonOption },
  positionals: [0, 3],
  async run(v, [verb, key, value]) {
    if (verb === undefined) {
      const d = await localApi().describeSettings({});
      if (v.json) printJson(d);
      else printResult(describe(d));
      return EXIT.ok;
    }
    if (verb !== 'set' && verb !== 'unset') throw usage(`unknown sub-command '${verb}'`);
    if (key === undefined || (verb === 'set' ? value === undefined : value !== undefined)) throw usage(verb === 'set' ? 'set needs a KEY and a VALUE' : 'unset needs one KEY');
    const now = await localApi().getSettings({});
    const after = await localApi().setSettings(changeOf(key, verb === 'set' ? value! : null, v.kind as string | undefined, now));
    if (v.json) printJson(after);
    else {
      const top = key.split('.')[0] as SettingKey;
      printResult(`${top}: ${SETTING_KEYS.includes(top) ? shown(top, after) : '?'}`);
    }
    return EXIT.ok;
  },
};
