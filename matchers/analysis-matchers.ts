/**
 * Matchers about a resource-based policy as a whole rather than one request: is it public, does it
 * reach outside a zone of trust, whom does it grant access to, would DynamoDB accept it. They read
 * the resource-based policy of the subject (a lone policy with Principal elements, or the
 * `resource` of a `policySet`), through the analysis API.
 */
import { checkPublicAccess, findExternalAccess, validate } from '../src/checks';
import { parseDynamoArn } from '../src/dynamodb/arn';
import { parseCaller } from '../src/engine/principal';
import { splitArn, isAccountId } from '../src/policy/arn';
import { RequestError } from '../src/problems/request-error';
import { isCompiledPolicy, type Policy } from '../src/policy/model';
import { capped, findingLine, granteeLine, grantLine, publicAccessLines } from '../src/reporters/analysis-text';
import { describeValue, isPlainObject, MatcherArgumentError } from './argument-error';
import { granteesOf, isCovered } from './grantees';
import { guarded, hint, type MatcherContextLike, type MatcherOutcome } from './matcher-context';
import { firstConcreteResource, isPolicySet, situationOf } from './subject';

export type AnalysisMatcherName = 'toBePublic' | 'toGrantExternalAccess' | 'toOnlyGrantAccessTo' | 'toBeValidResourcePolicy';

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

function resourcePolicyOf(received: unknown, matcher: string): Policy {
  const situation = situationOf(received);
  if (!situation.resourcePolicy) {
    throw new MatcherArgumentError(`${matcher} reads a resource-based policy (one with Principal elements), and this subject has none`);
  }
  return situation.resourcePolicy;
}

function noArguments(args: readonly unknown[], matcher: string, max: number): void {
  if (args.length > max)
    throw new MatcherArgumentError(`${matcher} takes ${max === 0 ? 'no arguments' : `at most ${max} argument`}; found ${args.length}`);
}

function toBePublic(ctx: MatcherContextLike, received: unknown, args: readonly unknown[], hintLine: string): MatcherOutcome {
  noArguments(args, 'toBePublic', 0);
  const policy = resourcePolicyOf(received, 'toBePublic');
  const result = checkPublicAccess(policy);
  const { printExpected, printReceived } = ctx.utils;
  return {
    pass: result.isPublic,
    message: () => {
      const lines = [
        hintLine,
        '',
        `Expected: ${ctx.isNot ? 'not ' : ''}${printExpected('public')}`,
        `Received: ${printReceived(result.isPublic ? 'public' : 'not public')}`,
        '',
        ...publicAccessLines(policy.name, result),
      ];
      return lines.join('\n');
    },
  };
}

interface Zone {
  readonly owner: string;
  readonly trustedAccounts: readonly string[];
  readonly orgId: string | undefined;
  readonly text: string;
}

function accountList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string' || !isAccountId(a))) {
    throw new MatcherArgumentError(`${what} is a list of 12-digit account ids; found ${describeValue(value)}`);
  }
  return value as string[];
}

