import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileWildcard } from '../../src/policy/wildcard';

// A slow but obviously right reference: dynamic programming over pattern and input.
function reference(pattern: string, input: string): boolean {
  const m = pattern.length;
  const n = input.length;
  let prev: boolean[] = Array.from({ length: n + 1 }, (_, j) => j === 0);
  for (let i = 1; i <= m; i++) {
    const p = pattern[i - 1];
    const cur: boolean[] = Array.from({ length: n + 1 }, () => false);
    cur[0] = p === '*' && prev[0]!;
    for (let j = 1; j <= n; j++) {
      if (p === '*') cur[j] = prev[j]! || cur[j - 1]!;
      else cur[j] = prev[j - 1]! && (p === '?' || p === input[j - 1]);
    }
    prev = cur;
  }
  return prev[n]!;
}

describe('wildcard matching (IAM User Guide: Action, Resource and StringLike use * and ?)', () => {
  it.each([
    ['dynamodb:get*', 'dynamodb:getitem', true],
    ['dynamodb:*item', 'dynamodb:batchgetitem', true],
    ['dynamodb:*item', 'dynamodb:query', false],
    ['*', '', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['table/*', 'table/Music/stream/2024-02-12T18:57:26.492', true],
    ['ProductCatalog-*', 'ProductCatalog-', true],
    ['ProductCatalog-*', 'ProductCatalo', false],
    ['*a*b', 'aab', true],
    ['*a*b', 'aba', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
  ])('%s against %s is %s', (pattern, input, expected) => {
    expect(compileWildcard(pattern).matches(input)).toBe(expected);
  });

  it('agrees with a reference matcher on random patterns and inputs', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 10 }), (p, s) => {
        const pattern = p.join('');
        const input = s.join('');
        expect(compileWildcard(pattern).matches(input)).toBe(reference(pattern, input));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats text that came from a variable literally: its * matches only a *', () => {
    const glob = compileGlob([
      { text: 'home/', wildcards: true },
      { text: 'a*', wildcards: false },
      { text: '/*', wildcards: true },
    ]);
    expect(glob.matches('home/a*/x')).toBe(true);
    expect(glob.matches('home/abc/x')).toBe(false);
  });

  it('decides a pattern that would make a backtracking matcher explode (correctness; speed is in npm run bench)', () => {
    const input = 'a'.repeat(100_000);
    expect(compileWildcard('*a*a*a*a*a*a*a*a*b').matches(input)).toBe(false);
    expect(compileWildcard('*a*a*a*a*a*a*a*a*').matches(input)).toBe(true);
  });
});
