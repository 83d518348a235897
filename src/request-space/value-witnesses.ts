/**
 * The values of one condition key that `diff` tries: for every way the key's conditions can come
 * out, one concrete value (or set of values, for a multivalued key).
 *
 * Two values of a key are interchangeable when every condition on that key treats them alike, so
 * the values to try are one per *vector* of condition outcomes. Candidates come first from the
 * policy text in readable form (each literal, `ProductCatalog-*` read as `ProductCatalog-1`, the
 * numbers and dates on each side of every bound, the first and last address of every CIDR and their
 * neighbours outside it), then from the glob automaton (`glob-witnesses.ts`) for the combinations of
 * string patterns the readable values miss. Each candidate's vector is computed by the evaluator's
 * own `conditionHolds`, so this module proposes values and never judges them.
 *
 * For a multivalued key, a set's outcome per condition is the AND or the OR of its members'
 * outcomes (ForAllValues and negated operators AND, ForAnyValue and positive operators OR), so the
 * vectors that sets reach are the closure of the single-value vectors under that combination:
 * computed exactly, without enumerating subsets.
 */
import type * as IpAddr from 'ipaddr.js';
import { conditionHolds } from '../engine/conditions';
import type { ResolvedRequest } from '../engine/request';
import { splitArn } from '../policy/arn';
import type { Condition } from '../policy/model';
import { ipaddrLibrary } from '../util/lazy-package';
import { globTokens, witnessStrings, type GlobPattern } from './glob-witnesses';

/** One way a key can stand in a request: the values to give, and the outcome of each condition. */
export interface KeyValueClass {
  readonly values: readonly string[];
  /** One character per condition ('1' holds, '0' does not), in the order of the conditions given. */
  readonly vector: string;
}

export interface KeyValueClasses {
  /** The classes of present values, readable ones first. Absence is not among them: callers add it. */
  readonly classes: readonly KeyValueClass[];
  /** Where the classes are not provably all of them, one sentence each. */
  readonly notes: readonly string[];
}

const UNMATCHED = 'iamspec-unmatched';
/** Fillers for `*` in readable witnesses: `ProductCatalog-*` becomes `ProductCatalog-1`. */
const STAR_FILLER = '1';
const MAX_SET_CLASSES = 256;

function fillWildcards(text: string, filler: string): string {
  return text.replace(/\*/g, filler).replace(/\?/g, '1');
}

function hasVariables(condition: Condition): boolean {
  const compiled = condition.compiled;
  switch (compiled.family) {
    case 'String':
      return compiled.values.some((v) => v.template.hasVariables);
    case 'Arn':
      return compiled.values.some((v) => v.kind === 'arn' && v.components.some((c) => c.glob === undefined));
    case 'Bool':
      return compiled.values.some((v) => typeof v !== 'boolean');
    default:
      return false;
  }
}

/** An ARN pattern as one whole-string glob: `*` in the first five components cannot cross a colon. */
export function arnGlob(text: string): GlobPattern | undefined {
  if (text === '*') return globTokens('*', { wildcards: true });
  const split = splitArn(text);
  if (!split.ok) return undefined;
  const { partition, service, region, account, resource } = split.arn;
  const inner = (part: string) => globTokens(part, { wildcards: true, wildcardExcept: ':' });
  const colon = globTokens(':', { wildcards: false });
  return [
    ...globTokens('arn', { wildcards: false }),
    ...colon,
    ...inner(partition),
    ...colon,
    ...inner(service),
    ...colon,
    ...inner(region),
    ...colon,
    ...inner(account),
    ...colon,
    ...globTokens(resource, { wildcards: true }),
  ];
}

/** Readable ARN witnesses: each component's wildcards filled with something plausible for it. */
function arnReadable(text: string): string[] {
  if (text === '*') return ['arn:aws:iam::999999999901:role/iamspec-example'];
  const split = splitArn(text);
  if (!split.ok) return [];
  const { partition, service, region, account, resource } = split.arn;
  const fill = (part: string, filler: string) =>
    part.includes('*') || part.includes('?') ? fillWildcards(part.replace(/\*/g, filler), filler) : part;
  return [
    `arn:${fill(partition, 'aws')}:${fill(service, 'iam')}:${fill(region, '')}` +
      `:${fill(account, '999999999901')}:${fill(resource, STAR_FILLER)}`,
    `arn:${fill(partition, 'aws')}:${fill(service, 'iam')}:${fill(region, '')}:${fill(account, '999999999901')}:${fill(resource, '')}`,
  ];
}