function zoneOf(options: unknown, policy: Policy): Zone {
  if (options !== undefined && !isPlainObject(options))
    throw new MatcherArgumentError(
      `toGrantExternalAccess takes { outside: [accounts] } or { outside: { orgId } }; found ${describeValue(options)}`,
    );
  for (const key of Object.keys(options ?? {})) {
    if (key !== 'outside') throw new MatcherArgumentError(`toGrantExternalAccess has no option "${key}"; it takes { outside }`);
  }
  const named = firstConcreteResource(policy);
  const split = named ? splitArn(named.arn) : undefined;
  const resourceAccount = split?.ok && isAccountId(split.arn.account) ? split.arn.account : undefined;
  const outside = options?.outside;
  if (outside === undefined) {
    if (!resourceAccount)
      throw new MatcherArgumentError(
        'toGrantExternalAccess: the policy names no resource ARN with an account, so give the zone of trust: { outside: ["111122223333"] }',
      );
    return { owner: resourceAccount, trustedAccounts: [], orgId: undefined, text: `account ${resourceAccount} (the resource's own)` };
  }
  if (Array.isArray(outside)) {
    const accounts = accountList(outside, 'outside');
    if (accounts.length === 0) throw new MatcherArgumentError('outside is empty; list the accounts of the zone of trust');
    const owner = resourceAccount ?? accounts[0]!;
    const all = [...new Set([owner, ...accounts])];
    return { owner, trustedAccounts: accounts, orgId: undefined, text: `account${all.length > 1 ? 's' : ''} ${all.join(', ')}` };
  }
  if (!isPlainObject(outside) || typeof outside.orgId !== 'string' || !ORG_ID.test(outside.orgId)) {
    throw new MatcherArgumentError(`outside is a list of accounts or { orgId: "o-…", accounts? }; found ${describeValue(outside)}`);
  }
  for (const key of Object.keys(outside)) {
    if (key !== 'orgId' && key !== 'accounts') throw new MatcherArgumentError(`outside has no "${key}"; it takes orgId and accounts`);
  }
  const accounts = outside.accounts === undefined ? [] : accountList(outside.accounts, 'outside.accounts');
  const owner = resourceAccount ?? accounts[0];
  if (!owner)
    throw new MatcherArgumentError('toGrantExternalAccess: the policy names no resource ARN with an account; add it to outside.accounts');
  return {
    owner,
    trustedAccounts: accounts,
    orgId: outside.orgId,
    text: `organization ${outside.orgId} and account${accounts.length > 0 ? 's' : ''} ${[...new Set([owner, ...accounts])].join(', ')}`,
  };
}

function toGrantExternalAccess(ctx: MatcherContextLike, received: unknown, args: readonly unknown[], hintLine: string): MatcherOutcome {
  noArguments(args, 'toGrantExternalAccess', 1);
  const policy = resourcePolicyOf(received, 'toGrantExternalAccess');
  const zone = zoneOf(args[0], policy);
  const grants = findExternalAccess(policy, {
    owner: zone.owner,
    trustedAccounts: zone.trustedAccounts,
    ...(zone.orgId ? { orgId: zone.orgId } : {}),
  });
  const { printExpected, printReceived } = ctx.utils;
  const found = grants.length === 0 ? 'no external access' : `${grants.length} external grant${grants.length === 1 ? '' : 's'}`;
  return {
    pass: grants.length > 0,
    message: () => {
      const lines = [
        hintLine,
        '',
        `Expected: ${ctx.isNot ? 'no ' : ''}${printExpected('external access')}`,
        `Received: ${printReceived(found)}`,
        '',
        `Zone of trust: ${zone.text}`,
      ];
      if (grants.length > 0) lines.push('Grants to principals outside it:', ...capped(grants.map(grantLine)));
      else lines.push(`Every Allow statement of ${policy.name} stays inside the zone (or is confined to it by its conditions).`);
      return lines.join('\n');
    },
  };
}

function checkListed(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new MatcherArgumentError(
      `toOnlyGrantAccessTo takes a non-empty list of principals or account ids; found ${describeValue(value)}`,
    );
  for (const item of value) {
    if (typeof item !== 'string') throw new MatcherArgumentError(`toOnlyGrantAccessTo: ${describeValue(item)} is not a principal`);
    try {
      parseCaller(item);
    } catch (error) {
      if (error instanceof RequestError)
        throw new MatcherArgumentError(
          `toOnlyGrantAccessTo: "${item}" is not a principal (an IAM/STS ARN, an account id, a service principal or "*")`,
        );
      throw error;
    }
  }
  return value as string[];
}

function toOnlyGrantAccessTo(ctx: MatcherContextLike, received: unknown, args: readonly unknown[], hintLine: string): MatcherOutcome {
  noArguments(args, 'toOnlyGrantAccessTo', 1);
  const listed = checkListed(args[0]);
  const policy = resourcePolicyOf(received, 'toOnlyGrantAccessTo');
  const grantees = granteesOf(policy.statements);
  const outside = grantees.filter((g) => !isCovered(g, listed));
  const { printExpected, printReceived } = ctx.utils;
  return {
    pass: outside.length === 0,
    message: () => {
      const lines = [
        hintLine,
        '',
        `Expected: ${ctx.isNot ? 'a grant to someone other than' : 'grants only to'} ${listed.map((l) => printExpected(l)).join(', ')}`,
      ];
      if (outside.length > 0) {
        lines.push(
          `Received: ${printReceived(`${outside.length} grant${outside.length === 1 ? '' : 's'} to principals not listed`)}`,
          '',
          'Granted but not listed:',
          ...capped(outside.map(granteeLine)),
        );
      } else {
        lines.push(
          `Received: ${printReceived('grants only to those')}`,
          '',
          grantees.length > 0 ? 'Every grant:' : `${policy.name} has no Allow statement that names a principal.`,
          ...capped(grantees.map(granteeLine)),
        );
      }
      return lines.join('\n');
    },
  };
}

