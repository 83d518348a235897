/**
 * `validate`: check a policy the way DynamoDB's PutResourcePolicy would before attaching it, plus
 * the traps IAM Access Analyzer-style checks catch, and report every problem as a finding.
 *
 * A policy that does not load is not an exception here: each load issue becomes an error finding
 * with its location, and the statements that do load are still checked (see `analysis-input.ts`).
 * Only a bad `attachTo` (the caller's setup, not the policy) throws.
 */
import type { PolicyInput } from '../policy/load';
import type { PolicyKind } from '../policy/model';
import { readForAnalysis, type AnalysisInput } from './analysis-input';
import { finding, sortFindings, type Finding } from './findings';
import { checkAttachment, parseAttachTarget, type AttachTarget } from './validate-attachment';
import { checkTraps } from './validate-traps';
import { checkActionNames } from './validate-actions';
import { RequestError } from '../policy/errors';
import { checkOptions } from '../problems/known-keys';
import { POLICY_KINDS } from '../policy/model';
import { describeDeadAllow, findDeadAllows } from './dead-allow';

export interface ValidateOptions {
  /** The table or stream ARN the policy is for; without it, the one its Resource elements name. */
  readonly attachTo?: string;
  /** Default `resource`. For other kinds only the trap checks run. */
  readonly kind?: PolicyKind;
  readonly name?: string;
  readonly file?: string;
}

function incomplete(input: AnalysisInput): Finding[] {
  if (input.policy !== undefined || input.loadFindings.length === 0) return [];
  const skipped = input.views.filter((v) => v.compiled === undefined);
  const where = { policy: input.name, ...(input.file !== undefined ? { file: input.file } : {}), path: '' };
  if (input.views.length === 0) {
    return [
      finding(
        'analysis-incomplete',
        'the policy does not load, so no other check ran: fix the errors above and validate again',
        undefined,
        where,
      ),
    ];
  }
  if (skipped.length === 0) return [];
  const labels = skipped.map((v) => v.ref.label).join(', ');
  return [
    finding(
      'analysis-incomplete',
      `statement${skipped.length === 1 ? '' : 's'} ${labels} ${skipped.length === 1 ? 'does' : 'do'} ` +
        `not load, so only ${skipped.length === 1 ? 'its' : 'their'} conditions were checked (not ` +
        `principals, actions, resources or public access): fix the errors and validate again`,
      undefined,
      where,
    ),
  ];
}

/** The table or stream a policy is attached to; a malformed ARN is a bad option. */
function attachTarget(arn: string): AttachTarget {
  try {
    return parseAttachTarget(arn);
  } catch (error) {
    if (error instanceof RangeError) throw new RequestError('attachTo', error.message.replace(/^attachTo: /, ''), 'options');
    throw error;
  }
}

/** `dead-allow` for each Allow no request can use; it needs the whole policy (its Deny statements). */
function deadAllowFindings(input: AnalysisInput): Finding[] {
  if (input.policy === undefined) return [];
  return findDeadAllows(input.policy).map((dead) => {
    const view = input.views.find((v) => v.ref.index === dead.statement.index);
    return finding('dead-allow', describeDeadAllow(dead), dead.statement, view?.location, dead.blockedBy);
  });
}

/** Findings for `policy`: errors first, then warnings, then suggestions, each in document order. */
export function validate(policy: PolicyInput, options: ValidateOptions = {}): Finding[] {
  checkOptions(options, { attachTo: 'string', kind: POLICY_KINDS, name: 'string', file: 'string' });
  const target = options.attachTo !== undefined ? attachTarget(options.attachTo) : undefined;
  const input = readForAnalysis(policy, {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
    ...(options.file !== undefined ? { file: options.file } : {}),
  });
  const findings: Finding[] = [...input.loadFindings, ...incomplete(input), ...checkTraps(input), ...deadAllowFindings(input)];
  if (input.kind === 'resource' && input.views.length > 0) findings.push(...checkAttachment(input, target));
  else findings.push(...checkActionNames(input));
  return sortFindings(findings);
}
