/** A compiled policy under another name: statement references carry the name, so they change too. */
import type { Policy } from './model';

export function renamePolicy(policy: Policy, name: string): Policy {
  if (policy.name === name) return policy;
  return { ...policy, name, statements: policy.statements.map((s) => ({ ...s, ref: { ...s.ref, policy: name } })) };
}
