import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { isLeftToLibrary, readYamlFast } from '../../src/source/yaml-fast';
import { readYaml, readYamlWithLibrary, toPlain, type YamlNode } from '../../src/source/yaml-tree';

/** A tree as plain data, positions included (the fast reader's nodes compute theirs on demand). */
function plain(node: YamlNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return { kind: node.kind, value: node.value, text: node.text, quoted: node.quoted, pos: node.pos };
    case 'seq':
      return { kind: node.kind, items: node.items.map(plain), pos: node.pos };
    case 'map':
      return { kind: node.kind, pairs: node.pairs.map((p) => ({ key: p.key, keyPos: p.keyPos, value: plain(p.value) })), pos: node.pos };
  }
}

/** The library's reading, or the reason it refused the text. */
function library(text: string): unknown {
  const read = readYamlWithLibrary(text);
  return read.ok ? plain(read.root) : `error: ${read.message}`;
}

function fastPlain(text: string): unknown {
  const fast = readYamlFast(text);
  return fast === undefined ? undefined : plain(fast);
}

/** The fast reader's result must be the library's, positions included, whenever it gives one. */
function expectAgreement(text: string): unknown {
  const fast = fastPlain(text);
  if (fast !== undefined) expect(fast).toEqual(library(text));
  return fast;
}

