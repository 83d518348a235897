/**
 * Mutation testing of scenario files: do the cases pin the policies down? Each policy the
 * scenarios use is changed in one small way at a time (a mutant), the scenarios are run against the
 * mutant in-process, and a mutant that no case notices is a gap in the tests: the policy could be
 * that much wrong and every case would still pass.
 *
 * The changes are the mistakes people make in policies: a condition dropped, `StringEquals` where
 * `StringLike` was meant (or the reverse reading), a resource or principal widened to `*`, a Deny
 * statement removed, `ForAllValues` and `ForAnyValue` swapped, an action dropped from a list.
 *
 * Some mutants cannot be noticed by any request (`StringEquals` and `StringLike` agree on values
 * without wildcards). Those are found with `diffPolicies`, which enumerates every request class the
 * two versions can tell apart, and left out of the score as equivalent; for a real survivor, the
 * diff also gives a request that tells the mutant apart: the case to write.
 */
import type { RequestInput } from '../engine/request-types';
import type { DecisionKind } from '../engine/decision-types';
import { PolicyError } from '../policy/errors';
import { RequestError } from '../problems/request-error';
import { policyFromObject } from '../policy/load';
import { isCompiledPolicy, type Policy, type StatementRef } from '../policy/model';
import { runScenario, type CaseResult, type RunOptions } from '../scenarios/run';
import type { Scenario } from '../scenarios/model';
import { diffPolicies } from './diff';
import { probeVisibleWitness, visibleRequestOf } from './visible-witness';

export type MutationOperator =
  'drop-condition' | 'string-equals-to-like' | 'widen-resource' | 'widen-principal' | 'remove-deny' | 'swap-set-qualifier' | 'drop-action';

export const MUTATION_OPERATORS: readonly MutationOperator[] = [
  'drop-condition',
  'string-equals-to-like',
  'widen-resource',
  'widen-principal',
  'remove-deny',
  'swap-set-qualifier',
  'drop-action',
];

/** One small change to one statement of a policy document. */
export interface MutationSpec {
  readonly operator: MutationOperator;
  /** 0-based index of the statement changed. */
  readonly statementIndex: number;
  /** What changed, in words: `drop condition ForAllValues:StringLike dynamodb:LeadingKeys`. */
  readonly description: string;
  /** The mutated document. */
  readonly document: Record<string, unknown>;
}

export type MutantStatus = 'killed' | 'survived' | 'equivalent' | 'invalid';

export interface Mutant {
  /** The policy as the scenarios name it, and its file when it has one. */
  readonly policy: string;
  readonly file: string | undefined;
  readonly operator: MutationOperator;
  readonly statement: StatementRef;
  readonly description: string;
  readonly status: MutantStatus;
  /** For a killed mutant: the first case that noticed it. */
  readonly killedBy: { readonly scenario: string; readonly case: string; readonly line: number } | undefined;
  /** For a survivor: a request whose decision the mutant changes, when the diff found one. */
  readonly witness:
    | { readonly request: RequestInput; readonly original: DecisionKind; readonly mutant: DecisionKind; readonly evaluatedAs: string }
    | undefined;
  /** For an invalid mutant: why it does not load (the change made a policy AWS rejects). */
  readonly invalidBecause: string | undefined;
}

