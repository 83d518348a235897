/**
 * Known traps: policies AWS accepts that do not do what their author meant. Each check names the
 * statement and the condition, says what AWS will do, and what to write instead.
 *
 * Facts: IAM User Guide (condition operators, single- vs multivalued keys, IfExists and Null, policy
 * variables and versions, IAM Access Analyzer policy checks), the global condition keys page (via
 * `global-keys.ts`), and the DynamoDB catalog for which actions carry which keys. Checks that read
 * only conditions also run on statements that do not compile, so that a typo elsewhere in a
 * statement does not hide them.
 */
import { actionSupportsKey, describeConditionKey, suggestConditionKey, type DescribedConditionKey } from '../dynamodb/condition-keys';
import type { DynamoAction } from '../dynamodb/catalog';
import type { IpRange } from '../policy/model';
import { parseIpRange } from '../policy/values';
import type { AnalysisInput, ConditionView, StatementView } from './analysis-input';
import { finding, type Finding } from './findings';
import { coveredActions, coveredActionsOfTexts } from './statement-scope';

/** Ranges a request to a public AWS endpoint never comes from: private, shared, loopback, link-local. */
const NON_PUBLIC_CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
];

/** Parsed when first needed, so that loading the checks does not load the address library. */
let nonPublicRanges: readonly NonPublicRange[] | undefined;

interface NonPublicRange {
  readonly cidr: string;
  readonly range: IpRange;
}

function nonPublicRangesParsed(): readonly NonPublicRange[] {
  return (nonPublicRanges ??= NON_PUBLIC_CIDRS.map((cidr) => ({ cidr, range: parseIpRange(cidr)! })));
}

/** Organization paths end with "/" by design; that ending is not a prefix mistake there. */
const PATH_VALUED_KEYS = new Set(['aws:principalorgpaths', 'aws:resourceorgpaths', 'aws:sourceorgpaths', 'aws:vpceorgpaths']);

/** `${*}`, `${?}` and `${$}` stand for literal characters, never wildcards. */
function withoutEscapes(value: string): string {
  return value.replace(/\$\{[*?$]\}/g, '');
}

function actionsOf(view: StatementView): readonly DynamoAction[] {
  if (view.compiled) return coveredActions(view.compiled);
  return view.action ? coveredActionsOfTexts(view.action.texts, view.action.negated) : [];
}

function names(actions: readonly DynamoAction[], max = 3): string {
  const shown = actions.slice(0, max).map((a) => a.fullName);
  return actions.length > max ? `${shown.join(', ')} and ${actions.length - max} more` : shown.join(', ');
}

function hasPresenceCheck(view: StatementView, keyLower: string): boolean {
  return view.conditions.some(
    (c) =>
      c.operator.family === 'Null' &&
      c.keyLower === keyLower &&
      c.values.length > 0 &&
      c.values.every((v) => v.trim().toLowerCase() === 'false'),
  );
}

