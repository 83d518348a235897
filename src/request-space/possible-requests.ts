/**
 * Which request contexts AWS can send at all. The class space (`request-classes.ts`) tries every
 * combination of condition values, key by key; a few combinations no real request carries:
 *
 * - a key the action never carries: the Service Authorization Reference lists, per DynamoDB action,
 *   the keys its requests have (`actionSupportsKey`);
 * - `aws:SourceIp` together with a key AWS sets only through a VPC endpoint (`aws:SourceVpce`,
 *   `aws:VpcSourceIp`...): the IAM global condition keys page sets `aws:SourceIp` on every request
 *   "except those made through a VPC endpoint", and the endpoint keys only on those.
 *
 * Analyses that claim "no request can ..." leave such contexts out; the decision of a request
 * that does carry them is still the evaluator's.
 */
import { actionSupportsKey } from '../dynamodb/condition-keys';
import { findAction } from '../dynamodb/catalog';
import type { RequestContext } from '../engine/request-types';
import { onlyThroughVpcEndpoint } from '../condition-keys/global';
import { memo } from '../util/memo';

const SOURCE_IP = 'aws:sourceip';

const carries = memo(8192, (actionAndKey) => {
  const [action, key] = actionAndKey.split('\u0000') as [string, string];
  return actionSupportsKey(action, key);
});

/**
 * Why no request of any of `actions` (a class of actions the statements treat alike) carries
 * `context`, or undefined when a request of one of them can.
 */
export function impossibleContext(actions: readonly string[], context: RequestContext): string | undefined {
  const keys = Object.keys(context);
  if (keys.length === 0) return undefined;
  if (keys.some((key) => key.toLowerCase() === SOURCE_IP)) {
    const endpointKey = keys.find((key) => onlyThroughVpcEndpoint(key));
    if (endpointKey !== undefined)
      return (
        `no request carries both aws:SourceIp and ${endpointKey}: AWS sets the first only without a VPC ` +
        `endpoint and the second only through one`
      );
  }
  let reason: string | undefined;
  for (const action of actions) {
    // Only DynamoDB actions have a key list to hold them to; another service's are not known here.
    if (findAction(action) === undefined) return undefined;
    const missing = keys.find((key) => !carries(`${action}\u0000${key}`));
    if (missing === undefined) return undefined;
    reason ??=
      actions.length === 1
        ? `${action} requests never carry ${missing}`
        : `none of ${action} and the ${actions.length - 1} other actions it covers alike carries every key ` +
          `of the request (${action} never carries ${missing})`;
  }
  return reason;
}

/**
 * Which of `keys` (lower-cased) each of `actions` can carry, as one string: two action classes
 * with the same string have the same contexts `impossibleContext` rules out, so an analysis may
 * try one of them for both.
 */
export function carriedKeysSignature(actions: readonly string[], keys: readonly string[]): string {
  const masks = new Set<string>();
  for (const action of actions) {
    masks.add(findAction(action) === undefined ? '*' : keys.map((key) => (carries(`${action}\u0000${key}`) ? '1' : '0')).join(''));
  }
  return [...masks].sort().join('/');
}
