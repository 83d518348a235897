/**
 * From what a test writes (`principal, action, { leadingKeys, sourceVpce, ... }`, or a
 * `fromCommand(...)` call) to the engine's requests. Everything is checked here, before evaluation:
 * an argument the engine would read differently from what the author meant (a typo in a key, an
 * action without its service, an ARN of the wrong shape) is an error, never a quiet deny.
 */
import { actionProblem } from '../src/engine/services';
import { closestName } from '../src/util/nearest-name';
import { contextKeyProblem } from '../src/scenarios/context';
import { parseDynamoArn } from '../src/dynamodb/arn';
import type { AuthorizationRequest } from '../src/dynamodb/from-command';
import type { ContextValue, PrincipalDescription, PrincipalInput, RequestInput } from '../src/engine/request-types';
import { describeValue, isPlainObject, MatcherArgumentError } from './argument-error';
import { firstConcreteResource, type Situation } from './subject';
import type { ReturnValuesValue, SelectValue } from './types';

/** One request to evaluate, and where it came from in an SDK call. */
export interface PreparedRequest {
  readonly input: RequestInput;
  /** The request's place in the call, e.g. `TransactItems[1].Update`; undefined for a shorthand request. */
  readonly origin: string | undefined;
}

export interface PreparedAssertion {
  readonly requests: readonly PreparedRequest[];
  /** The API operation, for an SDK call. */
  readonly call: string | undefined;
  readonly strict: boolean;
  readonly decidedBy: readonly string[];
  /** What iamspec filled in that the test did not say. */
  readonly notes: readonly string[];
}

const SELECT_VALUES: readonly SelectValue[] = ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'];
const RETURN_VALUES: readonly ReturnValuesValue[] = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'];

/** Shorthand keys and the condition key each one sets. */
const KEY_OF = {
  leadingKeys: 'dynamodb:LeadingKeys',
  attributes: 'dynamodb:Attributes',
  select: 'dynamodb:Select',
  returnValues: 'dynamodb:ReturnValues',
  sourceIp: 'aws:SourceIp',
  sourceVpce: 'aws:SourceVpce',
  sourceVpc: 'aws:SourceVpc',
  secureTransport: 'aws:SecureTransport',
} as const;

const CALLER_KEYS = [
  'sourceIp',
  'sourceVpce',
  'sourceVpc',
  'secureTransport',
  'principalTags',
  'orgId',
  'context',
  'decidedBy',
  'strict',
] as const;
const SHORTHAND_KEYS = [...CALLER_KEYS, 'resource', 'leadingKeys', 'attributes', 'select', 'returnValues', 'region'] as const;
const CALL_KEYS = [...CALLER_KEYS, 'command', 'requests'] as const;

/** Checks an action the way a person would want it checked, with a hint for the usual slips. */
export function checkAction(action: unknown): string {
  if (typeof action !== 'string' || action === '')
    throw new MatcherArgumentError(`the action is a string such as "dynamodb:GetItem"; found ${describeValue(action)}`);
  const problem = actionProblem(action);
  if (problem !== undefined) throw new MatcherArgumentError(problem.message);
  return action;
}

function checkResource(resource: unknown, action: string): string {
  if (typeof resource !== 'string' || resource === '')
    throw new MatcherArgumentError(`request.resource is an ARN or a table name; found ${describeValue(resource)}`);
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  if (service === 'dynamodb' && resource.startsWith('arn:')) {
    const parsed = parseDynamoArn(resource);
    if (!parsed.ok) throw new MatcherArgumentError(`request.resource: ${parsed.message}`);
  }
  return resource;
}

function stringList(value: unknown, name: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
    throw new MatcherArgumentError(`request.${name} is a string or a list of strings; found ${describeValue(value)}`);
  }
  return list as string[];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new MatcherArgumentError(`request.${name} is one of ${allowed.join(', ')}; found ${describeValue(value)}`);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '')
    throw new MatcherArgumentError(`request.${name} is a non-empty string; found ${describeValue(value)}`);
  return value;
}

function checkKeys(request: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(request)) {
    if (request[key] === undefined) continue;
    if (!allowed.includes(key)) {
      const near = closestName(key, allowed);
      throw new MatcherArgumentError(`${what} has no "${key}"${near ? ` (did you mean "${near}"?)` : `; it takes ${allowed.join(', ')}`}`);
    }
  }
}

/** Condition keys from the shorthand and from `context`, each given once (names are case-insensitive). */
class ContextBuilder {
  private readonly entries = new Map<string, [string, ContextValue]>();

