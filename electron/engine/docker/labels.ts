// Every object Branchyard makes carries these labels: the engine is the only state store, so
// ls, ps and down work from labels alone after any crash (as docker compose does with its own).

export const LABEL = {
  stack: 'io.branchyard.stack',
  service: 'io.branchyard.service',
  template: 'io.branchyard.template',
  branch: 'io.branchyard.branch',
  /** Absolute path of the stack file the stack was last brought up from. */
  file: 'io.branchyard.file',
  configHash: 'io.branchyard.config-hash',
  /** JSON: a fingerprint per field of the container document, so a plan can say what changed. */
  configFields: 'io.branchyard.config-fields',
  /**
   * On the network and every container: the services the file had when the object was made, so
   * `ls` can say "2 of 3 services created" after an `up` that was cancelled or killed.
   */
  services: 'io.branchyard.services',
  /** `service:condition,...`, so down can stop in reverse dependency order without the file. */
  dependsOn: 'io.branchyard.depends-on',
  /** The container's fixed address, kept so ps can show it while the container is stopped. */
  ip: 'io.branchyard.ip',
  /**
   * On every network of the stack: its subnet; on every container: the subnet of the stack's
   * first network (so `start` can make the network again if it is gone).
   */
  subnet: 'io.branchyard.subnet',
  /** On every network of the stack: the network's name in the stack file (`default`, `backend`). */
  network: 'io.branchyard.network',
  /**
   * On containers: JSON of the networks the container is on (file and engine name, subnet,
   * address, aliases), so `start` can make any of them again and reconnect the container there.
   */
  networks: 'io.branchyard.networks',
  /** On built images: hash of everything the build depends on; equal means reuse. */
  buildInputs: 'io.branchyard.build-inputs',
  /** On containers of built services: the commit their image was built from. */
  commit: 'io.branchyard.commit',
  /** The volume's name in the stack file (the engine's name is `<stack>_<name>`). */
  volume: 'io.branchyard.volume',
  /**
   * On containers: JSON of the secrets and configs written into it (target, owner, mode and a
   * digest of the content, never the content), so a changed one recreates the container.
   */
  files: 'io.branchyard.files',
  /** On containers: JSON of the post_start and pre_stop hooks, so stop and teardown run them without the file. */
  hooks: 'io.branchyard.hooks',
  /** On containers: JSON array of the x-branchyard.capture paths teardown copies out of it. */
  capture: 'io.branchyard.capture',
} as const;

/** Engine filter matching every object of one stack (or of all stacks). */
export function stackFilter(stack?: string): { label: string[] } {
  return { label: [stack ? `${LABEL.stack}=${stack}` : LABEL.stack] };
}

export function encodeDependsOn(deps: Record<string, string>): string {
  return Object.entries(deps)
    .map(([s, c]) => `${s}:${c}`)
    .join(',');
}

export function decodeDependsOn(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    if (!part) continue;
    const i = part.lastIndexOf(':');
    out[i < 0 ? part : part.slice(0, i)] = i < 0 ? 'service_started' : part.slice(i + 1);
  }
  return out;
}

