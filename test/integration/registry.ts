// Debian's docker-registry on a free loopback port (.ci/run installs it): a real registry for
// push and pull tests, with no network beyond this machine.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function startRegistry(dir: string): Promise<{ port: number; stop(): void }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1\nlog: { level: error }\nstorage: { filesystem: { rootdirectory: ${join(dir, 'storage')} } }\nhttp: { addr: 127.0.0.1:${port} }\n`);
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.ok).catch(() => false);
    if (ok) return { port, stop: () => child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('docker-registry did not start');
}