export interface MutationReport {
  readonly scenarios: readonly string[];
  readonly policies: number;
  readonly mutants: readonly Mutant[];
  readonly survivors: readonly Mutant[];
  /** Cases that fail before any mutation: they cannot notice anything, so they are left out. */
  readonly failingCases: readonly { readonly scenario: string; readonly case: string; readonly status: string }[];
  readonly totals: {
    readonly mutants: number;
    readonly killed: number;
    readonly survived: number;
    readonly equivalent: number;
    readonly invalid: number;
    /** killed / (killed + survived); 1 when there is nothing to kill. */
    readonly score: number;
  };
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statementsOf(document: Json): { list: Json[]; single: boolean } {
  const raw = document.Statement;
  if (Array.isArray(raw)) return { list: raw as Json[], single: false };
  return { list: isRecord(raw) ? [raw] : [], single: !Array.isArray(raw) };
}

/** A copy of the document with statement `index` replaced (or removed, for `undefined`). */
function withStatement(document: Json, index: number, statement: Json | undefined): Json {
  const { list, single } = statementsOf(document);
  const next = list.map((s, i) => (i === index ? statement : s)).filter((s): s is Json => s !== undefined);
  return { ...document, Statement: single && next.length === 1 ? next[0] : next };
}

const STRING_EQUALS = /^((?:ForAllValues:|ForAnyValue:)?)String(Not)?Equals(IfExists)?$/;

/** Every mutant of a policy document, in statement order. Pure: the input is not changed. */
export function mutationsOf(document: unknown): MutationSpec[] {
  if (!isRecord(document)) return [];
  const out: MutationSpec[] = [];
  const { list } = statementsOf(document);
  list.forEach((statement, index) => {
    if (!isRecord(statement)) return;
    const push = (operator: MutationOperator, description: string, next: Json | undefined) =>
      out.push({ operator, statementIndex: index, description, document: withStatement(document, index, next) });

    const condition = statement.Condition;
    if (isRecord(condition)) {
      for (const [operator, block] of Object.entries(condition)) {
        if (!isRecord(block)) continue;
        for (const key of Object.keys(block)) {
          const { [key]: _dropped, ...restBlock } = block;
          const nextCondition: Json = { ...condition };
          if (Object.keys(restBlock).length === 0) delete nextCondition[operator];
          else nextCondition[operator] = restBlock;
          const nextStatement: Json = { ...statement, Condition: nextCondition };
          if (Object.keys(nextCondition).length === 0) delete nextStatement.Condition;
          push('drop-condition', `drop condition ${operator} ${key} ${JSON.stringify(block[key])}`, nextStatement);
        }
        const equals = STRING_EQUALS.exec(operator);
        if (equals) {
          const like = `${equals[1]}String${equals[2] ? 'NotLike' : 'Like'}${equals[3] ?? ''}`;
          if (!(like in condition)) {
            const nextCondition = Object.fromEntries(Object.entries(condition).map(([op, b]) => (op === operator ? [like, b] : [op, b])));
            push('string-equals-to-like', `${operator} → ${like}`, { ...statement, Condition: nextCondition });
          }
        }
        const qualifier = /^(ForAllValues|ForAnyValue):(.+)$/.exec(operator);
        if (qualifier) {
          const swapped = `${qualifier[1] === 'ForAllValues' ? 'ForAnyValue' : 'ForAllValues'}:${qualifier[2]}`;
          if (!(swapped in condition)) {
            const nextCondition = Object.fromEntries(
              Object.entries(condition).map(([op, b]) => (op === operator ? [swapped, b] : [op, b])),
            );
            push('swap-set-qualifier', `${operator} → ${swapped}`, { ...statement, Condition: nextCondition });
          }
        }
      }
    }
    if ('Resource' in statement && statement.Resource !== '*' && !(Array.isArray(statement.Resource) && statement.Resource.includes('*'))) {
      push('widen-resource', `Resource ${JSON.stringify(statement.Resource)} → "*"`, { ...statement, Resource: '*' });
    }
    if ('Principal' in statement && statement.Principal !== '*' && !(isRecord(statement.Principal) && statement.Principal.AWS === '*')) {
      push('widen-principal', `Principal ${JSON.stringify(statement.Principal)} → "*"`, { ...statement, Principal: '*' });
    }
    if (statement.Effect === 'Deny') push('remove-deny', 'remove the Deny statement', undefined);
    const actionElement = 'Action' in statement ? 'Action' : 'NotAction' in statement ? 'NotAction' : undefined;
    const actions = actionElement ? statement[actionElement] : undefined;
    if (actionElement && Array.isArray(actions) && actions.length > 1) {
      actions.forEach((action, i) => {
        push('drop-action', `drop ${JSON.stringify(action)} from ${actionElement}`, {
          ...statement,
          [actionElement]: actions.filter((_, j) => j !== i),
        });
      });
    }
  });
  return out;
}

/**
 * A copy of `root` with every reference to the compiled policy `from` replaced by `to`. Objects
 * that hold no reference to it are kept as they are (the same objects), so the runner's caches
 * still recognize them; compiled policies are never entered.
 */
export function replacePolicy<T>(root: T, from: Policy, to: Policy): T {
  const memo = new Map<unknown, unknown>();
  const visit = (value: unknown): unknown => {
    if (value === from) return to;
    if (typeof value !== 'object' || value === null || isCompiledPolicy(value)) return value;
    if (memo.has(value)) return memo.get(value);
    memo.set(value, value);
    let result: unknown = value;
    if (value instanceof Map) {
      let changed = false;
      const next = new Map();
      for (const [k, v] of value) {
        const nv = visit(v);
        if (nv !== v) changed = true;
        next.set(k, nv);
      }
      if (changed) result = next;
    } else if (Array.isArray(value)) {
      const next = value.map(visit);
      if (next.some((v, i) => v !== value[i])) result = next;
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      const entries = Object.entries(value as Json);
      const next = entries.map(([k, v]) => [k, visit(v)] as const);
      if (next.some(([, v], i) => v !== entries[i]![1])) result = Object.fromEntries(next);
    }
    memo.set(value, result);
    return result;
  };
  return visit(root) as T;
}

/** The compiled policies a scenario uses, each once. */
export function policiesOfScenario(scenario: Scenario): Policy[] {
  const found = new Set<Policy>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (isCompiledPolicy(value)) {
      found.add(value);
      return;
    }
    if (value instanceof Map) for (const v of value.values()) visit(v);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(visit);
  };
  visit(scenario);
  return [...found];
}

