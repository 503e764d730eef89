// The subnet pool stacks without a subnet of their own take a /24 from: checked the same way by
// the settings (subnetPool), --pool and BRANCHYARD_POOL. Pure, so the settings screen can check
// what is typed before it is sent.

import { type Cidr, formatCidr, parseCidr, stackSubnetProblem } from './ipv4.ts';

export const DEFAULT_POOL = '10.210.0.0/16';
/** The size of the subnet each stack gets from the pool. */
export const STACK_PREFIX = 24;

/** The pool as a CIDR, or why it cannot be one: private, as a stack's own subnet must be, and large enough for a /24. */
export function parsePool(text: string): Cidr | { error: string } {
  const c = parseCidr(text);
  if ('error' in c) return c;
  if (c.prefix > STACK_PREFIX) return { error: `${formatCidr(c)} is smaller than the /${STACK_PREFIX} a stack gets from the pool` };
  const problem = stackSubnetProblem(c);
  return problem ? { error: problem } : c;
}
