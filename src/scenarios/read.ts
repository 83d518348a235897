/**
 * Reading typed values out of the YAML tree, with every problem recorded at its line and column.
 * Readers return undefined after recording a problem, so that loading goes on and reports all the
 * problems of a file at once; the loader throws when any was recorded.
 */
import { closestName } from '../util/nearest-name';
import { issueAt, type ScenarioIssue } from './errors';
import { describeNode, type Position, type YamlMap, type YamlNode, type YamlPair } from '../source/yaml-tree';
import { setOwn } from '../util/own-keys';
import { setOf } from '../problems/known-keys';

export class NodeReader {
  readonly issues: ScenarioIssue[] = [];

  constructor(readonly file: string) {}

  report(pos: Position | undefined, message: string): undefined {
    this.issues.push(issueAt(this.file, pos, message));
    return undefined;
  }

  private wrongType(node: YamlNode, what: string, expected: string): undefined {
    return this.report(node.pos, `${what} is ${expected}; found ${describeNode(node)}`);
  }

  /** A mapping whose keys are all in `keys`; every other key is reported where it stands. */
  map(node: YamlNode, what: string, keys: readonly string[]): YamlMap | undefined {
    if (node.kind !== 'map') return this.wrongType(node, what, 'a mapping');
    const known = setOf(keys);
    for (const pair of node.pairs) if (!known.has(pair.key)) this.unknownKey(pair, what, keys);
    return node;
  }

  private unknownKey(pair: YamlPair, what: string, keys: readonly string[]): void {
    const near = closestName(pair.key, keys);
    this.report(
      pair.keyPos,
      `unknown key "${pair.key}" in ${what}${near ? ` (did you mean "${near}"?)` : ''}; ${what} takes ${keys.join(', ')}`,
    );
  }

  /** A mapping with any keys (names are the user's: policies, principals, tags). */
  anyMap(node: YamlNode, what: string): YamlMap | undefined {
    return node.kind === 'map' ? node : this.wrongType(node, what, 'a mapping');
  }

  list(node: YamlNode, what: string): readonly YamlNode[] | undefined {
    return node.kind === 'seq' ? node.items : this.wrongType(node, what, 'a list');
  }

  /** A list, or one value standing for a list of one. */
  listOrOne(node: YamlNode): readonly YamlNode[] {
    return node.kind === 'seq' ? node.items : [node];
  }

  /**
   * Non-empty text. A YAML number or boolean is refused rather than converted: `012345678901`
   * would lose its leading zero and `no` would not mean what it says.
   */
  text(node: YamlNode, what: string): string | undefined {
    if (node.kind !== 'scalar') return this.wrongType(node, what, 'text');
    if (typeof node.value !== 'string') {
      if (node.value === null) return this.report(node.pos, `${what} is missing a value`);
      return this.report(node.pos, `${what} is text; found the ${typeof node.value} ${node.text} (put it in quotes: "${node.text}")`);
    }
    if (node.value.trim() === '') return this.report(node.pos, `${what} is empty`);
    return node.value;
  }

  bool(node: YamlNode, what: string): boolean | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    return this.wrongType(node, what, 'true or false');
  }

  oneOf<T extends string>(node: YamlNode, what: string, options: readonly T[]): T | undefined {
    const value = this.text(node, what);
    if (value === undefined) return undefined;
    if ((options as readonly string[]).includes(value)) return value as T;
    const near = closestName(value, options);
    return this.report(node.pos, `${what} is one of ${options.join(', ')}; found "${value}"${near ? ` (did you mean "${near}"?)` : ''}`);
  }

  /** A mapping of text to text (tags, web-identity claims). */
  textMap(node: YamlNode, what: string): Record<string, string> | undefined {
    const map = this.anyMap(node, what);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    let ok = true;
    for (const pair of map.pairs) {
      const value = this.text(pair.value, `${what} "${pair.key}"`);
      if (value === undefined) ok = false;
      else setOwn(out, pair.key, value);
    }
    return ok ? out : undefined;
  }

  textList(node: YamlNode, what: string): string[] | undefined {
    const items = this.list(node, what);
    if (!items) return undefined;
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const value = this.text(item, `${what}[${i}]`);
      if (value === undefined) ok = false;
      else out.push(value);
    });
    return ok ? out : undefined;
  }
}