/** Which policy a compiled one is, across scenario files: its file, or its scenario and name. */
function policyKey(policy: Policy, scenario: Scenario): string {
  return policy.file !== undefined ? `file:${policy.file}` : `inline:${scenario.path}#${policy.name}`;
}

interface PolicyUse {
  readonly scenario: Scenario;
  readonly policy: Policy;
  readonly baseline: readonly CaseResult[];
}

function noticed(baseline: readonly CaseResult[], results: readonly CaseResult[]): CaseResult | undefined {
  for (let i = 0; i < baseline.length; i++) {
    if (baseline[i]!.status === 'passed' && results[i]?.status !== 'passed') return results[i];
  }
  return undefined;
}

/**
 * Whether a mutant can be told from the original, and a request that tells them apart. For a
 * resource-based policy attached to named tables or streams (`attached`), only a request that
 * policy takes part in is a witness: one on its table, an index of it, or its stream, for an action
 * such a policy can grant. A difference the diff finds only elsewhere (another account's table,
 * `*`) is no case a user can add; then the attached resources are probed directly.
 */
function witnessOf(original: Policy, mutant: Policy, attached: readonly string[]): { equivalent: boolean; witness: Mutant['witness'] } {
  let exact = true;
  let changed = false;
  const samples: { principal: RequestInput['principal']; context?: RequestInput['context'] }[] = [];
  let assumption = '';
  for (const identitySide of ['all', 'nothing'] as const) {
    let diff;
    try {
      diff = diffPolicies(original, mutant, { identitySide });
    } catch (error) {
      // A mutant the evaluator cannot read is not proven equivalent: it stays in the score.
      if (error instanceof PolicyError || error instanceof RequestError) return { equivalent: false, witness: undefined };
      throw error;
    }
    exact &&= diff.exact;
    if (identitySide === 'all') assumption = diff.assumption;
    for (const change of diff.changes) {
      changed = true;
      const request = attached.length === 0 ? change.request : visibleRequestOf(change, attached);
      if (request)
        return {
          equivalent: false,
          witness: { request, original: change.before.decision, mutant: change.after.decision, evaluatedAs: diff.assumption },
        };
      samples.push({
        principal: change.request.principal,
        ...(change.request.context !== undefined ? { context: change.request.context } : {}),
      });
    }
  }
  if (!changed) return { equivalent: exact, witness: undefined };
  const probed = attached.length > 0 ? probeVisibleWitness(original, mutant, attached, samples) : undefined;
  return { equivalent: false, witness: probed ? { ...probed, evaluatedAs: assumption } : undefined };
}