function numberCandidates(values: readonly number[]): string[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: number[] = [];
  sorted.forEach((v, i) => {
    out.push(v, v - 1, v + 1);
    const next = sorted[i + 1];
    if (next !== undefined) out.push((v + next) / 2);
  });
  return out.map((n) => String(n));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function dateCandidates(values: readonly number[]): string[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: number[] = [];
  sorted.forEach((v, i) => {
    out.push(v, v - 1000, v + 1000);
    const next = sorted[i + 1];
    if (next !== undefined && next - v >= 2) out.push(Math.floor((v + next) / 2));
  });
  return out.filter((ms) => Number.isFinite(ms) && ms >= 0 && ms < 253402300800000).map(isoDate);
}

function toBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function fromBigInt(value: bigint, byteCount: number): string {
  const bytes: number[] = [];
  let rest = value;
  for (let i = 0; i < byteCount; i++) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return ipaddrLibrary().fromByteArray(bytes).toString();
}

/** First and last address of each range and the addresses just outside it: every interval between bounds. */
function addressCandidates(ranges: readonly (readonly [IpAddr.IPv4 | IpAddr.IPv6, number])[]): string[] {
  const out: string[] = [];
  let sawV4 = false;
  let sawV6 = false;
  for (const [address, prefix] of ranges) {
    const bytes = address.toByteArray();
    const bits = bytes.length * 8;
    if (bytes.length === 4) sawV4 = true;
    else sawV6 = true;
    const whole = toBigInt(bytes);
    const hostBits = BigInt(bits - prefix);
    const first = (whole >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    const max = (1n << BigInt(bits)) - 1n;
    for (const v of [first, last, first - 1n, last + 1n]) {
      if (v >= 0n && v <= max) out.push(fromBigInt(v, bytes.length));
    }
  }
  if (!sawV4) out.push('203.0.113.10');
  if (!sawV6) out.push('2001:db8:ffff::10');
  return out;
}

/** Readable candidates and automaton patterns for one condition. */
function candidatesOf(condition: Condition, patterns: GlobPattern[]): string[] {
  const compiled = condition.compiled;
  const op = condition.operator;
  switch (compiled.family) {
    case 'String': {
      const out: string[] = [];
      compiled.values.forEach((value, i) => {
        if (value.template.hasVariables) return;
        const raw = condition.rawValues[i] ?? '';
        if (op.comparison === 'like') {
          out.push(fillWildcards(raw, STAR_FILLER), fillWildcards(raw, ''));
          patterns.push(globTokens(raw, { wildcards: true }));
        } else if (op.comparison === 'equalsIgnoreCase') {
          out.push(raw, raw.toUpperCase(), raw.toLowerCase());
          patterns.push(globTokens(raw, { wildcards: false, foldCase: true }));
        } else {
          out.push(raw);
          patterns.push(globTokens(raw, { wildcards: false }));
        }
      });
      return out;
    }
    case 'Arn': {
      const out: string[] = ['iamspec-not-an-arn'];
      compiled.values.forEach((value) => {
        if (value.kind === 'arn' && value.components.some((c) => c.glob === undefined)) return;
        out.push(...arnReadable(value.text));
        const glob = arnGlob(value.text);
        if (glob) patterns.push(glob);
      });
      return out;
    }
    case 'Numeric':
      return [...numberCandidates(compiled.values), 'iamspec-not-a-number'];
    case 'Date':
      return [...dateCandidates(compiled.values), 'iamspec-not-a-date'];
    case 'Bool':
      return ['true', 'false', 'iamspec-not-a-bool'];
    case 'Binary':
      return [...compiled.values, 'aWFtc3BlYw=='];
    case 'IpAddress':
      return addressCandidates(compiled.values);
    case 'Null':
      return [];
  }
}

/** How a set's outcome for one condition follows from its members' outcomes: AND, or else OR. */
function combinesWithAnd(condition: Condition): boolean {
  const op = condition.operator;
  if (op.family === 'Null') return true; // presence only: every member gives the same bit
  if (op.qualifier === 'ForAllValues') return true;
  if (op.qualifier === 'ForAnyValue') return false;
  // Without a qualifier a positive operator holds when any value matches, a negated one when none does.
  return op.negated;
}

/** The vector of the union of two value sets, from the vectors of each. */
export function combineVectors(conditions: readonly Condition[], a: string, b: string): string {
  let out = '';
  for (let i = 0; i < conditions.length; i++) {
    const x = a[i] === '1';
    const y = b[i] === '1';
    out += (combinesWithAnd(conditions[i]!) ? x && y : x || y) ? '1' : '0';
  }
  return out;
}

/**
 * The classes of present values of `keyName` for `conditions` (all on that key). `request` is any
 * resolved request: the key is set on a copy of it, so that policy variables see its other values.
 */
export function keyValueClasses(
  keyName: string,
  conditions: readonly Condition[],
  options: { readonly multivalued: boolean; readonly base: ResolvedRequest; readonly validate: (value: string) => boolean },
): KeyValueClasses {
  const notes: string[] = [];
  const keyLower = keyName.toLowerCase();
  const patterns: GlobPattern[] = [];
  const readable: string[] = [];
  const families = new Set(conditions.map((c) => c.operator.family).filter((f) => f !== 'Null'));
  for (const condition of conditions) readable.push(...candidatesOf(condition, patterns));
  // A value that matches nothing; the address is for keys whose values AWS only ever sends as addresses.
  readable.push(UNMATCHED, '203.0.113.10');
  if (conditions.some(hasVariables)) {
    notes.push(
      `${keyName}: a condition value holds a policy variable; the values tried come from the other ` +
        `values in the policy, not from every value the variable can take`,
    );
  }
  if (families.size > 1) {
    notes.push(
      `${keyName} is compared by operators of several families (${[...families].join(', ')}); the ` +
        `values tried are each family's, not their combinations`,
    );
  }
  let automaton: string[] = [];
  if (patterns.length > 0) {
    const result = witnessStrings(patterns, { forbidden: ' \t\r\n' });
    automaton = [...result.witnesses];
    if (!result.complete)
      notes.push(`${keyName}: the string patterns are too many to combine exhaustively; some combinations of them were not tried`);
  }

  const vectorOf = (values: readonly string[]): string => {
    const context = new Map(options.base.context);
    context.set(keyLower, { name: keyName, values, multi: values.length !== 1, derived: false });
    const request: ResolvedRequest = { ...options.base, context };
    const lookup = (k: string) => {
      const entry = request.context.get(k);
      return entry && entry.values.length === 1 ? entry.values[0] : undefined;
    };
    return conditions.map((c) => (conditionHolds(c, request, lookup) ? '1' : '0')).join('');
  };

  const singles = new Map<string, KeyValueClass>();
  for (const value of [...readable, ...automaton]) {
    if (!options.validate(value)) continue;
    const vector = vectorOf([value]);
    if (!singles.has(vector)) singles.set(vector, { values: [value], vector });
  }
  if (!options.multivalued) return { classes: [...singles.values()], notes };

  // Sets: the closure of the single-value vectors under each condition's AND/OR. The vector of a
  // union is predicted by `combineVectors`, so no subset is enumerated; the prediction is checked
  // against the evaluator by the tests.
  const all = new Map(singles);
  const queue = [...singles.values()];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const single of singles.values()) {
      const vector = combineVectors(conditions, current.vector, single.vector);
      if (all.has(vector)) continue;
      if (all.size >= MAX_SET_CLASSES) {
        notes.push(`${keyName}: more than ${MAX_SET_CLASSES} kinds of value sets; the rest were not tried`);
        return { classes: [...all.values()], notes };
      }
      const next: KeyValueClass = { values: [...current.values, ...single.values], vector };
      all.set(vector, next);
      queue.push(next);
    }
  }
  return { classes: [...all.values()], notes };
}
