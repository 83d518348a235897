/**
 * Running a loaded scenario: each case becomes one request (or, for a `call:`, the requests the
 * DynamoDB call is authorized as), is decided by the evaluator against the policies in play, and is
 * held to its expectation. Policy sets are built once per caller and resource and reused, so that
 * the evaluator's caches (by object identity) are hit on every case after the first.
 */
import { parseDynamoArn, resolveTableReference, tableArnOf } from '../dynamodb/arn';
import { CallError, fromCommand } from '../dynamodb/from-command';
import type { KeySchema } from '../dynamodb/from-command/model';
import type { Decision, DecisionKind, MissingAllow } from '../engine/decision-types';
import { preparePolicySet, type EvaluateOptions, type PreparedPolicySet } from '../engine/evaluate';
import { explain } from '../engine/explain';
import type { PolicySetInput } from '../engine/policy-set';
import { parseCaller } from '../engine/principal';
import type { ContextValue, RequestContext, RequestInput } from '../engine/request-types';
import { PolicyError } from '../policy/errors';
import { RequestError } from '../problems/request-error';
import type { Problem } from '../problems/problem';
import { issueAt } from './errors';
import type { Policy, StatementRef } from '../policy/model';
import { decidedByProblems, unmetDecidedBy } from './decided-by';
import {
  meets,
  type CallerSide,
  type Expectation,
  type ResourceSide,
  type Scenario,
  type ScenarioCase,
  type ScenarioResource,
} from './model';
import { setOwn } from '../util/own-keys';
import { checkOptions, describeArgument, type OptionType } from '../problems/known-keys';

export type CaseStatus = 'passed' | 'failed' | 'error' | 'not-run';

export interface CaseResult {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  readonly expected: Expectation;
  readonly status: CaseStatus;
  /** The decision; for a call, Allow only if every request it makes is allowed. Undefined when not decided. */
  readonly decision: DecisionKind | undefined;
  /** The statements that decided (for a call, of every request). */
  readonly decidedBy: readonly StatementRef[];
  /** The evaluator's reason, in words. */
  readonly reason: string | undefined;
  /** For an implicit deny: the policy types whose Allow was missing, in words ("the resource-based policy"). */
  readonly missing: readonly string[];
  /** Why the case failed, could not run, or was not run. */
  readonly message: string | undefined;
  /**
   * For a case that could not be evaluated (`status: 'error'`), why, as problems: each with its code,
   * severity, message and location as far as known. Absent or empty otherwise.
   */
  readonly problems?: readonly Problem[];
  /** The decision trace (`explain`) of a failed case. */
  readonly explanation: string | undefined;
  readonly knownDefect: string | undefined;
  /**
   * The decisions themselves (one per request): kept for a case that did not pass, or for every
   * case with `keepDecisions`; empty otherwise (a run of 10,000 cases need not hold 10,000 traces).
   */
  readonly decisions: readonly Decision[];
}

export interface RunOptions {
  /** Run the cases marked `knownDefect` too (they are expected to fail; they document a defect). */
  readonly includeKnownDefects?: boolean;
  /** Evaluate every case in strict mode. */
  readonly strict?: boolean;
  /** Keep the decisions of passing cases too (see `CaseResult.decisions`). */
  readonly keepDecisions?: boolean;
  /**
   * Put the evaluator's reason in words into every result (default true). A reporter that does not
   * show it may skip it: building the words is a good part of deciding a case.
   */
  readonly reasons?: boolean;
}

/** One authorization a case asks for, ready for the evaluator. */
interface PlannedRequest {
  readonly request: RequestInput;
  readonly policies: PolicySetInput;
  /** Where in a call it comes from (`TransactItems[1].Update`); undefined for an action case. */
  readonly origin: string | undefined;
}

/** Finds the resource side for an ARN: a named resource, the table of a named index, or the default. */
class ResourceIndex {
  private readonly byArn = new Map<string, ScenarioResource>();
  /** Lookups already made (most cases name the same few ARNs). */
  private readonly found = new Map<string, ScenarioResource | null>();
  readonly fallback: ResourceSide;