/** The ARNs of the named resources whose resource-based policy the policy is, in any of its scenarios. */
function attachedResources(uses: readonly PolicyUse[]): string[] {
  return [...new Set(uses.flatMap((use) => use.scenario.resources.filter((r) => r.side.resourcePolicy === use.policy).map((r) => r.arn)))];
}

export interface MutationOptions extends RunOptions {
  /** Only these operators (default: all). */
  readonly operators?: readonly MutationOperator[];
}

/** Runs every mutant of every policy the scenarios use against all the scenarios that use it. */
export function runMutation(scenarios: readonly Scenario[], mutationOptions: MutationOptions = {}): MutationReport {
  // The run options go to each run; `operators` is this function's own.
  const { operators: chosen, ...options } = mutationOptions;
  const operators = new Set(chosen ?? MUTATION_OPERATORS);
  const uses = new Map<string, PolicyUse[]>();
  const failingCases: { scenario: string; case: string; status: string }[] = [];
  for (const scenario of scenarios) {
    const baseline = runScenario(scenario, options);
    for (const result of baseline) {
      if (result.status === 'failed' || result.status === 'error')
        failingCases.push({ scenario: scenario.file, case: result.name, status: result.status });
    }
    for (const policy of policiesOfScenario(scenario)) {
      const key = policyKey(policy, scenario);
      const list = uses.get(key) ?? [];
      list.push({ scenario, policy, baseline });
      uses.set(key, list);
    }
  }

  const mutants: Mutant[] = [];
  for (const list of uses.values()) {
    const first = list[0]!.policy;
    for (const spec of mutationsOf(first.document)) {
      if (!operators.has(spec.operator)) continue;
      const statement = first.statements.find((s) => s.ref.index === spec.statementIndex)?.ref;
      if (!statement) continue;
      const base = { policy: first.name, file: first.file, operator: spec.operator, statement, description: spec.description };
      let status: MutantStatus = 'survived';
      let killedBy: Mutant['killedBy'];
      let invalidBecause: string | undefined;
      let firstMutant: Policy | undefined;
      for (const use of list) {
        let mutant: Policy;
        try {
          mutant = policyFromObject(spec.document, {
            name: use.policy.name,
            ...(use.policy.kind !== undefined ? { kind: use.policy.kind } : {}),
            ...(use.policy.file !== undefined ? { file: use.policy.file } : {}),
          });
        } catch (error) {
          if (!(error instanceof PolicyError)) throw error;
          status = 'invalid';
          invalidBecause = error.issues[0]?.message;
          break;
        }
        firstMutant ??= mutant;
        const results = runScenario(replacePolicy(use.scenario, use.policy, mutant), options);
        const noticedBy = noticed(use.baseline, results);
        if (noticedBy) {
          status = 'killed';
          killedBy = { scenario: use.scenario.file, case: noticedBy.name, line: noticedBy.line };
          break;
        }
      }
      let witness: Mutant['witness'];
      if (status === 'survived' && firstMutant) {
        const judged = witnessOf(first, firstMutant, attachedResources(list));
        if (judged.equivalent) status = 'equivalent';
        witness = judged.witness;
      }
      mutants.push({ ...base, status, killedBy, witness, invalidBecause });
    }
  }

  const count = (s: MutantStatus) => mutants.filter((m) => m.status === s).length;
  const killed = count('killed');
  const survived = count('survived');
  return {
    scenarios: scenarios.map((s) => s.file),
    policies: uses.size,
    mutants,
    survivors: mutants.filter((m) => m.status === 'survived'),
    failingCases,
    totals: {
      mutants: mutants.length,
      killed,
      survived,
      equivalent: count('equivalent'),
      invalid: count('invalid'),
      score: killed + survived === 0 ? 1 : killed / (killed + survived),
    },
  };
}
