// Which subnet a stack gets. Pure, so it is unit-tested without an engine.
//
// A stack without a subnet in its file gets a /24 of the pool. The search starts at a slot
// derived from the stack's name, so a stack taken down and brought up again lands on the same
// subnet (and so the same IPs) whenever that subnet is still free, with no state kept anywhere.

import { createHash } from 'node:crypto';
import { type Cidr, cidrsOverlap, formatCidr, parseCidr, stackSubnetProblem, subnetsOf } from '../../../shared/net/ipv4.ts';

export const DEFAULT_POOL = '10.210.0.0/16';
export const STACK_PREFIX = 24;

/** Candidate subnets in the order to try them, skipping every one that overlaps `used`. */
export function candidateSubnets(stack: string, pool: Cidr, used: Cidr[], prefix = STACK_PREFIX): Cidr[] {
  const all = [...subnetsOf(pool, prefix)];
  if (all.length === 0) return [];
  const start = createHash('sha256').update(stack).digest().readUInt32BE(0) % all.length;
  const ordered = [...all.slice(start), ...all.slice(0, start)];
  return ordered.filter((c) => !used.some((u) => cidrsOverlap(c, u)));
}

/**
 * The pool (--pool, BRANCHYARD_POOL) as a CIDR, or why it cannot be one: private, as a stack's
 * own subnet must be, and large enough for the /24 each stack gets from it.
 */
export function parsePool(text: string): Cidr | { error: string } {
  const c = parseCidr(text);
  if ('error' in c) return c;
  if (c.prefix > STACK_PREFIX) return { error: `${formatCidr(c)} is smaller than the /${STACK_PREFIX} a stack gets from the pool` };
  const problem = stackSubnetProblem(c);
  return problem ? { error: problem } : c;
}