  constructor(scenario: Scenario) {
    for (const resource of scenario.resources) this.byArn.set(resource.arn, resource);
    this.fallback = { resourcePolicy: undefined, rcps: scenario.defaultRcps };
  }

  /** The named resource an ARN is, or belongs to (an index belongs to its table: the table's policy governs it). */
  find(arn: string | undefined): ScenarioResource | undefined {
    if (arn === undefined) return undefined;
    let resource = this.found.get(arn);
    if (resource === undefined) {
      resource = this.byArn.get(arn) ?? null;
      if (resource === null && arn.includes('/index/')) {
        const parsed = parseDynamoArn(arn);
        if (parsed.ok && parsed.resource.type === 'index') resource = this.byArn.get(tableArnOf(parsed.resource)) ?? null;
      }
      this.found.set(arn, resource);
    }
    return resource ?? undefined;
  }

  keySchemas(): Record<string, KeySchema> | undefined {
    const out: Record<string, KeySchema> = {};
    let any = false;
    for (const [arn, resource] of this.byArn) {
      if (resource.keySchema) {
        setOwn(out, arn, resource.keySchema);
        any = true;
      }
    }
    return any ? out : undefined;
  }
}

function policiesOf(set: PolicySetInput): Policy[] {
  const out: Policy[] = [];
  const add = (p: unknown) => {
    if (p !== undefined) out.push(p as Policy);
  };
  set.identityPolicies?.forEach(add);
  add(set.resourcePolicy);
  add(set.permissionBoundary);
  set.sessionPolicies?.forEach(add);
  for (const level of set.scps ?? []) (Array.isArray(level) ? level : [level]).forEach(add);
  for (const level of set.rcps ?? []) (Array.isArray(level) ? level : [level]).forEach(add);
  add(set.vpcEndpointPolicy);
  return out;
}

function hasKey(context: RequestContext, key: string): boolean {
  const lower = key.toLowerCase();
  return Object.keys(context).some((k) => k.toLowerCase() === lower);
}

/** Runs the cases of one scenario. Every case gets a result; none is dropped. */
export class ScenarioRunner {
  private readonly resources: ResourceIndex;
  private readonly keySchema: Record<string, KeySchema> | undefined;
  /** Policy sets by caller side and resource side: one object per pair, for the evaluator's cache. */
  private readonly sets = new WeakMap<CallerSide, WeakMap<ResourceSide, PolicySetInput>>();
  /** A case's resource override laid over a resource's side, once per pair. */
  private readonly overridden = new WeakMap<object, WeakMap<ResourceSide, ResourceSide>>();
  /** Each policy set compiled and placed once, for the many cases decided against it. */
  private readonly prepared = new WeakMap<PolicySetInput, PreparedPolicySet>();
  /** The policies of a policy set, for checking decidedBy. */
  private readonly inPlay = new WeakMap<PolicySetInput, readonly Policy[]>();
  /** Bare table names resolved, by partition, account, Region and name. */
  private readonly bareNames = new Map<string, string | undefined>();
  /** What requests give as the principal, by principal description. */
  private readonly principalInputs = new WeakMap<object, RequestInput['principal']>();
  /** The caller's account and partition, by principal description. */
  private readonly callers = new WeakMap<object, ReturnType<typeof parseCaller>>();

  constructor(
    private readonly scenario: Scenario,
    private readonly options: RunOptions = {},
  ) {
    this.resources = new ResourceIndex(scenario);
    this.keySchema = this.resources.keySchemas();
  }

  runAll(): CaseResult[] {
    return this.scenario.cases.map((c) => this.run(c));
  }

  private policySet(caller: CallerSide, resource: ResourceSide): PolicySetInput {
    let byResource = this.sets.get(caller);
    if (!byResource) this.sets.set(caller, (byResource = new WeakMap()));
    let set = byResource.get(resource);
    if (!set) {
      set = {
        identityPolicies: caller.identityPolicies,
        ...(resource.resourcePolicy ? { resourcePolicy: resource.resourcePolicy } : {}),
        ...(caller.permissionBoundary ? { permissionBoundary: caller.permissionBoundary } : {}),
        sessionPolicies: caller.sessionPolicies,
        scps: caller.scps,
        rcps: resource.rcps,
        ...(caller.vpcEndpointPolicy ? { vpcEndpointPolicy: caller.vpcEndpointPolicy } : {}),
      };
      byResource.set(resource, set);
    }
    return set;
  }

