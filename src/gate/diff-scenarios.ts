/**
 * A reported change as a ready scenario file (the `*.iam.yaml` format of `src/scenarios/`): the
 * concrete request and the decision the new version gives it, so that a reviewer who agrees with
 * the change can commit it as a regression test, and one who does not has a failing case to fix.
 *
 * The file places the policy as `diff` evaluated it: a resource-based policy as the case's resource
 * policy, with an identity-based policy that allows everything for the caller (said in the file);
 * an identity-based policy as the caller's identity policy.
 */
import { basename, relative, resolve, sep } from 'node:path';
import type { DecisionKind } from '../engine/decision-types';
import { ASSUMED_IDENTITY_DOCUMENT, ASSUMED_IDENTITY_POLICY, LONE_RESOURCE_POLICY_NOTE } from '../engine/lone-resource-policy';
import type { Expectation } from '../scenarios/model';
import { yamlLibrary } from '../source/yaml-library';
import type { DecisionChange, PolicyDiff } from './diff';

export interface ScenarioFileOptions {
  /** The directory the scenario file is written to (policy file references are relative to it). */
  readonly directory: string;
  /** The new version's file, absolute or relative to `cwd`; undefined when it is given inline or absent. */
  readonly newPolicyFile: string | undefined;
  /** The new version's document, for when there is no file to reference. */
  readonly newDocument: unknown;
  readonly cwd: string;
}

export interface WrittenScenario {
  /** File name within the directory. */
  readonly fileName: string;
  readonly text: string;
}

const CALLER = 'caller';

function expectationOf(decision: DecisionKind): Expectation {
  switch (decision) {
    case 'Allow':
      return 'allow';
    case 'ExplicitDeny':
      return 'explicit-deny';
    case 'ImplicitDeny':
      return 'implicit-deny';
  }
}

function slug(text: string): string {
  return text
    .replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
}

/** A policy name the scenario loader accepts as a map key and in `decidedBy` (no `#`, no spaces). */
function scenarioPolicyName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' || cleaned === ASSUMED_IDENTITY_POLICY ? 'policy' : cleaned;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** The scenario file for one change. `index` numbers the files of one run. */
export function scenarioForChange(diff: PolicyDiff, change: DecisionChange, index: number, options: ScenarioFileOptions): WrittenScenario {
  const policyName = scenarioPolicyName(diff.new.name);
  const request = change.request;
  const principalDescription = typeof request.principal === 'string' ? { arn: request.principal } : { ...request.principal };
  const asResource = diff.evaluatedAs === 'resource';
  const standIn = asResource && diff.identitySide !== 'nothing';

  const policies: Record<string, unknown> = {};
  if (diff.new.present) {
    policies[policyName] =
      options.newPolicyFile !== undefined
        ? { file: posix(relative(options.directory, resolve(options.cwd, options.newPolicyFile))) }
        : { document: options.newDocument };
  }
  if (standIn) {
    policies[ASSUMED_IDENTITY_POLICY] = {
      description: `iamspec diff: ${LONE_RESOURCE_POLICY_NOTE}`,
      document: ASSUMED_IDENTITY_DOCUMENT,
    };
  }

  const principal: Record<string, unknown> = { ...principalDescription };
  if (asResource) principal.identityPolicies = standIn ? [ASSUMED_IDENTITY_POLICY] : [];
  else principal.identityPolicies = diff.new.present ? [policyName] : [];

  const decidedBy = change.after.decision === 'ImplicitDeny' ? [] : change.after.decidedBy.map((ref) => `${policyName}#${ref.label}`);
  const testCase: Record<string, unknown> = {
    name: `${change.direction}: ${request.action} on ${request.resource ?? '*'}`,
    description:
      `Before this change: ${change.before.decision}` +
      (change.before.decidedBy.length > 0 ? ` (${change.before.decidedBy.map((r) => `${r.policy}#${r.label}`).join(', ')})` : '') +
      '. Written by iamspec diff.',
    principal: CALLER,
    action: request.action,
    resource: request.resource ?? '*',
  };
  if (asResource && diff.new.present) testCase.resourcePolicy = policyName;
  if (request.region !== undefined) testCase.region = request.region;
  if (request.context !== undefined && Object.keys(request.context).length > 0) testCase.context = request.context;
  testCase.expect = expectationOf(change.after.decision);
  if (decidedBy.length > 0) testCase.decidedBy = decidedBy.length === 1 ? decidedBy[0] : decidedBy;

  const document = {
    description:
      `${change.direction} access found by iamspec diff ` + `(${diff.old.file ?? diff.old.name} -> ${diff.new.file ?? diff.new.name})`,
    policies,
    principals: { [CALLER]: principal },
    cases: [testCase],
  };
  const schemaPath = '# yaml-language-server: $schema=https://unpkg.com/iamspec/schema/scenario.schema.json';
  const header = [
    schemaPath,
    '#',
    `# ${change.direction === 'widened' ? 'Widened' : change.direction === 'narrowed' ? 'Narrowed' : 'Changed'}` +
      ` access between two versions of ${diff.new.name}: the request below was`,
    (
      `# ${change.before.decision} before and is ${change.after.decision} now. ` +
      (change.classes > 1 ? `${change.classes} request classes change the same way; this is one of them.` : '')
    ).trimEnd(),
    asResource
      ? "# Evaluated as the resource-based policy, with the caller's identity side allowing everything."
      : "# Evaluated as the caller's identity-based policy.",
    '# Commit it if the new decision is intended; otherwise fix the policy until this case fails.',
    '',
  ].join('\n');
  const fileName =
    `${String(index + 1).padStart(3, '0')}-${change.direction}-${slug(request.action)}` + `-${slug(request.resource ?? 'any')}.iam.yaml`;
  // YAML 1.1 quoting rules quote what older readers would take for dates or booleans ("2012-10-17",
  // "yes"), so that the file means the same to every YAML reader.
  return { fileName, text: `${header}${yamlLibrary().stringify(document, { lineWidth: 0, version: '1.1' })}` };
}

/** Names of the directory and file, for messages. */
export function describeTarget(directory: string, fileName: string, cwd: string): string {
  const full = resolve(directory, fileName);
  const shown = relative(cwd, full);
  return shown.startsWith('..') ? full : shown || basename(full);
}
