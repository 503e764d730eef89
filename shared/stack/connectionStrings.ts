// Ready-to-paste connection strings for the database presets, from what the container really
// runs: its exposed port says which server it is (the presets' ports), its environment and
// command say the user and password (MYSQL_ROOT_PASSWORD, --requirepass, MONGO_INITDB_ROOT_*).
// The text is the working command with the password in it, `masked` the same with dots instead.

import type { ConnectionString } from '../api/control.ts';
import { PRESETS } from './presets.ts';
import { quoteShellWord, splitShellWords } from './shellwords.ts';

export interface ContainerFacts {
  ip: string;
  /** `3306/tcp`, as the engine lists exposed ports. */
  exposedPorts: string[];
  /** `KEY=value` entries. */
  env: string[];
  /** Entrypoint and command together. */
  command: string[];
}

function envOf(entries: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i > 0) out.set(e.slice(0, i), e.slice(i + 1));
  }
  return out;
}

/** The value after `--flag` (or in `--flag=value`), also inside a `sh -c "..."` string. */
function flagValue(command: string[], flag: string): string | undefined {
  const words = command.flatMap((arg) => {
    if (!/\s/.test(arg)) return [arg];
    const split = splitShellWords(arg);
    return 'args' in split ? split.args : [arg];
  });
  for (let i = 0; i < words.length; i++) {
    if (words[i] === flag && i + 1 < words.length) return words[i + 1];
    if (words[i]!.startsWith(`${flag}=`)) return words[i]!.slice(flag.length + 1);
  }
  return undefined;
}

const nonEmpty = (v: string | undefined) => (v ? v : undefined);

export const MASK = '••••••';

/** `before` + the password as written (quoted, URL-encoded) + `after`, and its masked twin. */
function entry(kind: ConnectionString['kind'], label: string, before: string, secret?: string, after = ''): ConnectionString {
  if (!secret) return { kind, label, text: before + after, masked: before + after, hasSecret: false };
  return { kind, label, text: before + secret + after, masked: before + MASK + after, hasSecret: true };
}

function mysql(f: ContainerFacts, env: Map<string, string>, port: number): ConnectionString[] {
  const get = (k: string) => env.get(`MYSQL_${k}`) ?? env.get(`MARIADB_${k}`);
  const db = nonEmpty(get('DATABASE'));
  const line = (user: string, password: string | undefined): ConnectionString => {
    const head = `mysql -h ${f.ip} -P ${port} -u ${quoteShellWord(user)}`;
    const tail = db ? ` ${quoteShellWord(db)}` : '';
    return password ? entry('mysql', `mysql client (${user})`, `${head} -p`, quoteShellWord(password), tail) : entry('mysql', `mysql client (${user})`, head + tail);
  };
  const out: ConnectionString[] = [];
  // A random or file-held root password cannot be known from here: no root line then.
  const rootUnknown = get('RANDOM_ROOT_PASSWORD') || get('ROOT_PASSWORD_FILE');
  if (!rootUnknown) out.push(line('root', nonEmpty(get('ROOT_PASSWORD'))));
  const user = nonEmpty(get('USER'));
  if (user && user !== 'root') out.push(line(user, nonEmpty(get('PASSWORD'))));
  return out;
}

function redis(f: ContainerFacts, env: Map<string, string>, port: number): ConnectionString[] {
  const password = nonEmpty(flagValue(f.command, '--requirepass') ?? env.get('REDIS_PASSWORD'));
  const head = `redis-cli -h ${f.ip} -p ${port}`;
  return [password ? entry('redis', 'redis-cli', `${head} -a `, quoteShellWord(password)) : entry('redis', 'redis-cli', head)];
}

function mongo(f: ContainerFacts, env: Map<string, string>, port: number): ConnectionString[] {
  const user = nonEmpty(env.get('MONGO_INITDB_ROOT_USERNAME'));
  const password = nonEmpty(env.get('MONGO_INITDB_ROOT_PASSWORD'));
  const address = `${f.ip}:${port}`;
  if (!user) return [entry('mongo', 'MongoDB URL', `mongodb://${address}`)];
  const name = `mongodb://${encodeURIComponent(user)}`;
  return [password ? entry('mongo', 'MongoDB URL', `${name}:`, encodeURIComponent(password), `@${address}`) : entry('mongo', 'MongoDB URL', `${name}@${address}`)];
}

/** The connection strings of a container that exposes a preset's port; none for anything else. */
export function connectionStrings(f: ContainerFacts): ConnectionString[] {
  if (!f.ip) return [];
  const env = envOf(f.env);
  const exposes = (port: number) => f.exposedPorts.includes(`${port}/tcp`);
  if (exposes(PRESETS.mysql.port)) return mysql(f, env, PRESETS.mysql.port);
  if (exposes(PRESETS.redis.port)) return redis(f, env, PRESETS.redis.port);
  if (exposes(PRESETS.mongo.port)) return mongo(f, env, PRESETS.mongo.port);
  return [];
}