  private preparedSet(set: PolicySetInput): PreparedPolicySet {
    let prepared = this.prepared.get(set);
    if (!prepared) this.prepared.set(set, (prepared = preparePolicySet(set)));
    return prepared;
  }

  private resourceSide(c: ScenarioCase, resource: ScenarioResource | undefined): ResourceSide {
    const base = resource?.side ?? this.resources.fallback;
    const override = c.resourceOverride;
    if (!override) return base;
    let byBase = this.overridden.get(override);
    if (!byBase) this.overridden.set(override, (byBase = new WeakMap()));
    let side = byBase.get(base);
    if (!side) {
      side = {
        resourcePolicy: 'resourcePolicy' in override ? override.resourcePolicy : base.resourcePolicy,
        rcps: override.rcps ?? base.rcps,
      };
      byBase.set(base, side);
    }
    return side;
  }

  /**
   * The principal as requests give it: a description that says nothing but the ARN goes as the ARN
   * itself, the same caller by the evaluator's quickest path.
   */
  private principalInput(description: ScenarioCase['principal']['description']): RequestInput['principal'] {
    let input = this.principalInputs.get(description);
    if (input === undefined) {
      const keys = Object.keys(description);
      input = keys.length === 1 && keys[0] === 'arn' && typeof description.arn === 'string' ? description.arn : description;
      this.principalInputs.set(description, input);
    }
    return input;
  }

  private caller(c: ScenarioCase): ReturnType<typeof parseCaller> {
    let caller = this.callers.get(c.principal.description);
    if (!caller) this.callers.set(c.principal.description, (caller = parseCaller(c.principal.description)));
    return caller;
  }

  private policiesInPlay(planned: readonly PlannedRequest[]): readonly Policy[] {
    if (planned.length === 1) {
      const set = planned[0]!.policies;
      let policies = this.inPlay.get(set);
      if (!policies) this.inPlay.set(set, (policies = policiesOf(set)));
      return policies;
    }
    return [...new Set(planned.flatMap((p) => policiesOf(p.policies)))];
  }

  /** The ARN a resource string stands for: itself, or a bare table name resolved in the caller's account. */
  private resolvedArn(c: ScenarioCase, resource: string): string | undefined {
    if (resource === '*') return undefined;
    if (resource.startsWith('arn:')) return resource;
    const caller = this.caller(c);
    const region = c.region ?? c.principal.region;
    if (caller.account === undefined || region === undefined) return undefined; // the evaluator says why
    const key = `${caller.partition}\u0000${caller.account}\u0000${region}\u0000${resource}`;
    if (!this.bareNames.has(key)) {
      const resolved = resolveTableReference(resource, { account: caller.account, region, partition: caller.partition });
      this.bareNames.set(key, resolved.ok ? resolved.arn : undefined);
    }
    return this.bareNames.get(key);
  }

  /** The resource's tags as `aws:ResourceTag/...` keys, under what the case gives. */
  private withTags(context: RequestContext, resource: ScenarioResource | undefined): RequestContext {
    if (!resource || Object.keys(resource.tags).length === 0) return context;
    const out: Record<string, ContextValue | undefined> = { ...context };
    for (const [key, value] of Object.entries(resource.tags)) {
      const name = `aws:ResourceTag/${key}`;
      if (!hasKey(context, name)) setOwn(out, name, value);
    }
    return out;
  }

  private request(c: ScenarioCase, action: string, resource: string, context: RequestContext): RequestInput {
    const region = c.region ?? c.principal.region;
    // Fields set one by one rather than spread in: one object per request, with no fields that are undefined.
    const request: { -readonly [K in keyof RequestInput]: RequestInput[K] } = {
      principal: this.principalInput(c.principal.description),
      action,
      resource,
      context,
    };
    if (region !== undefined) request.region = region;
    if (c.resourceAccount !== undefined) request.resourceAccount = c.resourceAccount;
    return request;
  }