  add(name: string, value: ContextValue, from: string): void {
    const lower = name.toLowerCase();
    const existing = this.entries.get(lower);
    if (existing)
      throw new MatcherArgumentError(`${from} sets ${name}, which is already set (as ${existing[0]}); give each condition key once`);
    this.entries.set(lower, [name, value]);
  }

  addRecord(record: unknown, from: string): void {
    if (record === undefined) return;
    if (!isPlainObject(record))
      throw new MatcherArgumentError(`${from} is a record of condition key to value; found ${describeValue(record)}`);
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      const ok =
        ['string', 'number', 'boolean'].includes(typeof value) ||
        (Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v)));
      if (!ok)
        throw new MatcherArgumentError(`${from}["${name}"] is a string, number, boolean or a list of them; found ${describeValue(value)}`);
      if (!name.includes(':'))
        throw new MatcherArgumentError(`${from}: "${name}" is not a condition key; write the full name, e.g. "aws:SourceVpce"`);
      // A misspelt aws: or dynamodb: key would be absent from the request and quietly change the decision.
      const problem = contextKeyProblem(name);
      if (problem !== undefined) throw new MatcherArgumentError(`${from}: ${problem}`);
      this.add(name, value as ContextValue, `${from}["${name}"]`);
    }
  }

  build(): Record<string, ContextValue> {
    return Object.fromEntries([...this.entries.values()]);
  }
}

/** The caller, with the tags and organization the request shorthand adds to it. */
function callerOf(principal: unknown, request: Record<string, unknown>): PrincipalInput {
  const valid = (typeof principal === 'string' && principal !== '') || (isPlainObject(principal) && typeof principal.arn === 'string');
  if (!valid)
    throw new MatcherArgumentError(
      `the principal is an ARN, an account id, a service principal or { arn, ... }; found ${describeValue(principal)}`,
    );
  const tags = request.principalTags;
  const orgId = request.orgId;
  if (tags === undefined && orgId === undefined) return principal as PrincipalInput;
  const description: PrincipalDescription =
    typeof principal === 'string' ? { arn: principal } : (principal as unknown as PrincipalDescription);
  let out: PrincipalDescription = description;
  if (tags !== undefined) {
    if (!isPlainObject(tags) || Object.values(tags).some((v) => typeof v !== 'string'))
      throw new MatcherArgumentError(`request.principalTags is a record of tag key to string value; found ${describeValue(tags)}`);
    if (description.tags !== undefined)
      throw new MatcherArgumentError('the principal has tags and request.principalTags gives tags too; give them once');
    out = { ...out, tags: tags as Record<string, string> };
  }
  if (orgId !== undefined) {
    if (description.orgId !== undefined)
      throw new MatcherArgumentError('the principal has an orgId and request.orgId gives one too; give it once');
    out = { ...out, orgId: text(orgId, 'orgId') };
  }
  return out;
}

function callerContext(request: Record<string, unknown>): ContextBuilder {
  const context = new ContextBuilder();
  if (request.sourceIp !== undefined) context.add(KEY_OF.sourceIp, text(request.sourceIp, 'sourceIp'), 'request.sourceIp');
  if (request.sourceVpce !== undefined) context.add(KEY_OF.sourceVpce, text(request.sourceVpce, 'sourceVpce'), 'request.sourceVpce');
  if (request.sourceVpc !== undefined) context.add(KEY_OF.sourceVpc, text(request.sourceVpc, 'sourceVpc'), 'request.sourceVpc');
  if (request.secureTransport !== undefined) {
    if (typeof request.secureTransport !== 'boolean')
      throw new MatcherArgumentError(`request.secureTransport is true or false; found ${describeValue(request.secureTransport)}`);
    context.add(KEY_OF.secureTransport, request.secureTransport, 'request.secureTransport');
  }
  return context;
}

function assertions(request: Record<string, unknown>): { strict: boolean; decidedBy: readonly string[] } {
  if (request.strict !== undefined && typeof request.strict !== 'boolean')
    throw new MatcherArgumentError(`request.strict is true or false; found ${describeValue(request.strict)}`);
  const decidedBy = request.decidedBy === undefined ? [] : stringList(request.decidedBy, 'decidedBy');
  if (request.decidedBy !== undefined && decidedBy.length === 0)
    throw new MatcherArgumentError('request.decidedBy is empty; name at least one statement, or leave it out');
  if (decidedBy.some((d) => d === '')) throw new MatcherArgumentError('request.decidedBy names an empty statement');
  return { strict: request.strict === true, decidedBy };
}

export function isCallRequest(value: unknown): value is { command: string; requests: readonly AuthorizationRequest[] } {
  return isPlainObject(value) && 'command' in value && 'requests' in value;
}

