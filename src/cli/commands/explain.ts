/**
 * `iamspec explain`: decide one request and print the trace. Either the request is given by flags
 * (`--policy ... --principal ... --action ... [--context k=v ...]`), or it is a case of a scenario
 * file (`iamspec explain scenarios/tenants.iam.yaml --case "..."`).
 */
import type { Decision } from '../../engine/decision-types';
import { evaluate } from '../../engine/evaluate';
import { explain } from '../../engine/explain';
import type { PolicySetInput } from '../../engine/policy-set';
import { loneResourcePolicySet, LONE_RESOURCE_POLICY_NOTE } from '../../engine/lone-resource-policy';
import type { ContextValue, PrincipalDescription, RequestInput } from '../../engine/request-types';
import { formatIssue, PolicyError } from '../../policy/errors';
import { RequestError } from '../../problems/request-error';
import { loadPolicyFile } from '../../policy/load';
import type { Policy, PolicyKind } from '../../policy/model';
import { ScenarioError } from '../../scenarios/errors';
import { contextKeyProblem } from '../../scenarios/context';
import { loadScenarioFile } from '../../scenarios/load';
import { EXPECTATIONS, meets, type Expectation } from '../../scenarios/model';
import { closestName } from '../../util/nearest-name';
import { ScenarioRunner } from '../../scenarios/run';
import { resolve } from 'node:path';
import { parseCommandArgs } from '../arguments';
import type { CliCommand, CliIO, ExitCode } from '../command';
import { SUMMARIES } from './list';
import { usageError } from './usage-error';
import { findPrincipal, findTable, readDeployed, TemplateError, type ReadDeployedOptions } from '../../templates/index';
import { TEMPLATE_OPTIONS, templateOptionsOf } from '../template-options';
import { firstConcreteResource } from '../../policy/named-resources';
import { setOwn } from '../../util/own-keys';

const usage = `Usage: iamspec explain --principal <arn> --action <service:Action> [--resource <arn>] [policies] [options]
       iamspec explain <scenario.iam.yaml> --case <name> [options]

Decides one request and prints the decision trace: the verdict, the statements that decided it,
and why each other statement did not apply.

Request:
  --principal <arn>            the caller: IAM user or role ARN, assumed-role session ARN, account id,
                               service principal, or "*" for anonymous
  --action <service:Action>    e.g. dynamodb:GetItem
  --resource <arn|table>       the resource ARN, or a bare DynamoDB table name (resolved in the
                               caller's account and --region); default: the first ARN without
                               wildcards or variables in a Resource element of the resource-based
                               policy (said on stderr), or "*" when there is none
  --context <key=value>        a condition key; repeat a key for a multivalued key, or give
                               key=["a","b"] (repeatable)
  --principal-tag <key=value>  a tag of the caller (aws:PrincipalTag/key) (repeatable)
  --region <region>            the Region of the endpoint called
  --resource-account <id>      the account owning the resource, for ARNs without one

Policies (files of JSON or YAML; each option repeatable unless noted):
  --policy <file>              a policy whose role is read from it: with Principal elements it is the
                               resource-based policy (at most one), without them an identity-based policy
  --identity-policy <file>     --resource-policy <file> (once)   --permission-boundary <file> (once)
  --session-policy <file>      --scp <file> (one level each, root first)
  --rcp <file> (one level each) --vpc-endpoint-policy <file> (once)
  --no-identity-policy         the caller has no identity-based policy. Without it, a resource-based
                               policy given with no identity-based policy is decided as the matchers
                               and diff decide it: the caller's own account is assumed to allow (an
                               identity-based policy allowing everything stands in, and the output
                               says so)

Policies from a template (CloudFormation/SAM, a CDK cloud assembly, a Terraform plan's JSON):
  --template <path>            the template, cdk.out directory or plan
  --table <name>               its table whose resource policy is the resource-based policy; the
                               default --resource is the table's ARN
  --stream <name>              its table whose stream policy is the resource-based policy
  --role <name>                its role (or user) whose session calls: the default --principal, with
                               its identity policies and permissions boundary
  --account, --parameter, --parameters, --import, --value, --stack-name: as for iamspec check

Scenario case:
  --case <name>                the case of the scenario file to explain (its exact name)

Options:
  --expect <outcome>           allow, deny, explicit-deny or implicit-deny: exit 1 when the decision differs
  --strict                     strict mode: an Allow that rests on a key the request did not carry is refused
  --verbose                    list the statements that applied too
  --json                       print the decision as JSON
  -h, --help                   show this help

Exit codes: 0 decided (and as expected); 1 not as --expect or the scenario case says; 2 invalid input.`;