function attachTarget(options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (!isPlainObject(options))
    throw new MatcherArgumentError(`toBeValidResourcePolicy takes { attachTo: tableOrStreamArn }; found ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'attachTo') throw new MatcherArgumentError(`toBeValidResourcePolicy has no option "${key}"; it takes { attachTo }`);
  }
  if (options.attachTo === undefined) return undefined;
  if (typeof options.attachTo !== 'string')
    throw new MatcherArgumentError(`attachTo is a table or stream ARN; found ${describeValue(options.attachTo)}`);
  const parsed = parseDynamoArn(options.attachTo);
  if (!parsed.ok) throw new MatcherArgumentError(`attachTo: ${parsed.message}`);
  if (parsed.resource.type !== 'table' && parsed.resource.type !== 'stream') {
    throw new MatcherArgumentError(
      `attachTo: "${options.attachTo}" is ${parsed.resource.type === 'index' ? 'an' : 'a'} ` +
        `${parsed.resource.type} ARN; a resource-based policy attaches to a table or a stream`,
    );
  }
  return options.attachTo;
}

function toBeValidResourcePolicy(ctx: MatcherContextLike, received: unknown, args: readonly unknown[], hintLine: string): MatcherOutcome {
  noArguments(args, 'toBeValidResourcePolicy', 1);
  const attachTo = attachTarget(args[0]);
  // The policy goes to `validate` unloaded: a policy that does not load is this matcher's finding,
  // not a broken test. Only a subject that is no policy at all is refused (by `situationOf`).
  const isPolicyInput = isCompiledPolicy(received) || typeof received === 'string' || isPlainObject(received);
  const subject = isPolicySet(received)
    ? resourcePolicyOf(received, 'toBeValidResourcePolicy')
    : isPolicyInput
      ? (received as object)
      : situationOf(received);
  const findings = validate(subject, { kind: 'resource', ...(attachTo ? { attachTo } : {}) });
  const errors = findings.filter((f) => f.severity === 'error');
  const others = findings.filter((f) => f.severity !== 'error');
  const { printExpected, printReceived } = ctx.utils;
  return {
    pass: errors.length === 0,
    message: () => {
      const lines = [
        hintLine,
        '',
        `Expected: ${ctx.isNot ? 'an invalid' : 'a valid'} ${printExpected('resource-based policy')}${attachTo ? ` for ${attachTo}` : ''}`,
        `Received: ${printReceived(errors.length === 0 ? 'no errors' : `${errors.length} error${errors.length === 1 ? '' : 's'}`)}`,
      ];
      if (errors.length > 0) lines.push('', 'Errors:', ...capped(errors.map(findingLine)));
      if (others.length > 0) lines.push('', 'Warnings and suggestions (these do not make it invalid):', ...capped(others.map(findingLine)));
      return lines.join('\n');
    },
  };
}

const MATCHERS: Record<
  AnalysisMatcherName,
  { args: string; run: (ctx: MatcherContextLike, received: unknown, args: readonly unknown[], hintLine: string) => MatcherOutcome }
> = {
  toBePublic: { args: '', run: toBePublic },
  toGrantExternalAccess: { args: 'options', run: toGrantExternalAccess },
  toOnlyGrantAccessTo: { args: 'principals', run: toOnlyGrantAccessTo },
  toBeValidResourcePolicy: { args: 'options', run: toBeValidResourcePolicy },
};

export function analysisMatcher(
  name: AnalysisMatcherName,
  ctx: MatcherContextLike,
  received: unknown,
  args: readonly unknown[],
): MatcherOutcome {
  const matcher = MATCHERS[name];
  const hintLine = hint(ctx, name, 'policy', args.length > 0 ? matcher.args : '');
  return guarded(ctx, hintLine, () => matcher.run(ctx, received, args, hintLine));
}
