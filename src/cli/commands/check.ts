/**
 * `iamspec check POLICY... [--attach-to ARN]`: for each policy, the validation findings, whether
 * Block Public Access would call it public, and who outside the owner's account it grants access
 * to. Text for people, JSON for tools, SARIF for GitHub code scanning. Exit 1 when any finding is
 * an error, 2 when a file cannot be read or the arguments are wrong.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { renderCheckJson, renderCheckText, type PolicyCheck } from '../../reporters/check-text';
import { writeReport } from '../output';
import { isAccountId } from '../../policy/arn';
import { checkPublicAccess, findExternalAccess, parseAttachTarget, validate } from '../../checks/index';
import { splitArnPattern } from '../../policy/arn';
import { PolicyError } from '../../policy/errors';
import { parsePolicy } from '../../policy/load';
import type { Policy, PolicyKind } from '../../policy/model';
import { oneOf, parseCommandArgs } from '../arguments';
import type { CliCommand, CliIO, ExitCode } from '../command';

export type { PolicyCheck };
import { repositoryRoot } from '../repository-root';
import { SUMMARIES } from './list';
import { sarifLog } from '../../reporters/sarif';
import { usageError } from './usage-error';
import {
  formatTemplateIssue,
  isDeployment,
  readDeployed,
  TemplateError,
  type DeployedPolicies,
  type ReadDeployedOptions,
} from '../../templates/index';
import { TEMPLATE_OPTIONS, TEMPLATE_USAGE, templateOptionsOf } from '../template-options';
import { packageVersion } from '../version';

const FORMATS = ['text', 'json', 'sarif'] as const;

const usage = `Usage: iamspec check POLICY|TEMPLATE... [options]

Checks each policy file (.json, .yaml, .yml) and prints its validation findings, whether DynamoDB's
Block Public Access would call it public, and the principals outside the owner's account it grants
access to (as IAM Access Analyzer reports external access).

A CloudFormation or SAM template, a CDK cloud assembly (cdk.out) or a Terraform plan's JSON
(terraform show -json) is checked policy by policy: each table and stream policy against the ARN it
is attached to, each identity policy of its roles and users, with findings at the template's lines.

Options:
  --attach-to <arn>          the table or stream ARN the policies are for (validates the Resource
                             elements against it; its account is the owner for external access)
  --kind <kind>              resource (default) or identity: an identity-based policy gets the
                             policy checks only (it has no public or external access)
  --trusted-account <id>     an account inside the zone of trust besides the owner (repeatable)
  --org-id <id>              the organization of the zone of trust (o-...)
  --format <name>            text (default), json or sarif (SARIF 2.1.0 for GitHub code scanning)
  --output <file>            write the report to a file instead of stdout
  -h, --help                 show this help


${TEMPLATE_USAGE}

Exit codes: 0 no error finding; 1 an error finding (a policy AWS would reject, public access...);
            2 a file that cannot be read (or a template value that cannot be resolved), or bad arguments.`;

function toolVersion(): string {
  return packageVersion() ?? '0.0.0';
}

/** The owner of the resources a policy names: its one account, or undefined when it names none or several. */
function ownerFromResources(policy: Policy): string | undefined {
  const accounts = new Set<string>();
  for (const statement of policy.statements) {
    if (statement.resource === undefined || statement.resource.negated) continue;
    for (const pattern of statement.resource.patterns) {
      if (pattern.kind !== 'arn') continue;
      const split = splitArnPattern(pattern.text);
      if (split.ok && isAccountId(split.arn.account)) accounts.add(split.arn.account);
    }
  }
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

export interface CheckOptions {
  readonly attachTo?: string;
  readonly kind?: PolicyKind;
  readonly trustedAccounts?: readonly string[];
  readonly orgId?: string;
}

/** Checks one policy given as text. Never throws for a bad policy: that is what findings are for. */
export function checkPolicyText(text: string, file: string, options: CheckOptions = {}): PolicyCheck {
  const kind = options.kind ?? 'resource';
  const name = basename(file, extname(file));
  const findings = validate(text, { file, name, kind, ...(options.attachTo !== undefined ? { attachTo: options.attachTo } : {}) });
  const undecided = (reason: string): PolicyCheck => ({
    file,
    kind,
    findings,
    publicAccess: undefined,
    externalAccess: undefined,
    notDecided: [reason],
  });
  if (kind !== 'resource') return undecided('an identity-based policy grants no public or external access by itself');
  let policy: Policy;
  try {
    policy = parsePolicy(text, { file, name, kind });
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return undecided('the policy does not load (see the errors above), so public and external access were not decided');
  }
  return { file, kind, findings, ...decideAccess(policy, options) };
}

/** Whether Block Public Access would call a loaded resource-based policy public, and who outside its owner it grants to. */
function decideAccess(policy: Policy, options: CheckOptions): Pick<PolicyCheck, 'publicAccess' | 'externalAccess' | 'notDecided'> {
  const notDecided: string[] = [];
  const publicAccess = checkPublicAccess(policy);
  const owner = options.attachTo !== undefined ? parseAttachTarget(options.attachTo).resource.account : ownerFromResources(policy);
  let externalAccess: PolicyCheck['externalAccess'];
  if (owner === undefined) {
    notDecided.push(
      'external access was not decided: the policy names no single owner account; give --attach-to with the table or stream ARN',
    );
  } else {
    externalAccess = {
      owner,
      grants: findExternalAccess(policy, {
        owner,
        ...(options.trustedAccounts !== undefined ? { trustedAccounts: options.trustedAccounts } : {}),
        ...(options.orgId !== undefined ? { orgId: options.orgId } : {}),
      }),
    };
  }
  return { publicAccess, externalAccess, notDecided };
}

/**
 * Checks every policy a template, CDK assembly or Terraform plan deploys: each table and stream
 * policy against the ARN it is attached to, each identity policy of its roles and users once.
 * Findings point at the template's lines.
 */
export function checkDeployed(model: DeployedPolicies, options: Omit<CheckOptions, 'attachTo' | 'kind'> = {}): PolicyCheck[] {
  const checks: PolicyCheck[] = [];
  const fileOf = (policy: Policy) => policy.file ?? model.source;
  for (const table of model.tables) {
    const attached = [
      [table.policy, table.arn, `table ${table.name} (${table.arn})`],
      [table.stream?.policy, table.stream?.arn, `stream of ${table.name} (${table.stream?.arn})`],
    ] as const;
    // A stream whose label is a stand-in is checked against the ARNs its policy names, not the stand-in.
    const standInStream = model.standIns.some(
      (s) => s.attribute === 'StreamLabel' && table.stream?.arn.endsWith(`/stream/${s.value}`) && table.name.startsWith(s.resource),
    );
    for (const [policy, arn, resource] of attached) {
      if (!policy || !arn) continue;
      const findings = validate(policy, { ...(standInStream && arn !== table.arn ? {} : { attachTo: arn }), kind: 'resource' });
      checks.push({ file: fileOf(policy), resource, kind: 'resource', findings, ...decideAccess(policy, { ...options, attachTo: arn }) });
    }
  }
  const seen = new Set<Policy>();
  for (const principal of model.principals) {
    for (const policy of [...principal.identityPolicies, ...(principal.permissionBoundary ? [principal.permissionBoundary] : [])]) {
      if (seen.has(policy)) continue;
      seen.add(policy);
      const kind = policy === principal.permissionBoundary ? 'permission-boundary' : 'identity';
      checks.push({
        file: fileOf(policy),
        resource:
          `${kind === 'identity' ? 'identity policy' : 'permissions boundary'} ${policy.name} of ` +
          `${principal.type} ${principal.name} (${principal.arn})`,
        kind,
        findings: validate(policy, { kind }),
        publicAccess: undefined,
        externalAccess: undefined,
        notDecided: [],
      });
    }
  }
  return checks;
}

/** What a template reading had to assume or could not know, in words. */
export function deploymentNotes(model: DeployedPolicies): string[] {
  return [
    ...model.standIns.map(
      (s) =>
        `${s.template}: ${s.resource}.${s.attribute} is chosen at deployment; "${s.value}" stands in for ` +
        `it (give the real one: --value ${s.resource}.${s.attribute}=...)`,
    ),
    ...model.unknowns.map((u) => `${u.template}: ${u.resource}.${u.attribute} is known only after apply: ${u.consequence}`),
    ...(model.managedPolicyData ? [`AWS managed policies from ${model.managedPolicyData}`] : []),
  ];
}

/** A finding about the setup rather than one policy (a data package not installed) is kept at the first policy that has it only. */
function sayOnce(checks: PolicyCheck[], code: string): void {
  let said = false;
  checks.forEach((check, i) => {
    if (!check.findings.some((f) => f.code === code)) return;
    if (said) checks[i] = { ...check, findings: check.findings.filter((f) => f.code !== code) };
    said = true;
  });
}

async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const parsed = parseCommandArgs(io, 'check', usage, argv, {
    'attach-to': { type: 'string' },
    kind: { type: 'string' },
    'trusted-account': { type: 'string', multiple: true },
    'org-id': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    ...TEMPLATE_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usageError(io, 'check', 'give at least one policy file');
  let templateOptions: ReadDeployedOptions;
  try {
    templateOptions = templateOptionsOf(values, io.cwd);
  } catch (error) {
    return usageError(io, 'check', (error as Error).message);
  }
  const format = oneOf(io, 'check', 'format', values.format, FORMATS, 'text');
  if (typeof format === 'number') return format;
  const kind = (values.kind ?? 'resource') as PolicyKind;
  if (kind !== 'resource' && kind !== 'identity')
    return usageError(io, 'check', `--kind takes resource or identity; found "${values.kind}"`);
  const attachTo = values['attach-to'];
  if (attachTo !== undefined) {
    try {
      parseAttachTarget(attachTo);
    } catch (error) {
      return usageError(io, 'check', (error as Error).message);
    }
  }
  for (const account of values['trusted-account'] ?? []) {
    if (!isAccountId(account)) return usageError(io, 'check', `--trusted-account takes a 12-digit account id; found "${account}"`);
  }
  if (values['org-id'] !== undefined && !/^o-[a-z0-9]{10,32}$/.test(values['org-id']))
    return usageError(io, 'check', `--org-id takes an organization id such as o-a1b2c3d4e5; found "${values['org-id']}"`);

  const checks: PolicyCheck[] = [];
  const unreadable: string[] = [];
  const notes: string[] = [];
  for (const file of positionals) {
    const path = resolve(io.cwd, file);
    if (isDeployment(path)) {
      try {
        const model = readDeployed(resolve(file) === path ? file : path, templateOptions);
        checks.push(
          ...checkDeployed(model, {
            ...(values['trusted-account'] !== undefined ? { trustedAccounts: values['trusted-account'] } : {}),
            ...(values['org-id'] !== undefined ? { orgId: values['org-id'] } : {}),
          }),
        );
        notes.push(...deploymentNotes(model));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        unreadable.push(`${file}:\n${error.issues.map((i) => `  ${formatTemplateIssue(i)}`).join('\n')}`);
      }
      continue;
    }
    let text: string;
    try {
      if (statSync(path).isDirectory()) throw new Error('it is a directory; give policy files');
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      unreadable.push(`${file}: ${why}`);
      continue;
    }
    checks.push(
      checkPolicyText(text, file, {
        kind,
        ...(attachTo !== undefined ? { attachTo } : {}),
        ...(values['trusted-account'] !== undefined ? { trustedAccounts: values['trusted-account'] } : {}),
        ...(values['org-id'] !== undefined ? { orgId: values['org-id'] } : {}),
      }),
    );
  }
  for (const problem of unreadable) io.stderr(`iamspec check: cannot read ${problem}\n`);
  sayOnce(checks, 'action-catalog-unavailable');

  const document =
    format === 'json'
      ? renderCheckJson(checks, unreadable, notes)
      : format === 'sarif'
        ? `${JSON.stringify(sarifLog(checks, { toolVersion: toolVersion(), cwd: io.cwd, root: repositoryRoot(io.cwd) }), null, 2)}\n`
        : renderCheckText(checks, notes, values.output === undefined && io.color);
  if (!writeReport(io, 'check', values.output, document)) return 2;
  if (unreadable.length > 0) return 2;
  return checks.some((c) => c.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

export const command: CliCommand = {
  name: 'check',
  summary: SUMMARIES.check,
  usage,
  run,
};
