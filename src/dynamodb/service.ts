/**
 * DynamoDB as the engine sees a service: its actions, what a bare table name means, its condition
 * keys and their types, and its one exception to "an explicit Deny wins".
 */
import type { NameResolution, ResourcePlace, ServiceModel } from '../engine/services';
import { resolveTableReference } from './arn';
import { findAction, SERVICE_PREFIX, suggestAction } from './catalog';
import { findDynamoConditionKey } from './condition-keys';
import { BoundedCache } from '../util/memo';

const resolvedNames = new BoundedCache<NameResolution>(4096);

function resolveName({ name, place }: { name: string; place: ResourcePlace }): NameResolution {
  const reference = resolveTableReference(name, place);
  return reference.ok ? { ok: true, arn: reference.arn } : { ok: false, message: reference.message };
}

export const DYNAMODB_SERVICE: ServiceModel = {
  prefix: SERVICE_PREFIX,
  title: 'DynamoDB',
  findAction: (name) => findAction(name)?.fullName,
  suggestAction: (name) => suggestAction(name)?.fullName,
  bareResource: {
    noun: 'table name',
    resolve(name, place) {
      // A bare name always means the caller's own account and the endpoint's Region: only a full ARN reaches another account.
      // Remembered: a test suite names the same few tables from the same few accounts many times.
      return resolvedNames.get(`${place.partition ?? ''}\u0000${place.region}\u0000${place.account}\u0000${name}`, resolveName, {
        name,
        place,
      });
    },
  },
  conditionKeyTypes(name) {
    const key = findDynamoConditionKey(name);
    return key === undefined ? undefined : [key.type];
  },
  // DynamoDB lets the owning account's root user delete a resource policy that denies it, so that no
  // one is locked out of their own table (DeleteResourcePolicy API reference): that policy's Deny
  // statements do not count for that one request. Other policies' denies (an SCP) still do.
  resourcePolicyDenyWaiver(request) {
    const waived =
      request.caller.kind === 'root' &&
      request.actionLower === 'dynamodb:deleteresourcepolicy' &&
      request.resourceAccount !== undefined &&
      request.resourceAccount === request.caller.account;
    return waived
      ? `the account's root user may always delete its own table's or stream's resource policy, even one ` +
          `that denies it (DynamoDB's guard against lock-out)`
      : undefined;
  },
};
