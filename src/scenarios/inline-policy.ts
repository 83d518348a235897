/**
 * A policy written in the scenario file itself (`document:`), compiled with the positions of the
 * scenario file, so that its statements carry the scenario file's name and their own lines, the
 * same as a statement of a policy file does.
 */
import { compilePolicy } from '../policy/compile';
import type { Policy, PolicyKind } from '../policy/model';
import type { SourceText } from '../source/document';
import { positionAtPath, type TreeWalk } from '../source/path-position';
import { pairOf, toPlain, type YamlNode, type YamlScalar } from '../source/yaml-tree';

/**
 * A plain YAML number is read as the text it was written as: in a policy every value is text to
 * IAM, and `012345678901` read as a number would lose the leading zero of an account id.
 */
function policyScalar(node: YamlScalar): unknown {
  return typeof node.value === 'number' && !node.quoted ? node.text : node.value;
}

const WALK: TreeWalk<YamlNode> = {
  at: (node) => node.pos,
  child(node, segment) {
    if (node.kind === 'map') {
      const pair = pairOf(node, String(segment));
      return pair === undefined ? undefined : { value: pair.value, keyAt: () => pair.keyPos };
    }
    if (node.kind === 'seq' && typeof segment === 'number' && node.items[segment] !== undefined) return { value: node.items[segment]! };
    return undefined;
  },
};

/** The document as the policy compiler reads it, with the scenario file's positions. */
function sourceOf(root: YamlNode): SourceText {
  return {
    value: toPlain(root, policyScalar),
    positionOf: (path, key = false) => positionAtPath(root, path, key, WALK),
  };
}

/** Compiles a `document:` node; throws `PolicyError` located in the scenario file. */
export function compileDocumentNode(
  node: YamlNode,
  options: { readonly name: string; readonly kind: PolicyKind | undefined; readonly file: string },
): Policy {
  return compilePolicy(sourceOf(node), { name: options.name, file: options.file, ...(options.kind ? { kind: options.kind } : {}) });
}
