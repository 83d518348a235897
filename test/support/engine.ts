import { evaluate, type Decision, type PolicySetInput, type RequestContext } from '../../src/index';

export const USER = 'arn:aws:iam::111122223333:user/alice';
export const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Music';

/** An identity policy with one Allow statement carrying the given Condition block. */
export function allowWhen(condition: object, version = '2012-10-17'): object {
  return { Version: version, Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: condition }] };
}

/** Does the identity policy allow alice's GetItem on Music with this context? */
export function allows(policy: object, context: RequestContext = {}, principal: string | object = USER): boolean {
  return (
    evaluate({ principal: principal as string, action: 'dynamodb:GetItem', resource: TABLE, context }, { identityPolicies: [policy] })
      .decision === 'Allow'
  );
}

export function decide(
  request: { principal?: string | object; action?: string; resource?: string; context?: RequestContext; region?: string },
  policies: PolicySetInput,
): Decision {
  return evaluate(
    {
      principal: (request.principal ?? USER) as string,
      action: request.action ?? 'dynamodb:GetItem',
      resource: request.resource ?? TABLE,
      ...(request.region ? { region: request.region } : {}),
      context: request.context ?? {},
    },
    policies,
  );
}
