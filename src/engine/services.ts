/**
 * What a service contributes to the engine, and the registry of services in play.
 *
 * The engine decides requests for any service the same way; what differs from one service to
 * another (which actions exist, what a bare resource name means, which condition keys it defines and
 * their types, the few rules it has of its own) is described by a `ServiceModel`. The engine knows
 * services only through this interface: adding a service means writing a module that implements it
 * and registering that module, never editing the engine. The package's entry points register
 * DynamoDB by default.
 */
import type { Problem } from '../problems/problem';
import { BoundedCache } from '../util/memo';
import type { ResolvedRequest } from './request';

/** Where a bare resource name resolves: the caller's partition, account and Region. */
export interface ResourcePlace {
  readonly partition: string | undefined;
  readonly region: string;
  readonly account: string;
}

export type NameResolution = { readonly ok: true; readonly arn: string } | { readonly ok: false; readonly message: string };

export interface ServiceModel {
  /** The action prefix, lower case: `dynamodb`. */
  readonly prefix: string;
  /** The service's name as people write it: `DynamoDB`. */
  readonly title: string;
  /** The action's full name as the service spells it (`dynamodb:GetItem`), found case-insensitively; undefined when there is none. */
  findAction(name: string): string | undefined;
  /** The full name of the action closest to a name the service does not have, when one is close. */
  suggestAction(name: string): string | undefined;
  /** What a request may name instead of an ARN (DynamoDB: a table name), and how it becomes one. */
  readonly bareResource?: {
    /** What the bare name is, for messages: `table name`. */
    readonly noun: string;
    resolve(name: string, place: ResourcePlace): NameResolution;
  };
  /** The value types of one of the service's condition keys (`String`, `Numeric`, ...); undefined for a key it does not define. */
  conditionKeyTypes(name: string): readonly string[] | undefined;
  /**
   * The service's exception to "an explicit Deny wins": when this request may ignore the Deny
   * statements of the resource-based policy, the reason in a sentence (DynamoDB: the owning
   * account's root user deleting its own table's resource policy); otherwise undefined.
   */
  resourcePolicyDenyWaiver?(request: ResolvedRequest): string | undefined;
}

const services = new Map<string, ServiceModel>();
const caches: BoundedCache<unknown>[] = [];

/** Adds a service (or replaces the one with the same prefix). Idempotent. */
export function registerService(model: ServiceModel): void {
  if (services.get(model.prefix) === model) return;
  services.set(model.prefix, model);
  for (const cache of caches) cache.clear();
}

/** The registered service of an action prefix (any case), if any. */
export function serviceFor(prefix: string): ServiceModel | undefined {
  return services.get(prefix.toLowerCase());
}

export function registeredServices(): readonly ServiceModel[] {
  return [...services.values()];
}

/** `compute` remembered by its argument until the set of registered services changes. */
export function memoWhileServicesLast<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new BoundedCache<T>(limit);
  caches.push(cache as BoundedCache<unknown>);
  return (key) => cache.get(key, compute, key);
}

const ACTION = /^([A-Za-z0-9-]+):([A-Za-z0-9]+)$/;
const EXAMPLE = '"service:Action", e.g. "dynamodb:GetItem"';

/**
 * What is wrong with the action a request names, if anything: the one check behind requests,
 * scenario files and matchers. A request is for one action of the form `service:Action`; an action
 * of a registered service must be one the service has, because a misspelt action would only ever
 * be denied and a test would pass for the wrong reason.
 */
export const actionProblem: (action: string) => Problem | undefined = memoWhileServicesLast(1024, (action) => {
  const match = ACTION.exec(action);
  if (match === null) {
    if (/[*?]/.test(action)) return invalid(`"${action}": a request is for one action; wildcards belong in policies`);
    if (!action.includes(':')) {
      const known = actionOfAnyService(action);
      return invalid(`"${action}" has no service prefix: write ${known !== undefined ? `"${known}"` : EXAMPLE}`, known);
    }
    return invalid(`"${action}" is not an action: write it as ${EXAMPLE}`);
  }
  const service = serviceFor(match[1]!);
  if (service === undefined || service.findAction(action) !== undefined) return undefined;
  const near = service.suggestAction(action);
  const message = `"${action}" is not a ${service.title} action${near !== undefined ? ` (did you mean "${near}"?)` : ''}`;
  return { code: 'unknown-action', severity: 'error', message, ...(near !== undefined ? { suggestion: near } : {}) };
});

function invalid(message: string, suggestion?: string): Problem {
  return { code: 'invalid-action', severity: 'error', message, ...(suggestion !== undefined ? { suggestion } : {}) };
}

/** A bare action name (`GetItem`) as the first registered service that has it spells it. */
function actionOfAnyService(bare: string): string | undefined {
  for (const service of services.values()) {
    const found = service.findAction(`${service.prefix}:${bare}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
