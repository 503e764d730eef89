// The user's settings as the contract carries them: one file (<data dir>/settings.json) that the
// app, the browser mode and the command line all read. What each field means, where environment
// variables override it, and which ones a page may not change: docs/settings.md.

export type Language = 'system' | 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['system', 'en', 'zh-CN'];

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

/**
 * What a notification (on the desktop, and to the webhook) is about: a stack an `up` or
 * `redeploy` brought up (`ready`), one that failed on the way (`failed`), one torn down.
 */
export type NotificationKind = 'ready' | 'failed' | 'tornDown';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['ready', 'failed', 'tornDown'];
export type NotificationSwitches = Record<NotificationKind, boolean>;

/** The chat tools whose incoming webhooks Branchyard can post to (each wants its own JSON body). */
export type WebhookKind = 'lark' | 'dingtalk' | 'wecom' | 'slack';
export const WEBHOOK_KINDS: readonly WebhookKind[] = ['lark', 'dingtalk', 'wecom', 'slack'];

export interface WebhookSetting {
  /** http(s) URL of the incoming webhook, token included as the tool gives it. */
  url: string;
  /** Found from the URL's host (open.feishu.cn, oapi.dingtalk.com, ...) unless given. */
  kind: WebhookKind;
}

/** Which captures the engine removes after each teardown (oldest first; never the one just written). */
export interface CaptureRetention {
  /** Remove captures older than this many days; null: keep them whatever their age. */
  maxAgeDays: number | null;
  /** Remove the oldest captures while all of them together are larger than this (GiB, 1024³ bytes); null: no limit. */
  maxGiB: number | null;
}

export interface Settings {
  /** Where teardown archives go: <captureDir>/<stack>/<UTC timestamp>.tar.gz (BRANCHYARD_CAPTURE_DIR wins). */
  captureDir: string;
  /** The templates folder: stack files by id, <templatesDir>/<id>.yml (BRANCHYARD_TEMPLATES wins). */
  templatesDir: string;
  /** The Docker engine: unix:///path, tcp://host:port, ssh://user@host, npipe:////./pipe/name (DOCKER_HOST wins). */
  dockerEndpoint: string;
  /** The private range stacks without a subnet of their own get a /24 from (BRANCHYARD_POOL and --pool win). */
  subnetPool: string;
  captureRetention: CaptureRetention;
  /** The UI's language; `system`: the system's in the app, the browser's in the browser mode. */
  language: Language;
  /** `system` follows the system's light or dark setting. */
  theme: Theme;
  /** Which kinds of news are announced, on the desktop and to the webhook. */
  notifications: NotificationSwitches;
  /** Also post the news to a chat tool; null: none. */
  webhook: WebhookSetting | null;
}

export type SettingKey = keyof Settings;
export const SETTING_KEYS: readonly SettingKey[] = [
  'captureDir',
  'templatesDir',
  'dockerEndpoint',
  'subnetPool',
  'captureRetention',
  'language',
  'theme',
  'notifications',
  'webhook',
];

/**
 * A change to the settings: only the fields given change. `null` puts dockerEndpoint and
 * subnetPool back to their defaults and removes the webhook; `notifications` changes only the
 * kinds it names; `captureRetention` replaces both limits (a limit left out is none). A page may
 * send all of Settings back: a field equal to its current value is no change (so fields it may
 * not change do not refuse the whole form).
 */
export interface SettingsChange {
  captureDir?: string;
  templatesDir?: string;
  dockerEndpoint?: string | null;
  subnetPool?: string | null;
  captureRetention?: Partial<CaptureRetention>;
  language?: Language;
  theme?: Theme;
  notifications?: Partial<NotificationSwitches>;
  webhook?: { url: string; kind?: WebhookKind } | null;
}

/** Where a setting's value comes from. */
export type SettingSource =
  /** Branchyard's default. */
  | 'default'
  /** settings.json. */
  | 'file'
  /** An environment variable of the engine's process, which overrides the file (named in `env`). */
  | 'env';

/** What a settings screen needs besides the values: where each comes from, and what it may change. */
export interface SettingsDescription {
  settings: Settings;
  /** The settings file on the engine's machine. */
  file: string;
  sources: Record<SettingKey, SettingSource>;
  /** For settings an environment variable overrides: its name (the file's value has no effect). */
  env: Partial<Record<SettingKey, string>>;
  /**
   * Settings this front end cannot change (the app and the browser mode: the folders and the
   * Docker endpoint; see docs/settings.md), with how to change them instead.
   */
  locked: Partial<Record<SettingKey, string>>;
}

/** What `testWebhook` answers: the engine posted a test message to the URL. */
export interface WebhookTestResult {
  kind: WebhookKind;
  /** The tool's HTTP status. */
  status: number;
  /** The tool said it took the message (2xx, and no error code in its JSON answer). */
  delivered: boolean;
  /** What the tool answered, at most 2000 characters. */
  response: string;
}