describe('the fast YAML reader reads scenario-style YAML exactly as the yaml package does', () => {
  const accepted: [string, string][] = [
    ['block mappings and lists', 'description: x\ncases:\n  - name: a\n    expect: allow\n  - name: b\n'],
    ['a list at the indentation of its key', 'cases:\n- name: a\n  list:\n  - 1\n  - 2\n  other: c\n'],
    ['flow collections', 'a: { b: [1, 2.5, true, null, "x"], c: {} }\nd: []\n'],
    ['JSON', '{"a": [1, {"b": "c\\n\\u00e9"}], "d": false}'],
    ['comments everywhere', '# top\na: 1 # trailing\n# between\nb:\n  # inside\n  c: 2\n'],
    ['quoted keys and values', "\"a b\": 'it''s'\n'c': \"d\\te\"\n"],
    [
      'plain scalars with colons, hashes and flow characters',
      'arn: arn:aws:iam::111122223333:user/foo\nk: a#b\nname: reads [own] items, fast\n',
    ],
    ['YAML 1.2 core types', 'a: 012\nb: 0x1F\nc: 0o17\nd: -1.5e3\ne: .inf\nf: ~\ng: True\nh: yes\ni: 1_000\nj: +12\n'],
    ['a flow mapping over several lines', 'k: {\n    a: 1,\n    b: [x,\n      y]\n  }\n'],
    ['an empty value', 'a:\nb: 1\n'],
    [
      'the format of the issue',
      '# yaml-language-server: $schema=x\npolicies:\n  central: { file: policies/central-table.json ' +
        '}\ncases:\n  - name: Alfa\n    context: { aws:SourceIp: 192.0.2.7, dynamodb:LeadingKeys: [ ' +
        '"alfa#1" ] }\n    expect: allow\n',
    ],
  ];
  test.each(accepted)('%s', (_label, text) => {
    expect(expectAgreement(text)).toBeDefined();
  });

  // What it declines, the library reads (or refuses): never a different answer.
  const declined: [string, string][] = [
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['folded block scalars', 'a: >-\n  text\n  more\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['tags', 'a: !!str 1\n'],
    ['tabs', 'a:\t1\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['a vertical tab', 'a: x\v\n'],
    ['a form feed', 'a: x\f\n'],
    ['a line separator', 'a: x\u2028\n'],
    ['a byte order mark inside', 'a: x\ufeff\n'],
    ['document markers', '---\na: 1\n'],
    ['nested compact lists', '- - a\n'],
    ['complex keys', '? a\n: b\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['a mapping value after a scalar', 'a: b: c\n'],
    ['a trailing comma in a flow list', 'a: [1, 2, ]\n'],
    ['a pair inside a flow list', 'a: [b: c]\n'],
    ['a key without a value in a flow mapping', 'a: {b, c: 1}\n'],
    ['text after a flow collection', 'a: [1] x\n'],
    ['an indented root', '  a: 1\n'],
    ['a plain scalar document', 'hello\n'],
    ['an empty document', ''],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['an unclosed flow mapping', 'a: { b: 1\n'],
  ];
  test.each(declined)('declines %s', (_label, text) => {
    expect(readYamlFast(text)).toBeUndefined();
    // readYaml still answers, through the library.
    const read = readYaml(text);
    const reference = library(text);
    if (typeof reference === 'string') expect(read.ok).toBe(false);
    else expect(read.ok && plain(read.root)).toEqual(reference);
  });

  test('keeps the text of a plain scalar as written beside its value', () => {
    const root = readYamlFast('a: 012345678901\nb: "012"\n')!;
    expect(root.kind).toBe('map');
    if (root.kind !== 'map') return;
    expect(root.pairs[0]!.value).toMatchObject({ kind: 'scalar', value: 12345678901, text: '012345678901', quoted: false });
    expect(root.pairs[1]!.value).toMatchObject({ kind: 'scalar', value: '012', text: '012', quoted: true });
  });

  test('positions are 1-based lines and columns of each node and key', () => {
    const root = readYamlFast('cases:\n  - name: a\n    ctx: { k: [x, "y"] }\n')!;
    expect(root.pos).toEqual({ line: 1, column: 1 });
    if (root.kind !== 'map') throw new Error('expected a map');
    const list = root.pairs[0]!.value;
    expect(list.pos).toEqual({ line: 2, column: 3 });
    if (list.kind !== 'seq') throw new Error('expected a list');
    const item = list.items[0]!;
    expect(item.pos).toEqual({ line: 2, column: 5 });
    if (item.kind !== 'map') throw new Error('expected a map');
    expect(item.pairs[1]!.keyPos).toEqual({ line: 3, column: 5 });
    expect(item.pairs[1]!.value.pos).toEqual({ line: 3, column: 10 });
  });
});

// --- properties ----------------------------------------------------------------------------------

const key = fc.oneof(
  fc.constantFrom('name', 'principal', 'expect', 'aws:SourceIp', 'dynamodb:LeadingKeys', 'a b', 'x-y', '012', 'true'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const scalar = fc.oneof(
  fc.constantFrom(
    'allow',
    'arn:aws:iam::111122223333:user/foo',
    'alfa#1',
    '192.0.2.7',
    'a: b',
    '# no',
    '- x',
    '[x]',
    '{y}',
    "it's",
    'say "hi"',
    '012',
    '1.5',
    'null',
    '~',
    'yes',
    '',
    ' padded ',
    'é',
    '\\',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));

describe('the fast reader agrees with the yaml package on generated documents (fast-check)', () => {
  test('block, flow and JSON renderings of random values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }),
        fc.constantFrom('block', 'flow', 'json', 'mixed'),
        (doc, style) => {
          const text =
            style === 'json'
              ? JSON.stringify(doc, null, 2)
              : stringify(
                  doc,
                  style === 'block'
                    ? {}
                    : style === 'flow'
                      ? { collectionStyle: 'flow' }
                      : { flowCollectionPadding: true, indentSeq: false },
                );
          const fast = fastPlain(text);
          if (fast === undefined) return; // declined: the library reads it
          expect(fast).toEqual(library(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  test('most generated scenario-like documents take the fast path', () => {
    let fast = 0;
    const runs = 200;
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('name', 'principal', 'action', 'expect'),
          fc.constantFrom('alfa', 'dynamodb:GetItem', 'allow', 'arn:aws:dynamodb:us-east-1:222222222222:table/t'),
          { minKeys: 1 },
        ),
        (doc) => {
          if (readYamlFast(stringify({ cases: [doc, { ...doc }] })) !== undefined) fast++;
        },
      ),
      { numRuns: runs },
    );
    expect(fast).toBe(runs);
  });

  test('on damaged text it never answers where the library refuses, nor differently where it reads', () => {
    const bases = [
      stringify(
        {
          description: 'x',
          policies: { p: { file: 'a.json' } },
          cases: [{ name: 'n', context: { 'aws:SourceIp': '192.0.2.7', keys: ['a#1', 'b'] }, expect: 'allow' }],
        },
        { flowCollectionPadding: true },
      ),
      'cases:\n- name: a\n  list:\n  - 1\n  - {a: [b, "c"], d: e}\n  other: c # x\n',
      '{"a": [1, {"b": "c"}], "d": false}\n',
      'k: {\n    a: 1,\n    b: [x,\n      y]\n  }\nz: "q\\"r" # c\n',
    ];
    const damage = fc.tuple(
      fc.nat(400),
      fc.constantFrom(
        ':',
        ' ',
        '\n',
        '-',
        '#',
        '{',
        '}',
        '[',
        ']',
        ',',
        '"',
        "'",
        '  ',
        'x',
        '?',
        '&',
        '*',
        '!',
        '|',
        '>',
        '\\',
        '%',
        '@',
        '`',
        '0',
        '.',
      ),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(damage, { minLength: 1, maxLength: 3 }), (base, edits) => {
        let text = base;
        for (const [at, insert, replace] of edits) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + insert + text.slice(replace ? p + 1 : p);
        }
        const fast = fastPlain(text);
        if (fast === undefined) return;
        expect(fast).toEqual(library(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('a comment line inside a flow collection must be indented too (found by the property above)', () => {
    const text = 'k: {\n    a: 1,\n    b: [x]\n#     y]\n  }\n';
    expect(readYamlFast(text)).toBeUndefined();
    expect(readYaml(text).ok).toBe(false);
  });

  test('the value of a tree is the value the library gives (toPlain)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), (doc) => {
        const text = stringify(doc);
        const read = readYaml(text);
        if (!read.ok) return;
        const reference = readYamlWithLibrary(text);
        expect(reference.ok && toPlain(reference.root)).toEqual(toPlain(read.root));
      }),
      { numRuns: 200 },
    );
  });
});

describe('characters YAML 1.2 does not trim, and CRLF line ends (issue 9 §3)', () => {
  // YAML 1.2 trims only spaces and tabs around plain scalars; U+00A0, U+3000 and the rest are content.
  const odd = ['\u00a0', '\u2028', '\u2029', '\ufeff', '\v', '\f', '\u3000', '\u0085'];

  test.each(odd.map((c) => [JSON.stringify(c), c]))('a plain scalar ending in %s reads as the yaml package reads it', (_, c) => {
    for (const text of [`aws:SourceVpce: vpce-1${c}\n`, `a: [vpce-1${c}, x]\n`, `a: {k: vpce-1${c}}\n`, `- ${c}x${c}\n`]) {
      const reference = readYamlWithLibrary(text);
      const read = readYaml(text);
      expect(read.ok, JSON.stringify(text)).toBe(reference.ok);
      if (read.ok && reference.ok) expect(toPlain(read.root), JSON.stringify(text)).toEqual(toPlain(reference.root));
    }
  });

  test('a scenario-like file with CRLF line ends takes the fast path and reads as with LF', () => {
    const lf = 'cases:\n  - name: a\n    context: { aws:SourceVpce: "vpce-1" }\n    expect: allow # c\n  - name: b\n    list: [x, y]\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(readYamlFast(crlf)).toBeDefined();
    expect(fastPlain(crlf)).toEqual(library(lf));
    expect(library(crlf)).toEqual(library(lf));
    const a = readYaml(lf);
    const b = readYaml(crlf);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(plain(b.root)).toEqual(plain(a.root));
  });

  test('property: the two readers agree on documents holding those characters, with LF and CRLF', () => {
    const oddScalar = fc.string({ unit: fc.constantFrom('a', '1', ' ', '-', ...odd), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.oneof(oddScalar, fc.array(oddScalar, { maxLength: 3 })), { minKeys: 1, maxKeys: 4 }),
        fc.boolean(),
        (doc, crlf) => {
          const lf = stringify(doc);
          const text = crlf ? lf.replace(/\n/g, '\r\n') : lf;
          const read = readYaml(text);
          const reference = readYamlWithLibrary(text);
          expect(read.ok).toBe(reference.ok);
          if (read.ok && reference.ok) expect(toPlain(read.root)).toEqual(toPlain(reference.root));
          const fast = fastPlain(text);
          if (fast !== undefined) expect(fast).toEqual(library(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('isLeftToLibrary', () => {
  // The whole test, as one regular expression: what the quicker path for printable ASCII must agree with.
  const WHOLE = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;
  const piece = fc.oneof(
    fc.constantFrom(
      '\n',
      '---',
      '...',
      '%',
      '-',
      '.',
      ' ',
      'a: b',
      '- x',
      '\r\n',
      '\r',
      '\t',
      '\u2028',
      '\ufeff',
      'é',
      '\x7f',
      '\x85',
      '#',
    ),
    fc.string({ maxLength: 6 }),
  );

  test('says what the single regular expression says, on text made of the pieces that matter', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(isLeftToLibrary(text)).toBe(WHOLE.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['cases:\n  - a: b\n', false],
    ['---\ncases: []\n', true],
    ['cases: []\n...\n', true],
    ['%YAML 1.2\n---\na: 1\n', true],
    ['a: 1\n %x\n', false],
    ['a:\tb\n', true],
    ['a: b\r\nc: d\r\n', false],
    ['a: b\rc: d\n', true],
    ['\ufeffa: b\n', true],
    ['name: café\n', false],
  ])('%j → %s', (text, expected) => {
    expect(isLeftToLibrary(text)).toBe(expected);
  });
});
