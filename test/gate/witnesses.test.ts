/**
 * The value generators under `diff`: the glob automaton finds every combination of patterns some
 * string matches, and the vectors of value sets follow from their members' as `combineVectors`
 * predicts (checked against the evaluator's own `conditionHolds`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globTokens, witnessStrings } from '../../src/request-space/glob-witnesses';
import { combineVectors, keyValueClasses } from '../../src/request-space/value-witnesses';
import { conditionHolds } from '../../src/engine/conditions';
import { resolveRequest } from '../../src/engine/request';
import { policyFromObject } from '../../src/index';
import { compileWildcard } from '../../src/policy/wildcard';

const like = (text: string) => globTokens(text, { wildcards: true });

describe('witnessStrings', () => {
  it('finds all four ways "a*" and "*b" can come out', () => {
    const result = witnessStrings([like('a*'), like('*b')]);
    expect(result.complete).toBe(true);
    const combos = result.matches.map((m) => m.join(',')).sort();
    expect(combos).toEqual(['', '0', '0,1', '1']);
    // Each witness really matches exactly its patterns.
    result.witnesses.forEach((w, i) => {
      const matched = ['a*', '*b'].flatMap((p, j) => (compileWildcard(p).matches(w) ? [j] : []));
      expect(matched).toEqual([...result.matches[i]!]);
    });
  });

  it('treats * and ? as literal characters for StringEquals', () => {
    const result = witnessStrings([globTokens('a*', { wildcards: false })]);
    expect(result.witnesses).toContain('a*');
    expect(result.witnesses.filter((w) => w !== 'a*').every((w) => w !== 'ab')).toBe(true);
  });

  it('respects case folding and forbidden characters', () => {
    const result = witnessStrings([globTokens('ab', { wildcards: false, foldCase: true })], { forbidden: 'a' });
    // "a" is forbidden, but "A" still matches the case-folded pattern.
    expect(result.witnesses.filter((w) => w.toLowerCase() === 'ab')).toHaveLength(1);
    expect(result.witnesses.every((w) => !w.includes('a'))).toBe(true);
  });

  it('keeps a wildcard inside an ARN component from crossing a colon', () => {
    const pattern = globTokens('x*y', { wildcards: true, wildcardExcept: ':' });
    const result = witnessStrings([pattern, globTokens('x:y', { wildcards: false })]);
    expect(result.matches.some((m) => m.length === 2)).toBe(false);
  });

  it('property: the witnesses realize every combination that strings of the alphabet realize', () => {
    const patternArb = fc.stringMatching(/^[ab*?]{0,4}$/);
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.stringMatching(/^[abc]{0,6}$/), { maxLength: 30 }),
        (patterns, samples) => {
          const globs = patterns.map((p) => compileWildcard(p));
          const found = new Set(witnessStrings(patterns.map(like)).matches.map((m) => m.join(',')));
          for (const sample of samples) {
            const combo = globs.flatMap((g, i) => (g.matches(sample) ? [i] : [])).join(',');
            expect(found.has(combo)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

const OPERATORS = [
  'ForAllValues:StringLike',
  'ForAnyValue:StringLike',
  'ForAllValues:StringNotEquals',
  'ForAnyValue:StringNotLike',
  'StringEquals',
  'StringNotLike',
  'StringLikeIfExists',
  'Null',
];

describe('keyValueClasses and combineVectors', () => {
  it('property: the vector of a value set is what combineVectors predicts from its members', () => {
    const conditionArb = fc.record({
      op: fc.constantFrom(...OPERATORS),
      values: fc.subarray(['a', 'a*', '*b', 'ab', 'c'], { minLength: 1 }),
    });
    fc.assert(
      fc.property(
        fc.array(conditionArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('a', 'ab', 'b', 'cb', 'c', 'x'), { minLength: 1, maxLength: 4 }),
        (specs, values) => {
          const statements = specs.map((s) => ({
            Effect: 'Allow',
            Action: 'dynamodb:Query',
            Resource: '*',
            Condition: { [s.op]: { 'dynamodb:LeadingKeys': s.op === 'Null' ? 'false' : s.values } },
          }));
          const conditions = policyFromObject({ Version: '2012-10-17', Statement: statements }).statements.map((s) => s.conditions[0]!);
          const vectorOf = (set: readonly string[]) => {
            const request = resolveRequest({
              principal: 'arn:aws:iam::111122223333:user/u',
              action: 'dynamodb:Query',
              context: { 'dynamodb:LeadingKeys': [...set] },
            });
            const lookup = () => undefined;
            return conditions.map((c) => (conditionHolds(c, request, lookup) ? '1' : '0')).join('');
          };
          const predicted = values.map((v) => vectorOf([v])).reduce((a, b) => combineVectors(conditions, a, b));
          expect(predicted).toBe(vectorOf(values));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('offers a multivalued key sets whose outcome no single value has', () => {
    const statements = [
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': 'a' } },
      },
      {
        Effect: 'Deny',
        Action: 'dynamodb:Query',
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': 'b' } },
      },
    ];
    const conditions = policyFromObject({ Version: '2012-10-17', Statement: statements }).statements.map((s) => s.conditions[0]!);
    const base = resolveRequest({ principal: 'arn:aws:iam::111122223333:user/u', action: 'dynamodb:Query' });
    const classes = keyValueClasses('dynamodb:LeadingKeys', conditions, { multivalued: true, base, validate: () => true });
    expect(classes.classes.map((c) => c.vector).sort()).toEqual(['00', '01', '10', '11']);
    expect(classes.classes.find((c) => c.vector === '11')!.values).toEqual(expect.arrayContaining(['a', 'b']));
    // A single-valued reading of the same key has no set classes.
    const single = keyValueClasses('dynamodb:LeadingKeys', conditions, { multivalued: false, base, validate: () => true });
    expect(single.classes.map((c) => c.vector).sort()).toEqual(['00', '01', '10']);
  });

  it('puts every bound of an address range and its neighbours outside among the candidates', () => {
    const policy = policyFromObject({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/120'] } } },
      ],
    });
    const base = resolveRequest({ principal: 'arn:aws:iam::111122223333:user/u', action: 'dynamodb:Query' });
    const classes = keyValueClasses('aws:SourceIp', policy.statements[0]!.conditions, { multivalued: false, base, validate: () => true });
    expect(classes.classes.map((c) => [c.vector, c.values[0]])).toEqual([
      ['1', '192.0.2.0'],
      ['0', '192.0.1.255'],
    ]);
  });
});