  private plan(c: ScenarioCase): PlannedRequest[] {
    if (c.target.kind === 'action') {
      const resource = this.resources.find(this.resolvedArn(c, c.target.resource));
      return [
        {
          request: this.request(c, c.target.action, c.target.resource, this.withTags(c.context, resource)),
          policies: this.policySet(c.principal.caller, this.resourceSide(c, resource)),
          origin: undefined,
        },
      ];
    }
    const caller = this.caller(c);
    const region = c.region ?? c.principal.region;
    const call = fromCommand(c.target.command, c.target.input, {
      ...(caller.account !== undefined ? { account: caller.account } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(this.keySchema ? { keySchema: this.keySchema } : {}),
    });
    if (call.requests.length === 0) throw new CallError(`${call.command}: the call authorizes no request`);
    return call.requests.map((r) => {
      const context: Record<string, ContextValue | undefined> = { ...c.context };
      for (const [key, value] of Object.entries(r.context)) {
        if (hasKey(c.context, key)) throw new CallError(`${key} is set by the ${call.command} call itself; leave it out of context:`);
        setOwn(context, key, value);
      }
      const resource = this.resources.find(r.resource === '*' ? undefined : r.resource);
      return {
        request: this.request(c, r.action, r.resource, this.withTags(context, resource)),
        policies: this.policySet(c.principal.caller, this.resourceSide(c, resource)),
        origin: r.origin,
      };
    });
  }

  /** A result that is not a decision checked (not run, or not evaluated), with the case's own fields. */
  private unchecked(c: ScenarioCase, fields: Pick<CaseResult, 'status' | 'message'> & Pick<Partial<CaseResult>, 'problems'>): CaseResult {
    return {
      name: c.name,
      line: c.line,
      column: c.column,
      expected: c.expect,
      decision: undefined,
      decidedBy: NOTHING,
      reason: undefined,
      missing: NOTHING,
      message: fields.message,
      explanation: undefined,
      knownDefect: c.knownDefect,
      decisions: NOTHING,
      status: fields.status,
      ...(fields.problems ? { problems: fields.problems } : {}),
    };
  }

  run(c: ScenarioCase): CaseResult {
    if (c.knownDefect !== undefined && !this.options.includeKnownDefects) {
      return this.unchecked(c, {
        status: 'not-run',
        message: `known defect, not run by default (--include-known-defects runs it): ${c.knownDefect}`,
      });
    }

    let planned: PlannedRequest[];
    let decisions: Decision[];
    try {
      planned = this.plan(c);
      const strict = c.strict || this.options.strict === true;
      decisions = planned.map((p) => this.preparedSet(p.policies).evaluate(p.request, strict ? STRICT : undefined));
    } catch (error) {
      if (error instanceof RequestError || error instanceof CallError || error instanceof PolicyError) {
        return this.unchecked(c, { status: 'error', message: `the request cannot be evaluated: ${error.message}`, problems: error.issues });
      }
      throw error;
    }

    const inPlay = c.decidedBy.length > 0 ? this.policiesInPlay(planned) : [];
    const problems = c.decidedBy.length > 0 ? decidedByProblems(c.decidedBy, inPlay) : [];
    if (problems.length > 0) {
      return this.unchecked(c, {
        status: 'error',
        message: problems.map((p) => `line ${p.expectation.line}: ${p.message}`).join('\n'),
        problems: problems.map((p) => issueAt(this.scenario.file, p.expectation, p.message)),
      });
    }

    // A call is allowed only if every request it makes is; the first explicit deny, else the first
    // other refusal, is the decision that counts.
    const refusal = refusalOf(decisions);
    const deciding = refusal ?? decisions[0]!;
    const decision = deciding.decision;
    const decidedBy = refusal
      ? refusal.decidedBy
      : decisions.length === 1
        ? deciding.decidedBy
        : uniqueRefs(decisions.flatMap((d) => d.decidedBy));
    const failures: string[] = [];
    if (!meets(c.expect, decision)) {
      const where =
        planned.length > 1 && refusal
          ? ` (request ${decisions.indexOf(refusal) + 1} of ${planned.length}: ${planned[decisions.indexOf(refusal)]!.origin ?? ''})`
          : '';
      failures.push(`expected ${c.expect}, got ${decision}${where}`);
    }
    const strictErrors = decisions.length === 1 ? deciding.errors : decisions.flatMap((d) => d.errors);
    if (strictErrors.length > 0) failures.push(...strictErrors.map((e) => e.message));
    if (failures.length === 0 && c.decidedBy.length > 0) {
      const unmet = unmetDecidedBy(c.decidedBy, decidedBy, inPlay);
      if (unmet.length > 0) {
        const actual = decidedBy.length > 0 ? decidedBy.map((r) => `${r.policy}#${r.label}`).join(', ') : 'no statement';
        failures.push(`expected decidedBy ${unmet.map((u) => u.text).join(', ')}, but ${actual} decided`);
      }
    }
    const passed = failures.length === 0;
    // Written out rather than spread over defaults: one object per case, with the fields in the
    // order `unchecked` gives them.
    return {
      name: c.name,
      line: c.line,
      column: c.column,
      expected: c.expect,
      decision,
      decidedBy,
      reason: passed && this.options.reasons === false ? undefined : deciding.reason.message,
      missing: deciding.missing.length === 0 ? NOTHING : deciding.missing.map(describeMissing),
      message: passed ? undefined : failures.join('; '),
      explanation: passed ? undefined : (refusal ? [refusal] : decisions).map((d) => explain(d)).join('\n'),
      knownDefect: c.knownDefect,
      decisions: passed && !this.options.keepDecisions ? NOTHING : decisions,
      status: passed ? 'passed' : 'failed',
    };
  }
}

/** The first explicit deny, else the first other refusal, else undefined (every request was allowed). */
function refusalOf(decisions: readonly Decision[]): Decision | undefined {
  let other: Decision | undefined;
  for (const d of decisions) {
    if (d.decision === 'ExplicitDeny') return d;
    if (d.decision !== 'Allow') other ??= d;
  }
  return other;
}

const STRICT: EvaluateOptions = Object.freeze({ strict: true });

/** The empty list every result shares (a run of 100,000 cases need not hold 300,000 empty arrays). */
const NOTHING: readonly never[] = Object.freeze([]);

const MISSING_WORDS: Readonly<Record<MissingAllow['kind'], string>> = {
  identity: 'the identity-based policies',
  resource: 'the resource-based policy',
  'permission-boundary': 'the permissions boundary',
  session: 'the session policies',
  scp: 'the SCPs',
  rcp: 'the RCPs',
  'vpc-endpoint': 'the VPC endpoint policy',
};

function describeMissing(gap: MissingAllow): string {
  return gap.level === undefined ? MISSING_WORDS[gap.kind] : `${MISSING_WORDS[gap.kind]} (level ${gap.level})`;
}

function uniqueRefs(refs: readonly StatementRef[]): StatementRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.policy}\u0000${r.index}\u0000${r.kind ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs every case of a loaded scenario. */
export const RUN_OPTION_FIELDS: Readonly<Record<string, OptionType>> = {
  includeKnownDefects: 'boolean',
  strict: 'boolean',
  keepDecisions: 'boolean',
  reasons: 'boolean',
};

/** Whether `value` has the shape of a scenario the loader made. */
function isScenario(value: unknown): value is Scenario {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Record<keyof Scenario, unknown>>;
  return typeof s.file === 'string' && Array.isArray(s.cases) && Array.isArray(s.resources) && s.principals instanceof Map;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): CaseResult[] {
  if (!isScenario(scenario))
    throw new RequestError(
      '',
      `runScenario takes a scenario that loadScenarioFile or loadScenarioText returned; found ${describeArgument(scenario)}`,
      'scenario',
    );
  checkOptions(options, RUN_OPTION_FIELDS);
  return new ScenarioRunner(scenario, options).runAll();
}
