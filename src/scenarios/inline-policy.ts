/**
 * A policy written in the scenario file itself (`document:`), compiled with the positions of the
 * scenario file, so that its statements carry the scenario file's name and their own lines, the
 * same as a statement of a policy file does.
 */
import { compilePolicy } from '../policy/compile';
import type { Policy, PolicyKind } from '../policy/model';
import type { PathSegment, Position as PolicyPosition, SourceText } from '../policy/source';
import type { YamlNode } from './yaml-tree';
import { setOwn } from '../policy/own-keys';

/**
 * The document as the policy compiler reads it. A plain YAML number is passed as the text it was
 * written as: in a policy every value is text to IAM, and `012345678901` read as a number would
 * lose the leading zero of an account id.
 */
function documentValue(node: YamlNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'number' && !node.quoted ? node.text : node.value;
    case 'seq':
      return node.items.map(documentValue);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) setOwn(out, pair.key, documentValue(pair.value));
      return out;
    }
  }
}

function sourceOf(root: YamlNode): SourceText {
  return {
    value: documentValue(root),
    positionOf(path: readonly PathSegment[], key = false): PolicyPosition | undefined {
      let node: YamlNode = root;
      let keyPos: PolicyPosition | undefined;
      for (const segment of path) {
        keyPos = undefined;
        if (node.kind === 'map') {
          const pair = node.pairs.find((p) => p.key === String(segment));
          if (!pair) return node.pos;
          keyPos = pair.keyPos;
          node = pair.value;
        } else if (node.kind === 'seq' && typeof segment === 'number' && node.items[segment] !== undefined) {
          node = node.items[segment]!;
        } else {
          return node.pos;
        }
      }
      return key && keyPos ? keyPos : node.pos;
    },
  };
}

/** Compiles a `document:` node; throws `PolicyError` located in the scenario file. */
export function compileDocumentNode(node: YamlNode, options: { readonly name: string; readonly kind: PolicyKind | undefined; readonly file: string }): Policy {
  return compilePolicy(sourceOf(node), { name: options.name, file: options.file, ...(options.kind ? { kind: options.kind } : {}) });
}
