/**
 * `each:` — one case written once, run for many values. Works on the YAML tree, before a case is
 * read, so that an expanded case is checked exactly like a written one and every value keeps its
 * own line and column.
 *
 * Two forms:
 * - a matrix, `each: { principal: [alfa, bravo], action: [dynamodb:GetItem, dynamodb:Query] }`: every
 *   combination (the first key varies slowest);
 * - rows, `each: [ { principal: alfa, expect: allow }, { principal: bravo, expect: deny } ]`: one
 *   case per row, for values that go together.
 *
 * An expanded case is named after its values: `{principal}` in the name is replaced by the value;
 * a name without placeholders gets the values appended, as `[principal=alfa]`. Names must stay
 * unique in a file, so a name that leaves out a varying value is refused when it repeats.
 */
import { EXPANDABLE_KEYS } from './keys';
import type { NodeReader } from './read';
import { nodeText, type YamlMap, type YamlNode, type YamlPair } from '../source/yaml-tree';

export interface ExpandedCase {
  readonly map: YamlMap;
  readonly name: string;
}

/** More than this many cases from one `each:` is a mistake, not a test plan. */
export const MAX_EXPANSION = 100_000;

type Assignment = readonly (readonly [YamlPair, YamlNode])[];

/**
 * The name of one expansion. A name with `{key}` placeholders is filled in and nothing is added (the
 * author chose what names a case); a name without any gets every value appended.
 */
export function expandedName(template: string, assignment: readonly (readonly [string, YamlNode])[]): string {
  const placeholders = assignment.filter(([key]) => template.includes(`{${key}}`));
  if (placeholders.length === 0) return `${template} [${assignment.map(([key, value]) => `${key}=${nodeText(value)}`).join(', ')}]`;
  let name = template;
  for (const [key, value] of placeholders) name = name.split(`{${key}}`).join(nodeText(value));
  return name;
}

function checkKey(pair: YamlPair, caseMap: YamlMap, reader: NodeReader): boolean {
  if (!EXPANDABLE_KEYS.includes(pair.key)) {
    reader.report(pair.keyPos, `each: cannot vary "${pair.key}"; it varies ${EXPANDABLE_KEYS.join(', ')}`);
    return false;
  }
  if (caseMap.pairs.some((p) => p.key === pair.key)) {
    reader.report(pair.keyPos, `each: "${pair.key}" is also given in the case itself; give it in one place`);
    return false;
  }
  return true;
}

function assignments(each: YamlNode, caseMap: YamlMap, reader: NodeReader): Assignment[] | undefined {
  if (each.kind === 'map') {
    const axes: (readonly [YamlPair, readonly YamlNode[]])[] = [];
    let ok = true;
    for (const pair of each.pairs) {
      if (!checkKey(pair, caseMap, reader)) {
        ok = false;
        continue;
      }
      const values = reader.list(pair.value, `each.${pair.key}`);
      if (!values) ok = false;
      else if (values.length === 0) {
        reader.report(pair.value.pos, `each.${pair.key} is an empty list: the case would expand to nothing`);
        ok = false;
      } else axes.push([pair, values]);
    }
    if (!ok) return undefined;
    if (axes.length === 0) return reader.report(each.pos, 'each: is empty; give at least one key with a list of values');
    const total = axes.reduce((n, [, values]) => n * values.length, 1);
    if (total > MAX_EXPANSION) return reader.report(each.pos, `each: expands to ${total} cases; at most ${MAX_EXPANSION} are allowed`);
    let out: Assignment[] = [[]];
    for (const [pair, values] of axes) {
      const next: Assignment[] = [];
      for (const partial of out) for (const value of values) next.push([...partial, [pair, value]]);
      out = next;
    }
    return out;
  }
  if (each.kind === 'seq') {
    if (each.items.length === 0) return reader.report(each.pos, 'each: is an empty list: the case would expand to nothing');
    const out: Assignment[] = [];
    let ok = true;
    for (const row of each.items) {
      const map = reader.anyMap(row, 'a row of each:');
      if (!map) {
        ok = false;
        continue;
      }
      if (map.pairs.length === 0) {
        reader.report(map.pos, 'a row of each: is empty');
        ok = false;
        continue;
      }
      const assignment: (readonly [YamlPair, YamlNode])[] = [];
      for (const pair of map.pairs) {
        if (checkKey(pair, caseMap, reader)) assignment.push([pair, pair.value]);
        else ok = false;
      }
      out.push(assignment);
    }
    return ok ? out : undefined;
  }
  return reader.report(each.pos, 'each: is a mapping of keys to lists of values, or a list of rows');
}

/**
 * The cases one written case stands for: itself when it has no `each`, else one per combination.
 * Undefined when `each` is malformed (the problem is recorded in `reader`).
 */
export function expandCase(caseMap: YamlMap, name: string, reader: NodeReader): ExpandedCase[] | undefined {
  const eachPair = caseMap.pairs.find((p) => p.key === 'each');
  if (!eachPair) return [{ map: caseMap, name }];
  const base = caseMap.pairs.filter((p) => p !== eachPair);
  const baseMap: YamlMap = { kind: 'map', pairs: base, pos: caseMap.pos };
  const all = assignments(eachPair.value, baseMap, reader);
  if (!all) return undefined;
  return all.map((assignment) => ({
    map: {
      kind: 'map',
      pos: caseMap.pos,
      pairs: [...base, ...assignment.map(([pair, value]) => ({ key: pair.key, keyPos: pair.keyPos, value }))],
    },
    name: expandedName(
      name,
      assignment.map(([pair, value]) => [pair.key, value] as const),
    ),
  }));
}
