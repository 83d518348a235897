/** What a policy says about the resources it covers, for tools that need a resource to try. */
import type { Policy, StatementRef } from './model';

/**
 * The first ARN without wildcards or variables that the policy's statements name, with its
 * statement: the resource a resource-based policy is most likely attached to (or covers).
 */
export function firstConcreteResource(policy: Policy): { arn: string; statement: StatementRef } | undefined {
  for (const statement of policy.statements) {
    if (!statement.resource || statement.resource.negated) continue;
    for (const pattern of statement.resource.patterns) {
      if (pattern.kind === 'arn' && !/[*?]|\$\{/.test(pattern.text)) return { arn: pattern.text, statement: statement.ref };
    }
  }
  return undefined;
}