function keyChecks(view: StatementView, c: ConditionView, described: DescribedConditionKey, actions: readonly DynamoAction[]): Finding[] {
  const out: Finding[] = [];
  const op = c.operator;
  const ref = view.ref;
  const key = described.key;
  const multivalued = key.multivalued;
  if (op.family === 'Null') return out;

  const carried = actions.filter((a) => actionSupportsKey(a, c.key));
  if (actions.length > 0 && carried.length === 0) {
    out.push(
      finding(
        'condition-key-not-applicable',
        `none of the statement's actions (${names(actions)}) carries ${c.key}, so "${op.name}" never sees a value: it is ` +
          (op.negated || op.ifExists || op.qualifier === 'ForAllValues'
            ? 'always true and limits nothing'
            : 'always false and the statement never applies'),
        ref,
        c.location,
      ),
    );
  } else if (view.effect === 'Allow' && op.qualifier === 'ForAllValues' && !hasPresenceCheck(view, c.keyLower)) {
    const lacking = actions.filter((a) => !actionSupportsKey(a, c.key));
    const conditional = described.source === 'global' && described.key.availability === 'conditional';
    if (lacking.length > 0 || conditional) {
      const who =
        lacking.length > 0
          ? `${names(lacking)} requests carry no ${c.key}`
          : `${c.key} is not in every request (it is there ` +
            `${described.source === 'global' ? described.key.presentWhen : 'only sometimes'})`;
      out.push(
        finding(
          'for-all-values-absent-key',
          `"${op.name}" is true when ${c.key} is absent, and ${who}: this Allow lets those requests ` +
            `through unlimited; remove those actions or add "Null": {"${c.key}": "false"}`,
          ref,
          c.location,
        ),
      );
    }
  }
  if (op.qualifier !== undefined && !multivalued) {
    const what = op.qualifier === 'ForAllValues' ? 'true whenever the key is absent' : 'at best the same as the plain operator';
    out.push(
      finding(
        'set-qualifier-on-single-valued-key',
        `${c.key} holds a single value, so "${op.name}" is ${what}: use "${op.name.slice(op.qualifier.length + 1)}"`,
        ref,
        c.location,
      ),
    );
  }
  if (op.qualifier === undefined && multivalued) {
    out.push(
      finding(
        'missing-qualifier',
        `${c.key} can hold several values; "${op.name}" without ForAnyValue: or ForAllValues: does not ` +
          `say whether any or all must match: write "ForAnyValue:${op.name}" or "ForAllValues:${op.name}"`,
        ref,
        c.location,
      ),
    );
  }
  return out;
}

function valueChecks(view: StatementView, c: ConditionView): Finding[] {
  const out: Finding[] = [];
  const op = c.operator;
  const ref = view.ref;
  if (op.family === 'String' && (op.comparison === 'equals' || op.comparison === 'equalsIgnoreCase')) {
    for (const value of c.values) {
      const plain = withoutEscapes(value);
      const prefixLike = /[-/_]$/.test(plain) && !PATH_VALUED_KEYS.has(c.keyLower);
      if (!prefixLike && !plain.includes('*')) continue;
      const like = `${op.qualifier ? `${op.qualifier}:` : ''}${op.negated ? 'StringNotLike' : 'StringLike'}`;
      const pattern = plain.includes('*') ? value : `${value}*`;
      out.push(
        finding(
          'string-equals-prefix',
          `"${value}" under "${op.name}" matches only that exact ` +
            `text${plain.includes('*') ? ' (the * is literal)' : ''}; to match values that start with it, ` +
            `use "${like}" with "${pattern}"`,
          ref,
          c.location,
        ),
      );
    }
  }
  if (op.family === 'String' && op.comparison === 'like') {
    for (const value of c.values) {
      if (/[*?]/.test(withoutEscapes(value))) continue;
      out.push(
        finding(
          'string-like-without-wildcard',
          `"${value}" has no wildcard, so "${op.name}" compares it whole: use ` +
            `${op.negated ? 'StringNotEquals' : 'StringEquals'}, or add * where any text may follow`,
          ref,
          c.location,
        ),
      );
    }
  }
  if (op.family === 'IpAddress' && c.keyLower === 'aws:sourceip') {
    for (const value of c.values) {
      const range = parseIpRange(value);
      if (!range) continue;
      const [address, bits] = range;
      const block = nonPublicRangesParsed().find(
        (b) => b.range[0].kind() === address.kind() && bits >= b.range[1] && address.match(b.range as [typeof address, number]),
      );
      if (block) {
        out.push(
          finding(
            'private-source-ip',
            `${value} is inside ${block.cidr}, an address range that never reaches a public AWS endpoint, so ` +
              `aws:SourceIp never holds it; through a VPC endpoint aws:SourceIp is absent: use aws:VpcSourceIp ` +
              `or aws:SourceVpce for private networks`,
            ref,
            c.location,
          ),
        );
      }
    }
  }
  if (op.family === 'Date') {
    for (const value of c.values) {
      const v = value.trim();
      if (/^\d+$/.test(v) && v.length !== 4) {
        // Beyond ±8.64e15 ms a JavaScript Date is invalid: say so rather than fail on toISOString.
        const when = new Date(Number(v) * 1000);
        const iso = Number.isNaN(when.getTime()) ? undefined : when.toISOString().replace('.000Z', 'Z');
        const message =
          iso === undefined
            ? `"${value}" is a date in epoch seconds after the year 275760, beyond any date ISO 8601 can write: check the value`
            : `"${value}" is a date in epoch seconds; AWS accepts it but recommends ISO 8601: write ${iso}`;
        out.push(finding('epoch-date', message, ref, c.location));
      } else if (/^\d{4}(-\d{2}){0,2}$/.test(v)) {
        out.push(
          finding(
            'imprecise-date',
            `"${value}" has no time of day, and AWS does not document which instant it stands for: write a ` +
              `full timestamp such as ` +
              `${v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v}T00:00:00Z`,
            ref,
            c.location,
          ),
        );
      }
    }
  }
  return out;
}