function prepareCall(principal: unknown, action: string | undefined, call: Record<string, unknown>): PreparedAssertion {
  checkKeys(call, CALL_KEYS, 'a fromCommand(...) request');
  if (typeof call.command !== 'string' || !Array.isArray(call.requests) || call.requests.length === 0) {
    throw new MatcherArgumentError('a call is what fromCommand(...) returns: { command, requests } with at least one request');
  }
  const command = call.command;
  const requests = call.requests as readonly AuthorizationRequest[];
  if (action !== undefined) {
    const actions = new Set(requests.map((r) => r.action.toLowerCase()));
    const namesCall =
      action.toLowerCase() === `dynamodb:${command.toLowerCase()}` || (actions.size === 1 && actions.has(action.toLowerCase()));
    if (!namesCall) {
      throw new MatcherArgumentError(
        `the action "${action}" is not the ${command} call this request comes from (it makes ` +
          `${[...actions].join(', ')}); leave the action out: toAllow(principal, fromCommand(...))`,
      );
    }
  }
  const caller = callerOf(principal, call);
  const shared = callerContext(call);
  shared.addRecord(call.context, 'request.context');
  const extra = shared.build();
  const prepared = requests.map((r): PreparedRequest => {
    const context = new ContextBuilder();
    for (const [name, value] of Object.entries(r.context)) context.add(name, value, `the ${command} call (${r.origin})`);
    for (const [name, value] of Object.entries(extra)) context.add(name, value, `the request's ${name}`);
    return { input: { principal: caller, action: r.action, resource: r.resource, context: context.build() }, origin: r.origin };
  });
  return { requests: prepared, call: command, ...assertions(call), notes: [] };
}

/**
 * The requests an assertion is about. `second` is the action, or a call when the action is left
 * out; `third` the shorthand or a call.
 */
export function prepareAssertion(principal: unknown, second: unknown, third: unknown, situation: Situation): PreparedAssertion {
  if (isCallRequest(second)) {
    if (third !== undefined)
      throw new MatcherArgumentError(
        'after a fromCommand(...) call there is nothing more to give: put decidedBy, sourceVpce and the like in the same object',
      );
    return prepareCall(principal, undefined, second as unknown as Record<string, unknown>);
  }
  const action = checkAction(second);
  if (third !== undefined && !isPlainObject(third))
    throw new MatcherArgumentError(
      `the request is an object such as { leadingKeys, sourceVpce } or fromCommand(...); found ${describeValue(third)}`,
    );
  const request = (third ?? {}) as Record<string, unknown>;
  if (isCallRequest(request)) return prepareCall(principal, action, request);
  checkKeys(request, SHORTHAND_KEYS, 'the request');

  const caller = callerOf(principal, request);
  const notes: string[] = [];
  let resource: string;
  if (request.resource !== undefined) {
    resource = checkResource(request.resource, action);
  } else {
    const named = situation.resourcePolicy ? firstConcreteResource(situation.resourcePolicy) : undefined;
    if (!named) {
      throw new MatcherArgumentError(
        situation.resourcePolicy
          ? 'the request names no resource and the resource-based policy names no ARN without wildcards: give request.resource'
          : 'the request names no resource and there is no resource-based policy to take it from: give ' +
              'request.resource ("*" for an action that takes no resource)',
      );
    }
    resource = named.arn;
    notes.push(
      `the request named no resource, so iamspec used ${resource}, the first ARN the resource-based ` +
        `policy names (${named.statement.policy}#${named.statement.label})`,
    );
  }

  const context = callerContext(request);
  if (request.leadingKeys !== undefined)
    context.add(KEY_OF.leadingKeys, stringList(request.leadingKeys, 'leadingKeys'), 'request.leadingKeys');
  if (request.attributes !== undefined) context.add(KEY_OF.attributes, stringList(request.attributes, 'attributes'), 'request.attributes');
  if (request.select !== undefined) context.add(KEY_OF.select, oneOf(request.select, SELECT_VALUES, 'select'), 'request.select');
  if (request.returnValues !== undefined)
    context.add(KEY_OF.returnValues, oneOf(request.returnValues, RETURN_VALUES, 'returnValues'), 'request.returnValues');
  context.addRecord(request.context, 'request.context');
  const region = request.region === undefined ? undefined : text(request.region, 'region');

  const input: RequestInput = {
    principal: caller,
    action,
    resource,
    context: context.build(),
    ...(region !== undefined ? { region } : {}),
  };
  return { requests: [{ input, origin: undefined }], call: undefined, ...assertions(request), notes };
}
