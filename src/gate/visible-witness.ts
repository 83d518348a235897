/**
 * Requests a resource-based policy can see. A policy attached to a DynamoDB table takes part only in
 * requests on that table and its indexes, for actions a table policy can grant; a stream policy only
 * in requests on its stream, for the stream actions. A request a diff of two versions finds on some
 * other account's table, or on `*`, tells them apart in theory but is no case a user can add to
 * the scenario of that table: mutation testing suggests only requests of this kind.
 */
import { indexArn, parseDynamoArn, tableArnOf } from '../dynamodb/arn';
import { DYNAMODB_ACTIONS, findAction, streamPolicyCanGrant, tablePolicyCanGrant, type DynamoAction } from '../dynamodb/catalog';
import type { DecisionKind } from '../engine/decision-types';
import { evaluate } from '../engine/evaluate';
import type { RequestInput } from '../engine/request-types';
import { RequestError } from '../problems/request-error';
import { policyFromObject } from '../policy/load';
import type { Policy } from '../policy/model';
import type { DecisionChange } from './diff';

/** A sample index name for a table whose policy names none. */
const SAMPLE_INDEX = 'iamspec-index';

type Governed = { readonly kind: 'table'; readonly table: string } | { readonly kind: 'stream'; readonly stream: string };

function governedBy(attached: string): Governed | undefined {
  const parsed = parseDynamoArn(attached);
  if (!parsed.ok) return undefined;
  if (parsed.resource.type === 'table') return { kind: 'table', table: attached };
  if (parsed.resource.type === 'stream') return { kind: 'stream', stream: attached };
  return undefined;
}

/** Whether the action can be granted by that kind of policy on that kind of resource. */
function grantableOn(action: DynamoAction, policyKind: Governed['kind'], resourceType: string): boolean {
  const grantable = policyKind === 'table' ? tablePolicyCanGrant(action) : streamPolicyCanGrant(action);
  return grantable && action.resourceTypes.some((r) => r.type === resourceType);
}

/** Whether a policy attached to the given table or stream ARNs takes part in the request. */
export function isVisibleTo(request: Pick<RequestInput, 'action' | 'resource'>, attached: readonly string[]): boolean {
  if (request.resource === undefined) return false;
  const parsed = parseDynamoArn(request.resource);
  const action = findAction(request.action);
  if (!parsed.ok || !action) return false;
  return attached.some((arn) => {
    const governed = governedBy(arn);
    if (!governed) return false;
    if (governed.kind === 'stream') return request.resource === governed.stream && grantableOn(action, 'stream', 'stream');
    const type = parsed.resource.type;
    return (type === 'table' || type === 'index') && tableArnOf(parsed.resource) === governed.table && grantableOn(action, 'table', type);
  });
}

/** A request of the change (its own, or one of the actions and resources found to change alike) that the policy sees. */
export function visibleRequestOf(change: DecisionChange, attached: readonly string[]): RequestInput | undefined {
  for (const resource of [change.request.resource, ...change.sameForResources]) {
    for (const action of [change.request.action, ...change.sameForActions]) {
      const request = { ...change.request, action, ...(resource !== undefined ? { resource } : {}) };
      if (isVisibleTo(request, attached)) return request;
    }
  }
  return undefined;
}

/** The resources the attached policy governs, as ARNs to probe: the table and some indexes, or the stream. */
function probeResources(attached: string, policy: Policy): string[] {
  const governed = governedBy(attached);
  if (!governed) return [];
  if (governed.kind === 'stream') return [governed.stream];
  const parsed = parseDynamoArn(governed.table);
  if (!parsed.ok || parsed.resource.type !== 'table') return [];
  const table = parsed.resource;
  // The index names the policy's own ARNs give (wildcards filled), and one it names nowhere.
  const named = policy.statements.flatMap((s) =>
    (s.resource?.patterns ?? []).flatMap((p) => {
      const match = p.kind === 'arn' ? /\/index\/([^/]+)$/.exec(p.text) : null;
      return match ? [match[1]!.replace(/[*?]/g, 'x')] : [];
    }),
  );
  const indexes = [...new Set([...named.filter((n) => /^[A-Za-z0-9_.-]{3,255}$/.test(n)), SAMPLE_INDEX])];
  return [
    governed.table,
    ...indexes.map((index) =>
      indexArn({ partition: table.partition, region: table.region, account: table.account, table: table.table, index }),
    ),
  ];
}

const ALLOW_EVERYTHING = policyFromObject(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  { name: 'caller-identity-allows-all', kind: 'identity' },
);

export interface VisibleWitness {
  readonly request: RequestInput;
  readonly original: DecisionKind;
  readonly mutant: DecisionKind;
}

/**
 * A request on the attached table (or its indexes) or stream, for an action that policy can grant,
 * that the two versions decide differently, with the caller's own account allowing everything.
 * Callers and condition values are those given (the diff's), each with and without its context.
 */
export function probeVisibleWitness(
  original: Policy,
  mutant: Policy,
  attached: readonly string[],
  samples: readonly Pick<RequestInput, 'principal' | 'context'>[],
): VisibleWitness | undefined {
  const decide = (policy: Policy, request: RequestInput) =>
    evaluate(request, { resourcePolicy: policy, identityPolicies: [ALLOW_EVERYTHING] }).decision;
  for (const arn of attached) {
    const governed = governedBy(arn);
    if (!governed) continue;
    for (const resource of probeResources(arn, original)) {
      const parsed = parseDynamoArn(resource);
      if (!parsed.ok) continue;
      const actions = DYNAMODB_ACTIONS.filter((a) => grantableOn(a, governed.kind, parsed.resource.type));
      for (const sample of samples) {
        for (const context of sample.context === undefined ? [undefined] : [sample.context, undefined]) {
          for (const action of actions) {
            const request: RequestInput = {
              principal: sample.principal,
              action: action.fullName,
              resource,
              ...(context !== undefined ? { context } : {}),
            };
            let before: DecisionKind;
            let after: DecisionKind;
            try {
              before = decide(original, request);
              after = decide(mutant, request);
            } catch (error) {
              // A sample whose context does not fit this action (a key of the wrong type): not a witness.
              if (error instanceof RequestError) continue;
              throw error;
            }
            if (before !== after) return { request, original: before, mutant: after };
          }
        }
      }
    }
  }
  return undefined;
}