class InputError extends Error {}

/** `key=value` → [key, value]. */
function splitPair(text: string, what: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError(`${what} "${text}" is key=value`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** Context flags → a request context: repeated keys make a list, `["a","b"]` is a list. */
export function contextFromFlags(flags: readonly string[]): Record<string, ContextValue> {
  const values = new Map<string, { name: string; values: string[]; list: boolean }>();
  for (const flag of flags) {
    const [key, raw] = splitPair(flag, '--context');
    const problem = contextKeyProblem(key);
    if (problem) throw new InputError(`--context: ${problem}`);
    let list = false;
    let items: string[] = [raw];
    if (raw.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new InputError(`--context ${key}: ${raw} is not a JSON list; write ${key}=["a","b"] or repeat the key`);
      }
      if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        throw new InputError(`--context ${key}: a list holds strings, numbers or booleans`);
      }
      items = parsed.map(String);
      list = true;
    }
    const lower = key.toLowerCase();
    const entry = values.get(lower);
    if (entry) {
      entry.values.push(...items);
      entry.list = true;
    } else values.set(lower, { name: key, values: items, list });
  }
  const out: Record<string, ContextValue> = {};
  for (const entry of values.values()) setOwn(out, entry.name, entry.list ? entry.values : entry.values[0]!);
  return out;
}

function load(file: string, io: CliIO, kind?: PolicyKind): Policy {
  return loadPolicyFile(resolve(io.cwd, file), { file, ...(kind ? { kind } : {}) });
}

/** What `explain` says when the lone-resource-policy convention decided the caller's side. */
const ASSUMPTION = `${LONE_RESOURCE_POLICY_NOTE}; give --identity-policy, or --no-identity-policy to decide with none`;

function print(io: CliIO, decisions: readonly Decision[], json: boolean, verbose: boolean, assumption?: string): void {
  if (json) {
    const shown = decisions.length === 1 ? decisions[0]! : decisions;
    // The decision's own JSON form, with the assumption beside its fields.
    const value: unknown = assumption === undefined ? shown : { ...(JSON.parse(JSON.stringify(shown)) as object), assumption };
    io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  } else {
    io.stdout(`${decisions.map((d) => explain(d, { verbose })).join('\n\n')}\n`);
    if (assumption !== undefined) io.stdout(`Note: ${assumption}.\n`);
  }
}

function expectationOf(text: string | undefined): Expectation | undefined {
  if (text === undefined) return undefined;
  if ((EXPECTATIONS as readonly string[]).includes(text)) return text as Expectation;
  throw new InputError(`--expect is one of ${EXPECTATIONS.join(', ')}; found "${text}"`);
}

function explainScenarioCase(
  file: string,
  caseName: string | undefined,
  io: CliIO,
  options: { json: boolean; verbose: boolean; strict: boolean },
): ExitCode {
  if (caseName === undefined) throw new InputError('with a scenario file, give --case <name>');
  const scenario = loadScenarioFile(file, { cwd: io.cwd });
  const found = scenario.cases.find((c) => c.name === caseName);
  if (!found) {
    const near = closestName(
      caseName,
      scenario.cases.map((c) => c.name),
    );
    throw new InputError(`${scenario.file} has no case named "${caseName}"${near ? ` (did you mean "${near}"?)` : ''}`);
  }
  const result = new ScenarioRunner(scenario, { includeKnownDefects: true, strict: options.strict, keepDecisions: true }).run(found);
  if (result.status === 'error') {
    io.stderr(`${scenario.file}:${result.line}:${result.column}: ${result.message ?? ''}\n`);
    return 2;
  }
  print(io, result.decisions, options.json, options.verbose);
  if (!options.json) {
    io.stdout(
      `${scenario.file}:${result.line}: expects ${result.expected}: ` +
        `${result.status === 'passed' ? 'passes' : `fails (${result.message ?? ''})`}\n`,
    );
  }
  return result.status === 'passed' ? 0 : 1;
}

interface FromTemplate {
  readonly principal: string | undefined;
  readonly identity: readonly Policy[];
  readonly boundary: Policy | undefined;
  readonly resourcePolicy: Policy | undefined;
  readonly resource: string | undefined;
}

