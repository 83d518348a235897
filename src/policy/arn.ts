/**
 * ARN splitting: the one place that knows an ARN's shape.
 *
 * An ARN has six components, `arn:partition:service:region:account:resource`. Only the first five
 * colons separate components; the resource component keeps any further colons (DynamoDB stream
 * labels such as `2024-02-12T18:57:26.492` contain them), so a naive `split(':')` is wrong.
 */

const ACCOUNT_ID = /^\d{12}$/;

/** Whether `text` is an AWS account id: exactly twelve digits (leading zeros included). */
export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon, e.g. `table/Music/stream/2024-02-12T18:57:26.492`. */
  readonly resource: string;
}

/** Why a string is not an ARN, in words a person can act on. */
export type ArnProblem = 'not-arn-prefix' | 'too-few-components' | 'whitespace' | 'empty-partition' | 'empty-service' | 'empty-resource';

export type ArnSplit = { ok: true; arn: ArnParts } | { ok: false; problem: ArnProblem; message: string };

const PROBLEM_TEXT: Record<ArnProblem, string> = {
  'not-arn-prefix': 'an ARN starts with "arn:"',
  'too-few-components': 'an ARN has six colon-separated components: arn:partition:service:region:account:resource',
  whitespace: 'an ARN contains no spaces or other whitespace',
  'empty-partition': 'the partition component (aws, aws-cn, aws-us-gov, ...) is empty',
  'empty-service': 'the service component is empty',
  'empty-resource': 'the resource component (after the fifth colon) is empty',
};

/** Splits an ARN on its first five colons. Never throws. */
export function splitArn(text: string): ArnSplit {
  return splitShaped(text, text);
}

/**
 * Splits an ARN pattern of a policy, whose `${...}` variables may hold colons (`${aws:username}`)
 * and, in a default value, spaces (`${aws:PrincipalTag/team, 'shared'}`): only the text outside
 * the variables is checked and cut; each component keeps its variables whole.
 */
export function splitArnPattern(text: string): ArnSplit {
  return splitShaped(text, maskVariables(text));
}

/** The text with each `${...}` replaced by as many neutral characters (an unclosed one is kept). */
function maskVariables(text: string): string {
  return text.includes('${') ? text.replace(/\$\{[^}]*\}/g, (variable) => '_'.repeat(variable.length)) : text;
}

/** Checks and cuts `shape` (the text, or the text with its variables masked), slicing `text` alike. */
function splitShaped(text: string, shape: string): ArnSplit {
  const fail = (problem: ArnProblem): ArnSplit => ({
    ok: false,
    problem,
    message: `"${text}" is not a valid ARN: ${PROBLEM_TEXT[problem]}`,
  });
  if (!shape.startsWith('arn:')) return fail('not-arn-prefix');
  if (/\s/.test(shape)) return fail('whitespace');
  const cuts: number[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const at = shape.indexOf(':', from);
    if (at < 0) return fail('too-few-components');
    cuts.push(at);
    from = at + 1;
  }
  const [c0, c1, c2, c3, c4] = cuts as [number, number, number, number, number];
  const parts: ArnParts = {
    partition: text.slice(c0 + 1, c1),
    service: text.slice(c1 + 1, c2),
    region: text.slice(c2 + 1, c3),
    account: text.slice(c3 + 1, c4),
    resource: text.slice(c4 + 1),
  };
  if (parts.partition === '') return fail('empty-partition');
  if (parts.service === '') return fail('empty-service');
  if (parts.resource === '') return fail('empty-resource');
  return { ok: true, arn: parts };
}

/** Splits an ARN or returns undefined; for callers that have already validated it. */
export function tryParseArn(text: string): ArnParts | undefined {
  const split = splitArn(text);
  return split.ok ? split.arn : undefined;
}

export function formatArn(parts: ArnParts): string {
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.account}:${parts.resource}`;
}

/** Components in order, as the ARN-aware matchers compare them one by one. */
export function arnComponents(parts: ArnParts): readonly [string, string, string, string, string] {
  return [parts.partition, parts.service, parts.region, parts.account, parts.resource];
}
