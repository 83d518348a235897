/**
 * The policies of a scenario file: named under `policies:` or given in place, each compiled once
 * per role it plays (a file of 10,000 cases compiles its few policies a few times, not 10,000), with
 * its statements located in its own file, or in the scenario file for a `document:`.
 */
import { basename, extname, resolve } from 'node:path';
import { findTable, formatTemplateIssue, readDeployed, renamePolicy, TemplateError, type DeployedPolicies } from '../templates/index';
import { PolicyError } from '../policy/errors';
import { loadPolicyFile } from '../policy/load';
import type { Policy, PolicyKind } from '../policy/model';
import { issuesOfPolicyError } from './errors';
import { compileDocumentNode } from './inline-policy';
import { INLINE_POLICY_KEYS, POLICY_DEFINITION_KEYS } from './keys';
import type { PolicyLevels } from './model';
import { closestName } from '../util/nearest-name';
import type { NodeReader } from './read';
import { pairOf, type Position, type YamlMap, type YamlNode } from '../source/yaml-tree';

type PolicySource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'document'; readonly node: YamlNode }
  /** A table's or stream's resource policy in a template, CDK assembly or Terraform plan. */
  | { readonly kind: 'template'; readonly path: string; readonly table: string; readonly side: 'table' | 'stream'; readonly pos: Position };

interface PolicyDefinition {
  readonly name: string;
  readonly pos: Position;
  readonly source: PolicySource;
}

/** The role a policy plays in each slot a scenario file has. */
const SLOT_KIND: Readonly<Record<string, PolicyKind>> = {
  identityPolicies: 'identity',
  resourcePolicy: 'resource',
  policy: 'resource',
  permissionBoundary: 'permission-boundary',
  sessionPolicies: 'session',
  scps: 'scp',
  rcps: 'rcp',
  vpcEndpointPolicy: 'vpc-endpoint',
};