/** What `--template` with `--table`/`--stream`/`--role` brings to the request. */
function fromTemplateFlags(
  values: { template?: string; table?: string; stream?: string; role?: string } & Parameters<typeof templateOptionsOf>[0],
  io: CliIO,
): FromTemplate {
  const none: FromTemplate = { principal: undefined, identity: [], boundary: undefined, resourcePolicy: undefined, resource: undefined };
  if (values.template === undefined) {
    const stray = (['table', 'stream', 'role'] as const).filter((k) => values[k] !== undefined);
    if (stray.length > 0)
      throw new InputError(`--${stray.join(', --')} name${stray.length === 1 ? 's' : ''} something of a template: give --template too`);
    return none;
  }
  if (values.table !== undefined && values.stream !== undefined) throw new InputError('give --table or --stream, not both');
  if (values.table === undefined && values.stream === undefined && values.role === undefined)
    throw new InputError('--template needs --table, --stream or --role');
  let options: ReadDeployedOptions;
  try {
    options = templateOptionsOf(values, io.cwd);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const path = resolve(io.cwd, values.template);
  // Read by the path as given when it is the same file, so that statements show it that way.
  const model = readDeployed(resolve(values.template) === path ? values.template : path, options);
  const out: { -readonly [K in keyof FromTemplate]: FromTemplate[K] } = { ...none };
  const tableName = values.table ?? values.stream;
  if (tableName !== undefined) {
    const table = findTable(model, tableName);
    const side =
      values.table !== undefined ? { policy: table.policy, arn: table.arn } : { policy: table.stream?.policy, arn: table.stream?.arn };
    if (!side.policy)
      throw new InputError(`${tableName} has no ${values.table !== undefined ? 'resource' : 'stream'} policy in ${values.template}`);
    out.resourcePolicy = side.policy;
    out.resource = side.arn;
  }
  if (values.role !== undefined) {
    const role = findPrincipal(model, values.role);
    out.principal = role.arn;
    out.identity = role.identityPolicies;
    out.boundary = role.permissionBoundary;
  }
  return out;
}

async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const parsed = parseCommandArgs(io, 'explain', usage, argv, {
    principal: { type: 'string' },
    action: { type: 'string' },
    resource: { type: 'string' },
    context: { type: 'string', multiple: true },
    'principal-tag': { type: 'string', multiple: true },
    'resource-account': { type: 'string' },
    policy: { type: 'string', multiple: true },
    'identity-policy': { type: 'string', multiple: true },
    'resource-policy': { type: 'string', multiple: true },
    'permission-boundary': { type: 'string', multiple: true },
    'session-policy': { type: 'string', multiple: true },
    scp: { type: 'string', multiple: true },
    rcp: { type: 'string', multiple: true },
    'vpc-endpoint-policy': { type: 'string', multiple: true },
    'no-identity-policy': { type: 'boolean' },
    case: { type: 'string' },
    expect: { type: 'string' },
    strict: { type: 'boolean' },
    verbose: { type: 'boolean' },
    json: { type: 'boolean' },
    template: { type: 'string' },
    table: { type: 'string' },
    stream: { type: 'string' },
    role: { type: 'string' },
    // --region (the endpoint called) is also the template's AWS::Region.
    ...TEMPLATE_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const json = values.json === true;
  const verbose = values.verbose === true;
  const strict = values.strict === true;
  try {
    if (positionals.length > 1) throw new InputError(`one scenario file at a time; found ${positionals.join(', ')}`);
    if (positionals.length === 1) {
      const requestFlags = ['principal', 'action', 'resource', 'context', 'policy', 'expect'].filter(
        (k) => values[k as keyof typeof values] !== undefined,
      );
      if (requestFlags.length > 0)
        throw new InputError(`a scenario case brings its own request and expectation; leave out --${requestFlags.join(', --')}`);
      return explainScenarioCase(positionals[0]!, values.case, io, { json, verbose, strict });
    }
    if (values.case !== undefined) throw new InputError('--case names a case of a scenario file: give the file too');
    const deployed = fromTemplateFlags(values, io);
    if (values.principal === undefined && deployed.principal === undefined) throw new InputError('give --principal (the caller ARN)');
    if (values.action === undefined) throw new InputError('give --action (e.g. dynamodb:GetItem)');
    const expectation = expectationOf(values.expect);

    const once = (name: 'resource-policy' | 'permission-boundary' | 'vpc-endpoint-policy'): string | undefined => {
      const list = values[name];
      if (list && list.length > 1) throw new InputError(`--${name} is given ${list.length} times; there is one`);
      return list?.[0];
    };
    const identity: Policy[] = [...deployed.identity, ...(values['identity-policy'] ?? []).map((f) => load(f, io, 'identity'))];
    if (deployed.resourcePolicy && once('resource-policy') !== undefined)
      throw new InputError('--resource-policy and --table/--stream both give the resource-based policy; give one');
    let resourcePolicy: Policy | undefined =
      deployed.resourcePolicy ?? (once('resource-policy') === undefined ? undefined : load(once('resource-policy')!, io, 'resource'));
    for (const file of values.policy ?? []) {
      const policy = load(file, io);
      if (!policy.hasPrincipal) identity.push(policy);
      else if (resourcePolicy)
        throw new InputError(
          `${file} names principals, so it is a resource-based policy, and ` +
            `${resourcePolicy.file ?? resourcePolicy.name} is one already; a request has one`,
        );
      else resourcePolicy = policy;
    }
    const noIdentity = values['no-identity-policy'] === true;
    if (noIdentity && identity.length > 0)
      throw new InputError(
        `--no-identity-policy says the caller has no identity-based policy, but ${identity.map((p) => p.file ?? p.name).join(', ')} is one`,
      );
    // A lone resource-based policy: the one convention (the matchers', diff's), unless told otherwise.
    const lone =
      resourcePolicy !== undefined && identity.length === 0
        ? loneResourcePolicySet(resourcePolicy, noIdentity ? 'nothing' : 'all')
        : undefined;
    const assumption = lone !== undefined && !noIdentity ? ASSUMPTION : undefined;
    const boundary = once('permission-boundary');
    const vpce = once('vpc-endpoint-policy');
    const policies: PolicySetInput = {
      ...(lone ?? { identityPolicies: identity }),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(boundary
        ? { permissionBoundary: load(boundary, io, 'permission-boundary') }
        : deployed.boundary
          ? { permissionBoundary: deployed.boundary }
          : {}),
      sessionPolicies: (values['session-policy'] ?? []).map((f) => load(f, io, 'session')),
      scps: (values.scp ?? []).map((f) => load(f, io, 'scp')),
      rcps: (values.rcp ?? []).map((f) => load(f, io, 'rcp')),
      ...(vpce ? { vpcEndpointPolicy: load(vpce, io, 'vpc-endpoint') } : {}),
    };
    const tags: Record<string, string> = {};
    for (const flag of values['principal-tag'] ?? []) {
      const [key, value] = splitPair(flag, '--principal-tag');
      setOwn(tags, key, value);
    }
    const caller = values.principal ?? deployed.principal!;
    const principal: PrincipalDescription = Object.keys(tags).length > 0 ? { arn: caller, tags } : { arn: caller };
    // Without --resource, the resource the resource-based policy names (as the matchers do), said aloud.
    const named =
      values.resource === undefined && deployed.resource === undefined && resourcePolicy
        ? firstConcreteResource(resourcePolicy)
        : undefined;
    if (named)
      io.stderr(`iamspec explain: no --resource given; using ${named.arn}, which ${resourcePolicy!.name}#${named.statement.label} names\n`);
    const resource = values.resource ?? deployed.resource ?? named?.arn;
    const request: RequestInput = {
      principal,
      action: values.action,
      ...(resource !== undefined ? { resource } : {}),
      ...(values.region !== undefined ? { region: values.region } : {}),
      ...(values['resource-account'] !== undefined ? { resourceAccount: values['resource-account'] } : {}),
      context: contextFromFlags(values.context ?? []),
    };
    const decision = evaluate(request, policies, { strict });
    print(io, [decision], json, verbose, assumption);
    if (expectation && !meets(expectation, decision.decision)) {
      io.stderr(`expected ${expectation}, got ${decision.decision}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError) return usageError(io, 'explain', error.message);
    if (error instanceof PolicyError) {
      io.stderr(`${error.issues.map(formatIssue).join('\n')}\n`);
      return 2;
    }
    if (error instanceof ScenarioError || error instanceof TemplateError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof RequestError) {
      io.stderr(`iamspec explain: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export const command: CliCommand = {
  name: 'explain',
  summary: SUMMARIES.explain,
  usage,
  run,
};