function conditionChecks(view: StatementView, actions: readonly DynamoAction[], variablesAreLiteral: boolean): Finding[] {
  const out: Finding[] = [];
  for (const c of view.conditions) {
    const op = c.operator;
    if (op.family === 'Null' && op.qualifier !== undefined) {
      out.push(
        finding(
          'null-with-qualifier',
          `"${op.name}" tests a set, not presence: ForAllValues makes it always true and ForAnyValue always false; write "Null"`,
          view.ref,
          c.location,
        ),
      );
    }
    const described = describeConditionKey(c.key);
    if (described === undefined) {
      const near = suggestConditionKey(c.key);
      const advice = near ? `did you mean ${near}?` : 'check the spelling, or use an aws: global key or a dynamodb: key';
      out.push(
        finding(
          'unknown-condition-key',
          `${c.key} is not a condition key AWS defines for DynamoDB requests, so it is never present: ${advice}`,
          view.ref,
          c.location,
        ),
      );
    } else {
      out.push(...keyChecks(view, c, described, actions));
    }
    out.push(...valueChecks(view, c));
    if (variablesAreLiteral && c.values.some((v) => v.includes('${'))) {
      out.push(
        finding(
          'variable-in-old-version',
          `"${c.values.find((v) => v.includes('${'))}" holds a policy variable, but without "Version": ` +
            `"2012-10-17" it is compared as literal text: set the Version`,
          view.ref,
          c.location,
        ),
      );
    }
  }
  return out;
}

/** Every trap check: policy-level (Version, Sids) and per condition (Allow statements nothing can use: `dead-allow.ts`). */
export function checkTraps(input: AnalysisInput): Finding[] {
  const out: Finding[] = [];
  if (input.views.length === 0) return out;
  const version = input.version;
  if (version.written === undefined) {
    out.push(
      finding(
        'missing-version',
        'the policy has no Version, so policy variables are compared as literal text: add "Version": "2012-10-17"',
        undefined,
        { policy: input.name, ...(input.file !== undefined ? { file: input.file } : {}), path: '' },
      ),
    );
  }
  const variablesAreLiteral = version.value === '2008-10-17';

  const bySid = new Map<string, StatementView[]>();
  for (const view of input.views) {
    if (view.ref.sid === undefined) continue;
    const same = bySid.get(view.ref.sid);
    if (same === undefined) bySid.set(view.ref.sid, [view]);
    else same.push(view); // not a copy per statement: a policy where every Sid is the same stays linear
  }
  for (const [sid, views] of bySid) {
    for (const view of views.slice(1)) {
      out.push(
        finding(
          'duplicate-sid',
          `Sid "${sid}" is also the Sid of statement ${views[0]!.ref.index}: give each statement its own ` +
            `Sid so that reports name one statement`,
          view.ref,
          view.location,
        ),
      );
    }
  }

  for (const view of input.views) out.push(...conditionChecks(view, actionsOf(view), variablesAreLiteral));
  return out;
}