/** "#" separates a policy from a statement in decidedBy. */
const POLICY_NAME = /^[^#\s]+$/;

export class PolicyResolver {
  private readonly definitions = new Map<string, PolicyDefinition>();
  /** Compiled policies by name and kind (null: it did not compile, already reported). */
  private readonly compiled = new Map<string, Policy | null>();
  /** Inline policies by their YAML node, so that an expanded case compiles its inline policy once. */
  private readonly inlineCompiled = new WeakMap<YamlNode, Map<PolicyKind, Policy | null>>();
  /** Names given to inline policies, to keep names unique. */
  private readonly inlineNames = new Map<string, YamlNode>();
  private readonly files = new Set<string>();
  /** Templates, assemblies and plans read, by absolute path (null: it did not read, already reported). */
  private readonly templates = new Map<string, DeployedPolicies | null>();

  /**
   * @param file the scenario file as shown to people
   * @param dir the scenario file's directory: policy files are relative to it
   * @param display how a policy file's path is shown to people
   */
  constructor(
    private readonly reader: NodeReader,
    private readonly file: string,
    private readonly dir: string,
    private readonly display: (path: string) => string,
  ) {}

  private report(pos: Position | undefined, message: string): undefined {
    return this.reader.report(pos, message);
  }

  /** The absolute paths of the policy files read. */
  policyFiles(): string[] {
    return [...this.files];
  }

  /** Compiles the named policies nothing used, so that a broken one is never quietly ignored. */
  checkUnused(): void {
    for (const definition of this.definitions.values()) {
      if (![...this.compiled.keys()].some((key) => key.startsWith(`${definition.name}\u0000`)))
        this.named(definition.name, definition.pos, undefined);
    }
  }

  /** Reads `policies:`: each a `file:` or a `document:`. */
  readDefinitions(node: YamlNode): void {
    const map = this.reader.anyMap(node, 'policies');
    if (!map) return;
    for (const pair of map.pairs) {
      if (!POLICY_NAME.test(pair.key)) {
        this.report(
          pair.keyPos,
          `policy name "${pair.key}" may not contain "#" or spaces ("#" separates a policy from a statement in decidedBy)`,
        );
        continue;
      }
      const def = this.reader.map(pair.value, `policy "${pair.key}"`, POLICY_DEFINITION_KEYS);
      if (!def) continue;
      const source = this.policySource(def, `policy "${pair.key}"`);
      const descriptionNode = pairOf(def, 'description')?.value;
      if (descriptionNode) this.reader.text(descriptionNode, 'description');
      if (source) this.definitions.set(pair.key, { name: pair.key, pos: pair.keyPos, source });
    }
  }

  /** `file:`, `document:` or `template:` (with `resource:` or `stream:`), exactly one. */
  private policySource(map: YamlMap, what: string): PolicySource | undefined {
    const fileNode = pairOf(map, 'file')?.value;
    const documentNode = pairOf(map, 'document')?.value;
    const templateNode = pairOf(map, 'template')?.value;
    const given = (['file', 'document', 'template'] as const).filter((_key, i) => [fileNode, documentNode, templateNode][i] !== undefined);
    if (given.length > 1)
      return this.report(
        map.pos,
        `${what} has ${given.length === 2 ? 'both ' : ''}${given.map((k) => `${k}:`).join(given.length === 2 ? ' and ' : ', ')}; give one`,
      );
    if (templateNode) return this.templateSource(map, templateNode, what);
    for (const key of ['resource', 'stream']) {
      const node = pairOf(map, key)?.value;
      if (node) return this.report(node.pos, `${what} ${key}: names a table of a template: give template: too`);
    }
    if (documentNode) return { kind: 'document', node: documentNode };
    if (fileNode) {
      const file = this.reader.text(fileNode, `${what} file`);
      return file === undefined ? undefined : { kind: 'file', path: resolve(this.dir, file) };
    }
    return this.report(
      map.pos,
      `${what} needs file: (a path relative to this scenario file), document: (the policy itself) or ` +
        `template: with resource: (a table's policy in a template)`,
    );
  }

  private templateSource(map: YamlMap, templateNode: YamlNode, what: string): PolicySource | undefined {
    const template = this.reader.text(templateNode, `${what} template`);
    const resourceNode = pairOf(map, 'resource')?.value;
    const streamNode = pairOf(map, 'stream')?.value;
    if (resourceNode && streamNode) return this.report(map.pos, `${what} has both resource: and stream:; give one`);
    const tableNode = resourceNode ?? streamNode;
    if (!tableNode)
      return this.report(
        map.pos,
        `${what} template: needs resource: (the table whose policy it is) or stream: (the table whose stream policy it is)`,
      );
    const table = this.reader.text(tableNode, `${what} ${resourceNode ? 'resource' : 'stream'}`);
    if (template === undefined || table === undefined) return undefined;
    return { kind: 'template', path: resolve(this.dir, template), table, side: resourceNode ? 'table' : 'stream', pos: tableNode.pos };
  }

  /** What a template, cloud assembly or plan deploys, read once per scenario file; undefined when it cannot be read (reported). */
  deployed(path: string, pos: Position): DeployedPolicies | undefined {
    if (!this.templates.has(path)) {
      this.files.add(path);
      try {
        // Read by the path people see, so that findings and decidedBy show it the same way.
        const shown = this.display(path);
        this.templates.set(path, readDeployed(resolve(shown) === path ? shown : path));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        this.templates.set(path, null);
        for (const issue of error.issues) this.report(pos, `the template does not read: ${formatTemplateIssue(issue)}`);
      }
    }
    return this.templates.get(path) ?? undefined;
  }

  /** Finds a table, role or user of a template; undefined when there is none (reported). */
  inTemplate<T>(path: string, pos: Position, find: (model: DeployedPolicies) => T): T | undefined {
    const model = this.deployed(path, pos);
    if (!model) return undefined;
    try {
      return find(model);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return this.report(pos, error.issues.map((i) => i.message).join('; '));
    }
  }

  private templatePolicy(source: Extract<PolicySource, { kind: 'template' }>, name: string): Policy | null {
    const table = this.inTemplate(source.path, source.pos, (model) => findTable(model, source.table));
    if (!table) return null;
    const policy = source.side === 'table' ? table.policy : table.stream?.policy;
    if (!policy) {
      this.report(
        source.pos,
        `${source.table} in ${this.display(source.path)} has no ` +
          `${source.side === 'table' ? 'resource' : 'stream'}` +
          ` policy${source.side === 'stream' && !table.stream ? ' (the table has no stream)' : ''}`,
      );
      return null;
    }
    return renamePolicy(policy, name);
  }

  private compileSource(source: PolicySource, name: string, kind: PolicyKind | undefined, usedAt: Position): Policy | null {
    if (source.kind === 'template') return this.templatePolicy(source, name);
    try {
      if (source.kind === 'file') this.files.add(source.path);
      if (source.kind === 'file') return loadPolicyFile(source.path, { name, ...(kind ? { kind } : {}), file: this.display(source.path) });
      return compileDocumentNode(source.node, { name, kind, file: this.file });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      this.reader.issues.push(...issuesOfPolicyError(error, this.file, usedAt));
      return null;
    }
  }

  /** A named policy compiled for `kind` (once per name and kind). */
  named(name: string, pos: Position, kind: PolicyKind | undefined): Policy | undefined {
    const definition = this.definitions.get(name);
    if (!definition) {
      const near = closestName(name, [...this.definitions.keys()]);
      return this.report(
        pos,
        `unknown policy "${name}"${near ? ` (did you mean "${near}"?)` : ''}; ` +
          (this.definitions.size > 0
            ? `policies: ${[...this.definitions.keys()].join(', ')}`
            : 'the file defines no policies under policies:'),
      );
    }
    const key = `${name}\u0000${kind ?? ''}`;
    if (!this.compiled.has(key)) this.compiled.set(key, this.compileSource(definition.source, name, kind, kind ? pos : definition.pos));
    return this.compiled.get(key) ?? undefined;
  }

  /** A policy reference: a name, or `{ file }` / `{ document }` (with an optional `name`). */
  private policyRef(node: YamlNode, kind: PolicyKind, what: string, defaultName: string): Policy | undefined {
    if (node.kind === 'scalar') {
      const name = this.reader.text(node, what);
      return name === undefined ? undefined : this.named(name, node.pos, kind);
    }
    const map = this.reader.map(node, what, INLINE_POLICY_KEYS);
    if (!map) return undefined;
    let cache = this.inlineCompiled.get(map);
    if (cache?.has(kind)) return cache.get(kind) ?? undefined;
    const nameNode = pairOf(map, 'name')?.value;
    let name = defaultName;
    if (nameNode) {
      const given = this.reader.text(nameNode, `${what} name`);
      if (given === undefined) return undefined;
      if (!POLICY_NAME.test(given)) return this.report(nameNode.pos, `policy name "${given}" may not contain "#" or spaces`);
      if (this.definitions.has(given))
        return this.report(nameNode.pos, `policy name "${given}" is already the name of a policy under policies:`);
      const other = this.inlineNames.get(given);
      if (other && other !== map) return this.report(nameNode.pos, `policy name "${given}" is already used at line ${other.pos.line}`);
      this.inlineNames.set(given, map);
      name = given;
    }
    const source = this.policySource(map, what);
    if (!source) return undefined;
    if (source.kind === 'file' && !nameNode) name = basename(source.path, extname(source.path));
    const policy = this.compileSource(source, name, kind, map.pos);
    if (!cache) this.inlineCompiled.set(map, (cache = new Map()));
    cache.set(kind, policy);
    return policy ?? undefined;
  }

  refList(node: YamlNode, slot: string, owner: string): Policy[] | undefined {
    const kind = SLOT_KIND[slot]!;
    const items = this.reader.list(node, `${owner} ${slot}`);
    if (!items) return undefined;
    const out: Policy[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const policy = this.policyRef(item, kind, `${owner} ${slot}[${i}]`, `${owner}.${slot}[${i}]`);
      if (policy) out.push(policy);
      else ok = false;
    });
    return ok ? out : undefined;
  }

  /** A single-policy slot; `null` (or `~`) means explicitly none. */
  refOrNone(node: YamlNode, slot: string, owner: string): Policy | null | undefined {
    if (node.kind === 'scalar' && node.value === null) return null;
    return this.policyRef(node, SLOT_KIND[slot]!, `${owner} ${slot}`, `${owner}.${slot}`);
  }

  /** SCP or RCP levels: a list whose items are a policy or a list of policies at that level. */
  levels(node: YamlNode, slot: 'scps' | 'rcps', owner: string): PolicyLevels | undefined {
    const kind = SLOT_KIND[slot]!;
    const items = this.reader.list(node, `${owner} ${slot}`);
    if (!items) return undefined;
    const out: Policy[][] = [];
    let ok = true;
    items.forEach((level, li) => {
      const members = this.reader.listOrOne(level);
      if (members.length === 0) {
        this.report(
          level.pos,
          `${owner} ${slot}[${li}] is an empty level; every level from the root to the account needs at least one policy`,
        );
        ok = false;
        return;
      }
      const policies: Policy[] = [];
      members.forEach((member, pi) => {
        const policy = this.policyRef(
          member,
          kind,
          `${owner} ${slot}[${li}]`,
          `${owner}.${slot}[${li}]${members.length > 1 ? `[${pi}]` : ''}`,
        );
        if (policy) policies.push(policy);
        else ok = false;
      });
      out.push(policies);
    });
    return ok ? out : undefined;
  }
}
