// Which subnet a stack gets. Pure, so it is unit-tested without an engine.
//
// A stack without a subnet in its file gets a /24 of the pool. The search starts at a slot
// derived from the stack's name, so a stack taken down and brought up again lands on the same
// subnet (and so the same IPs) whenever that subnet is still free, with no state kept anywhere.

import { createHash } from 'node:crypto';
import { type Cidr, cidrsOverlap, subnetsOf } from '../../../shared/net/ipv4.ts';
import { STACK_PREFIX } from '../../../shared/net/pool.ts';

export { DEFAULT_POOL, STACK_PREFIX, parsePool } from '../../../shared/net/pool.ts';

/** Candidate subnets in the order to try them, skipping every one that overlaps `used`. */
export function candidateSubnets(stack: string, pool: Cidr, used: Cidr[], prefix = STACK_PREFIX): Cidr[] {
  const all = [...subnetsOf(pool, prefix)];
  if (all.length === 0) return [];
  const start = createHash('sha256').update(stack).digest().readUInt32BE(0) % all.length;
  const ordered = [...all.slice(start), ...all.slice(0, start)];
  return ordered.filter((c) => !used.some((u) => cidrsOverlap(c, u)));
}

