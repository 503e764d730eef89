// The key catalogue as the table docs/stack-file.md ends with: every compose key, level by level,
// and whether Branchyard reads it, accepts it without effect, or refuses it, with why.
// test/unit/composeKeys.test.ts checks the document holds exactly this text.

import * as KEYS from './composeKeys.ts';
import type { KeySet } from './composeKeys.ts';

const LEVELS: Array<[string, KeySet]> = [
  ['top level', KEYS.TOP_LEVEL_KEYS],
  ['service', KEYS.SERVICE_KEYS],
  ['service.build', KEYS.BUILD_KEYS],
  ['service.healthcheck', KEYS.HEALTHCHECK_KEYS],
  ['service.post_start[] and pre_stop[]', KEYS.HOOK_KEYS],
  ['service.depends_on.<service>', KEYS.DEPENDS_ON_KEYS],
  ['service.env_file[]', KEYS.ENV_FILE_KEYS],
  ['service.extends', KEYS.EXTENDS_KEYS],
  ['service.ports[] (long syntax)', KEYS.PORT_KEYS],
  ['service.volumes[] (long syntax)', KEYS.SERVICE_VOLUME_KEYS],
  ['service.volumes[].bind', KEYS.BIND_KEYS],
  ['service.volumes[].volume', KEYS.VOLUME_OPTION_KEYS],
  ['service.volumes[].image', KEYS.IMAGE_OPTION_KEYS],
  ['service.volumes[].tmpfs', KEYS.TMPFS_KEYS],
  ['service.networks.<network>', KEYS.SERVICE_NETWORK_KEYS],
  ['service.secrets[] and configs[]', KEYS.SERVICE_SECRET_KEYS],
  ['service.deploy', KEYS.DEPLOY_KEYS],
  ['service.deploy.resources', KEYS.RESOURCES_KEYS],
  ['service.deploy.resources.limits', KEYS.LIMITS_KEYS],
  ['service.deploy.resources.reservations', KEYS.RESERVATIONS_KEYS],
  ['service.gpus[] and deploy.resources.reservations.devices[]', KEYS.DEVICE_REQUEST_KEYS],
  ['service.deploy.restart_policy', KEYS.RESTART_POLICY_KEYS],
  ['service.devices[] (long syntax)', KEYS.DEVICE_KEYS],
  ['service.logging', KEYS.LOGGING_KEYS],
  ['service.ulimits.<name>', KEYS.ULIMIT_KEYS],
  ['service.blkio_config', KEYS.BLKIO_KEYS],
  ['service.blkio_config.device_*[]', KEYS.BLKIO_LIMIT_KEYS],
  ['service.blkio_config.weight_device[]', KEYS.BLKIO_WEIGHT_KEYS],
  ['include[]', KEYS.INCLUDE_KEYS],
  ['volumes.<volume>', KEYS.TOP_VOLUME_KEYS],
  ['volumes/networks/secrets/configs.<name>.external', KEYS.EXTERNAL_KEYS],
  ['networks.<network>', KEYS.TOP_NETWORK_KEYS],
  ['networks.<network>.ipam', KEYS.IPAM_KEYS],
  ['networks.<network>.ipam.config[]', KEYS.IPAM_CONFIG_KEYS],
  ['secrets.<name> / configs.<name>', KEYS.TOP_SECRET_KEYS],
];

const code = (keys: string[]) => keys.map((k) => `\`${k}\``).join(', ');

/** Markdown: one row per level, then one row per key that is not read, with its reason. */
export function keyReference(): string {
  const rows = ['| level | read | accepted without effect | refused |', '| --- | --- | --- | --- |'];
  for (const [level, set] of LEVELS) {
    const refused = [
      ...Object.keys(set.refused ?? {}).map((k) => `\`${k}\``),
      ...Object.keys(set.later ?? {}).map((k) => `\`${k}\` (yet)`),
    ];
    rows.push(`| \`${level}\` | ${code([...set.supported])} | ${code(Object.keys(set.ignored ?? {}))} | ${refused.join(', ')} |`);
  }
  const reasons = ['', '| key | why it is not read |', '| --- | --- |'];
  const seen = new Set<string>();
  for (const [level, set] of LEVELS) {
    for (const [k, why] of [...Object.entries(set.ignored ?? {}), ...Object.entries(set.refused ?? {}), ...Object.entries(set.later ?? {})]) {
      const path = level.replace(/ \(.*\)$/, '').split(' / ')[0];
      const line = `| \`${level === 'service' || level === 'top level' ? '' : `${path}.`}${k}\` | ${why} |`;
      if (!seen.has(line)) reasons.push(line);
      seen.add(line);
    }
  }
  return [...rows, ...reasons].join('\n');
}
