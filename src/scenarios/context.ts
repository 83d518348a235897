/**
 * Condition keys in a scenario file: a principal's and a case's `context:`. Values are taken as
 * written (`012` stays `012`), a list makes a multivalued key, and a key AWS does not define under
 * `aws:` or `dynamodb:` is refused: a misspelt key would be absent from the request and quietly
 * change the decision.
 */
import { findDynamoConditionKey, suggestConditionKey } from '../dynamodb/condition-keys';
import type { ContextValue, RequestContext } from '../engine/request-types';
import { findGlobalConditionKey, findWebIdentityKey } from '../condition-keys/global';
import type { NodeReader } from './read';
import type { YamlNode } from '../source/yaml-tree';
import { setOwn } from '../util/own-keys';

/** Why a context key name cannot be used, or undefined when it can. */
export function contextKeyProblem(key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return `"${key}" is not a condition key; keys are "prefix:Name", e.g. "aws:SourceIp"`;
  const prefix = key.slice(0, colon).toLowerCase();
  const hint = () => {
    const near = suggestConditionKey(key);
    return near ? ` (did you mean "${near}"?)` : '';
  };
  if (prefix === 'aws') return findGlobalConditionKey(key) ? undefined : `"${key}" is not a global condition key AWS defines${hint()}`;
  if (prefix === 'dynamodb') return findDynamoConditionKey(key) ? undefined : `"${key}" is not a DynamoDB condition key${hint()}`;
  if (findWebIdentityKey(key)) return undefined;
  return undefined; // other services' keys are passed through: iamspec has no catalog of them
}

/** The principal's keys with the case's on top (key names compare case-insensitively). */
export function mergeContext(base: RequestContext, top: RequestContext): RequestContext {
  const baseKeys = Object.keys(base);
  if (baseKeys.length === 0) return top;
  const out: Record<string, ContextValue | undefined> = {};
  const topLower = new Set(Object.keys(top).map((k) => k.toLowerCase()));
  for (const key of baseKeys) if (!topLower.has(key.toLowerCase())) setOwn(out, key, base[key]);
  return { ...out, ...top };
}

/** Reads `context:` mappings; remembers the key names it has checked (a file repeats a few keys many times). */
export class ContextReader {
  private readonly validKeys = new Set<string>();

  constructor(private readonly reader: NodeReader) {}

  read(node: YamlNode, what: string): RequestContext | undefined {
    const map = this.reader.anyMap(node, what);
    if (!map) return undefined;
    const out: Record<string, ContextValue> = {};
    // Key names by lower case, to find a key given twice: needed only with more than one key.
    const seen = map.pairs.length > 1 ? new Map<string, string>() : undefined;
    let ok = true;
    for (const pair of map.pairs) {
      if (!this.validKeys.has(pair.key)) {
        const problem = contextKeyProblem(pair.key);
        if (problem) {
          this.reader.report(pair.keyPos, `${what}: ${problem}`);
          ok = false;
          continue;
        }
        this.validKeys.add(pair.key);
      }
      if (seen) {
        const lower = pair.key.toLowerCase();
        if (seen.has(lower)) {
          this.reader.report(
            pair.keyPos,
            `${what}: "${pair.key}" is given twice (as "${seen.get(lower)}"); condition key names are case-insensitive`,
          );
          ok = false;
          continue;
        }
        seen.set(lower, pair.key);
      }
      const value = this.value(pair.value, what, pair.key);
      if (value === undefined) ok = false;
      else setOwn(out, pair.key, value);
    }
    return ok ? out : undefined;
  }

  private value(node: YamlNode, what: string, key: string): ContextValue | undefined {
    if (node.kind !== 'seq') return this.scalar(node, what, key);
    const values: string[] = [];
    let ok = true;
    for (const item of node.items) {
      const value = this.scalar(item, what, key);
      if (value === undefined) ok = false;
      else values.push(value);
    }
    return ok ? values : undefined;
  }

  /** One value of the key `key` (the message is built only when there is something to say). */
  private scalar(node: YamlNode, what: string, key: string): string | undefined {
    if (node.kind !== 'scalar')
      return this.reader.report(
        node.pos,
        `${what} "${key}" is a value or a list of values; found ${node.kind === 'map' ? 'a mapping' : 'a nested list'}`,
      );
    if (node.value === null)
      return this.reader.report(node.pos, `${what} "${key}" has no value; leave the key out for a request that does not carry it`);
    return node.quoted ? String(node.value) : node.text;
  }
}
