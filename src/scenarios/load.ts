/**
 * Loading a scenario file: YAML with positions → a checked `Scenario` whose names are all resolved
 * and whose policies are each compiled once, so that running 10,000 cases compiles nothing.
 *
 * Fail closed: every unknown key, wrong type, missing file, unknown name and unreadable policy is an
 * issue with its file, line and column, and a file with any issue is not run at all.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { actionProblem } from '../engine/services';
import { parseDynamoArn, tableNameProblem } from '../dynamodb/arn';
import { CallError, commandName } from '../dynamodb/from-command';
import type { IndexKeySchema, KeySchema } from '../dynamodb/from-command/model';
import { parseCaller } from '../engine/principal';
import type { PrincipalDescription, RequestContext } from '../engine/request-types';
import { splitArn, isAccountId } from '../policy/arn';
import { RequestError } from '../problems/request-error';
import type { Policy } from '../policy/model';
import { ContextReader, mergeContext } from './context';
import { parseDecidedBy } from './decided-by';
import { issueAt, ScenarioError } from './errors';
import { expandCase } from './expand';
import { CASE_KEYS, FILE_KEYS, INDEX_KEY_SCHEMA_KEYS, KEY_SCHEMA_KEYS, ORGANIZATION_KEYS, PRINCIPAL_KEYS, RESOURCE_KEYS } from './keys';
import {
  EXPECTATIONS,
  type CallerSide,
  type CaseTarget,
  type DecidedByExpectation,
  type PolicyLevels,
  type ResourceSide,
  type Scenario,
  type ScenarioCase,
  type ScenarioPrincipal,
  type ScenarioResource,
} from './model';
import { PolicyResolver } from './policy-refs';
import { findPrincipal, type DeployedPrincipal } from '../templates/index';
import { closestName } from '../util/nearest-name';
import { NodeReader } from './read';
import { pairOf, readYaml, toPlain, type Position, type YamlMap, type YamlNode } from '../source/yaml-tree';
import { setOwn } from '../util/own-keys';
import { checkOptions, describeArgument } from '../problems/known-keys';

export interface ScenarioLoadOptions {
  /** Paths in messages and results are shown relative to this directory. Default: `process.cwd()`. */
  readonly cwd?: string;
}

/** A path as people see it: relative to the working directory, with forward slashes. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? basename(path) : isAbsolute(rel) ? path : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** Reads and loads a scenario file. Throws `ScenarioError` listing every problem found. */
export function loadScenarioFile(path: string, options: ScenarioLoadOptions = {}): Scenario {
  checkOptions(options, { cwd: 'string' });
  if (typeof path !== 'string') throw new RequestError('path', `is the scenario file's path; found ${describeArgument(path)}`, 'scenario');
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, path);
  const file = displayPath(absolute, cwd);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ScenarioError([issueAt(file, undefined, `cannot read the scenario file: ${why}`, 'file')]);
  }
  return loadScenarioText(text, { path: absolute, cwd });
}

/** Loads scenario text that was read from `path` (which locates the policy files it names). */
export function loadScenarioText(text: string, options: { readonly path: string; readonly cwd?: string }): Scenario {
  checkOptions(options, { path: 'string', cwd: 'string' });
  if (typeof options?.path !== 'string')
    throw new RequestError('path', 'loadScenarioText needs the path the text was read from: { path }', 'options');
  if (typeof text !== 'string') throw new RequestError('text', `is the scenario file's text; found ${describeArgument(text)}`, 'scenario');
  const cwd = options.cwd ?? process.cwd();
  const loader = new ScenarioLoader(resolve(cwd, options.path), cwd);
  return loader.load(text);
}

// --- policies ----------------------------------------------------------------------------------------

class ScenarioLoader {
  private readonly file: string;
  private readonly reader: NodeReader;
  private readonly principals = new Map<string, ScenarioPrincipal>();
  private readonly resources: ScenarioResource[] = [];
  private readonly resourcesByName = new Map<string, ScenarioResource>();
  private organizationScps: PolicyLevels = [];
  private organizationRcps: PolicyLevels = [];
  /** The caller side of a principal given by ARN in a case: no policies of its own. */
  private bareCaller: CallerSide | undefined;
  private fileStrict = false;
  /** Bare table names checked for cases of DynamoDB actions, each as the first case spelt it (see resource()). */
  private readonly validTableNames = new Map<string, string>();
  /** Actions checked, each as the first case spelt it (see action()). */
  private readonly validActions = new Map<string, string>();
  private readonly policies: PolicyResolver;
  private readonly contexts: ContextReader;

  constructor(
    private readonly path: string,
    cwd: string,
  ) {
    this.file = displayPath(path, cwd);
    this.reader = new NodeReader(this.file);
    this.policies = new PolicyResolver(this.reader, this.file, dirname(path), (file) => displayPath(file, cwd));
    this.contexts = new ContextReader(this.reader);
  }

  private report(pos: Position | undefined, message: string): undefined {
    return this.reader.report(pos, message);
  }

  load(text: string): Scenario {
    const read = readYaml(text);
    if (!read.ok) throw new ScenarioError([issueAt(this.file, read.pos, `invalid YAML: ${read.message}`, 'syntax')]);
    const root = this.reader.map(read.root, 'a scenario file', FILE_KEYS);
    if (!root) throw new ScenarioError(this.reader.issues);

    const get = (key: string) => pairOf(root, key)?.value;
    const descriptionNode = get('description');
    const description = descriptionNode ? this.reader.text(descriptionNode, 'description') : undefined;
    const strictNode = get('strict');
    if (strictNode) this.fileStrict = this.reader.bool(strictNode, 'strict') ?? false;

    const policiesNode = get('policies');
    if (policiesNode) this.policies.readDefinitions(policiesNode);
    const organizationNode = get('organization');
    if (organizationNode) this.readOrganization(organizationNode);
    const principalsNode = get('principals');
    if (principalsNode) this.readPrincipals(principalsNode);
    const resourcesNode = get('resources');
    if (resourcesNode) this.readResources(resourcesNode);

    const casesNode = get('cases');
    let cases: ScenarioCase[] = [];
    if (!casesNode) this.report(root.pos, 'a scenario file needs `cases:`, a list of at least one case');
    else cases = this.readCases(casesNode);

    // Every named policy is checked, used or not: a broken file is never quietly ignored.
    this.policies.checkUnused();

    if (this.reader.issues.length > 0) throw new ScenarioError(this.reader.issues);
    return {
      file: this.file,
      path: this.path,
      description,
      principals: this.principals,
      resources: this.resources,
      defaultRcps: this.organizationRcps,
      cases,
      policyFiles: this.policies.policyFiles(),
    };
  }

  // --- organization, principals, resources ------------------------------------------------------------

  private readOrganization(node: YamlNode): void {
    const map = this.reader.map(node, 'organization', ORGANIZATION_KEYS);
    if (!map) return;
    const scps = pairOf(map, 'scps')?.value;
    const rcps = pairOf(map, 'rcps')?.value;
    if (scps) this.organizationScps = this.policies.levels(scps, 'scps', 'organization') ?? [];
    if (rcps) this.organizationRcps = this.policies.levels(rcps, 'rcps', 'organization') ?? [];
  }

  private readPrincipals(node: YamlNode): void {
    const map = this.reader.anyMap(node, 'principals');
    if (!map) return;
    for (const pair of map.pairs) {
      const principal = this.readPrincipal(pair.key, pair.value);
      if (principal) this.principals.set(pair.key, principal);
    }
  }

  private readPrincipal(name: string, node: YamlNode): ScenarioPrincipal | undefined {
    const owner = `principal "${name}"`;
    const map = this.reader.map(node, owner, PRINCIPAL_KEYS);
    if (!map) return undefined;
    const get = (key: string) => pairOf(map, key)?.value;
    const fromTemplate = this.principalFromTemplate(owner, map);
    if (fromTemplate === null) return undefined;
    const arnNode = get('arn') ?? get('role');
    if (!arnNode)
      return this.report(
        map.pos,
        `${owner} needs arn: (an IAM user, role or role-session ARN, an account id, or a service ` +
          `principal), or template: and role: (a role or user of a template)`,
      );
    const arn = fromTemplate && !get('arn') ? fromTemplate.arn : this.reader.text(arnNode, `${owner} arn`);
    if (arn === undefined) return undefined;
    const description: { -readonly [K in keyof PrincipalDescription]: PrincipalDescription[K] } = { arn };
    const text = (key: 'orgId' | 'sourceIdentity' | 'rolePath' | 'uniqueId' | 'federatedBy') => {
      const value = get(key);
      if (value) {
        const read = this.reader.text(value, `${owner} ${key}`);
        if (read !== undefined) description[key] = read;
      }
    };
    text('orgId');
    text('sourceIdentity');
    text('rolePath');
    text('uniqueId');
    text('federatedBy');
    const tags = get('tags');
    if (tags) description.tags = this.reader.textMap(tags, `${owner} tags`);
    const orgPaths = get('orgPaths');
    if (orgPaths) description.orgPaths = this.reader.textList(orgPaths, `${owner} orgPaths`);
    const mfa = get('mfa');
    if (mfa) description.mfa = this.reader.bool(mfa, `${owner} mfa`);
    const webIdentity = get('webIdentity');
    if (webIdentity) description.webIdentity = this.reader.textMap(webIdentity, `${owner} webIdentity`);
    try {
      parseCaller(description);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      this.report(arnNode.pos, `${owner}: ${error.message.replace(/^request\.principal: /, '')}`);
    }

    const identityNode = get('identityPolicies');
    const boundaryNode = get('permissionBoundary');
    const sessionNode = get('sessionPolicies');
    const scpsNode = get('scps');
    const vpceNode = get('vpcEndpointPolicy');
    const caller: CallerSide = {
      // A template's role brings its identity policies and boundary; those listed come on top.
      identityPolicies: [
        ...(fromTemplate?.identityPolicies ?? []),
        ...(identityNode ? (this.policies.refList(identityNode, 'identityPolicies', owner) ?? []) : []),
      ],
      permissionBoundary: boundaryNode
        ? (this.policies.refOrNone(boundaryNode, 'permissionBoundary', owner) ?? undefined)
        : fromTemplate?.permissionBoundary,
      sessionPolicies: sessionNode ? (this.policies.refList(sessionNode, 'sessionPolicies', owner) ?? []) : [],
      scps: scpsNode ? (this.policies.levels(scpsNode, 'scps', owner) ?? []) : this.organizationScps,
      vpcEndpointPolicy: vpceNode ? (this.policies.refOrNone(vpceNode, 'vpcEndpointPolicy', owner) ?? undefined) : undefined,
    };
    const contextNode = get('context');
    const regionNode = get('region');
    const descriptionNode = get('description');
    if (descriptionNode) this.reader.text(descriptionNode, `${owner} description`);
    return {
      name,
      description,
      caller,
      context: contextNode ? (this.contexts.read(contextNode, `${owner} context`) ?? {}) : {},
      region: regionNode ? this.reader.text(regionNode, `${owner} region`) : undefined,
    };
  }

  /**
   * `template:` with `role:`: a role (or user) of a template, CDK assembly or Terraform plan, whose
   * sessions are the callers. Undefined when the principal is not from a template, null when it is
   * and cannot be read (reported).
   */
  private principalFromTemplate(owner: string, map: YamlMap): DeployedPrincipal | null | undefined {
    const templateNode = pairOf(map, 'template')?.value;
    const roleNode = pairOf(map, 'role')?.value;
    if (!templateNode) {
      if (roleNode) this.report(roleNode.pos, `${owner} role: names a role of a template: give template: too`);
      return roleNode ? null : undefined;
    }
    if (!roleNode) return this.report(map.pos, `${owner} template: needs role: (the logical id or address of the role or user)`) ?? null;
    if (pairOf(map, 'arn')) return this.report(map.pos, `${owner} has both arn: and template:; a template's role has its own ARN`) ?? null;
    const template = this.reader.text(templateNode, `${owner} template`);
    const role = this.reader.text(roleNode, `${owner} role`);
    if (template === undefined || role === undefined) return null;
    return this.policies.inTemplate(resolve(dirname(this.path), template), roleNode.pos, (model) => findPrincipal(model, role)) ?? null;
  }

  private readResources(node: YamlNode): void {
    const map = this.reader.anyMap(node, 'resources');
    if (!map) return;
    const byArn = new Map<string, string>();
    for (const pair of map.pairs) {
      const resource = this.readResource(pair.key, pair.value);
      if (!resource) continue;
      const other = byArn.get(resource.arn);
      if (other !== undefined) {
        this.report(
          pair.keyPos,
          `resource "${pair.key}" has the same ARN as resource "${other}"; a resource has one policy, so name it once`,
        );
        continue;
      }
      byArn.set(resource.arn, pair.key);
      this.resources.push(resource);
      this.resourcesByName.set(pair.key, resource);
    }
  }

  private readResource(name: string, node: YamlNode): ScenarioResource | undefined {
    const owner = `resource "${name}"`;
    const map = this.reader.map(node, owner, RESOURCE_KEYS);
    if (!map) return undefined;
    const get = (key: string) => pairOf(map, key)?.value;
    const arnNode = get('arn');
    if (!arnNode) return this.report(map.pos, `${owner} needs arn: (the table's or stream's full ARN)`);
    const arn = this.reader.text(arnNode, `${owner} arn`);
    if (arn === undefined) return undefined;
    const split = splitArn(arn);
    if (!split.ok) return this.report(arnNode.pos, `${owner} arn: ${split.message}`);
    if (split.arn.service === 'dynamodb') {
      const parsed = parseDynamoArn(arn);
      if (!parsed.ok) return this.report(arnNode.pos, `${owner} arn: ${parsed.message}`);
    }
    const policyNode = get('policy');
    const rcpsNode = get('rcps');
    const side: ResourceSide = {
      resourcePolicy: policyNode ? (this.policies.refOrNone(policyNode, 'policy', owner) ?? undefined) : undefined,
      rcps: rcpsNode ? (this.policies.levels(rcpsNode, 'rcps', owner) ?? []) : this.organizationRcps,
    };
    const keySchemaNode = get('keySchema');
    const tagsNode = get('tags');
    const descriptionNode = get('description');
    if (descriptionNode) this.reader.text(descriptionNode, `${owner} description`);
    return {
      name,
      arn,
      side,
      keySchema: keySchemaNode ? this.keySchema(keySchemaNode, owner) : undefined,
      tags: tagsNode ? (this.reader.textMap(tagsNode, `${owner} tags`) ?? {}) : {},
    };
  }

  private keySchema(node: YamlNode, owner: string): KeySchema | undefined {
    const map = this.reader.map(node, `${owner} keySchema`, KEY_SCHEMA_KEYS);
    if (!map) return undefined;
    const keys = (m: YamlMap, what: string): IndexKeySchema | undefined => {
      const partitionNode = pairOf(m, 'partitionKey')?.value;
      if (!partitionNode) return this.report(m.pos, `${what} needs partitionKey: (the partition key attribute's name)`);
      const partitionKey = this.reader.text(partitionNode, `${what} partitionKey`);
      const sortNode = pairOf(m, 'sortKey')?.value;
      const sortKey = sortNode ? this.reader.text(sortNode, `${what} sortKey`) : undefined;
      if (partitionKey === undefined) return undefined;
      return sortKey === undefined ? { partitionKey } : { partitionKey, sortKey };
    };
    const table = keys(map, `${owner} keySchema`);
    const indexesNode = pairOf(map, 'indexes')?.value;
    let indexes: Record<string, IndexKeySchema> | undefined;
    if (indexesNode) {
      const indexMap = this.reader.anyMap(indexesNode, `${owner} keySchema indexes`);
      if (indexMap) {
        indexes = {};
        for (const pair of indexMap.pairs) {
          const indexNode = this.reader.map(pair.value, `index "${pair.key}" of ${owner}`, INDEX_KEY_SCHEMA_KEYS);
          const index = indexNode ? keys(indexNode, `index "${pair.key}" of ${owner}`) : undefined;
          if (index) setOwn(indexes, pair.key, index);
        }
      }
    }
    if (!table) return undefined;
    return indexes ? { ...table, indexes } : table;
  }

  // --- cases -------------------------------------------------------------------------------------------

  private readCases(node: YamlNode): ScenarioCase[] {
    const items = this.reader.list(node, 'cases');
    if (!items) return [];
    if (items.length === 0) {
      this.report(node.pos, 'cases: is empty; a scenario file needs at least one case');
      return [];
    }
    const cases: ScenarioCase[] = [];
    const names = new Map<string, number>();
    for (const item of items) {
      const map = this.reader.map(item, 'a case', CASE_KEYS);
      if (!map) continue;
      const nameNode = fieldOf(map, 'name');
      if (!nameNode) {
        this.report(map.pos, 'a case needs name: (how test output and reports call it)');
        continue;
      }
      const name = this.reader.text(nameNode, 'a case name');
      if (name === undefined) continue;
      // Most cases have no each:, and are read as they stand.
      const expanded = fieldOf(map, 'each') ? expandCase(map, name, this.reader) : [{ map, name }];
      if (!expanded) continue;
      const position = map.pos; // worked out on demand: once per case, not once per use
      for (const one of expanded) {
        const earlier = names.get(one.name);
        if (earlier !== undefined) {
          const hint = one.map !== map ? '; put the values that vary in the name, as {key}' : '';
          this.report(
            map.pos,
            `two cases are named "${one.name}" (the other is at line ${earlier}); names must be unique in a file${hint}`,
          );
          continue;
        }
        names.set(one.name, position.line);
        const readCase = this.readCase(one.map, one.name, one.map === map ? position : one.map.pos);
        if (readCase) cases.push(readCase);
      }
    }
    return cases;
  }

  private callerOf(principalNode: YamlNode): { principal: ScenarioCase['principal']; context: RequestContext } | undefined {
    const text = this.reader.text(principalNode, 'principal');
    if (text === undefined) return undefined;
    const named = this.principals.get(text);
    if (named) return { principal: { description: named.description, caller: named.caller, region: named.region }, context: named.context };
    const looksLikeCaller =
      text.startsWith('arn:') || isAccountId(text) || text.includes('.amazonaws.com') || text === '*' || text.toLowerCase() === 'anonymous';
    if (!looksLikeCaller) {
      const near = closestName(text, [...this.principals.keys()]);
      const known =
        this.principals.size > 0
          ? `principals: ${[...this.principals.keys()].join(', ')}`
          : 'the file names no principals under principals:';
      return this.report(
        principalNode.pos,
        `unknown principal "${text}"${near ? ` (did you mean "${near}"?)` : ''}; give a name from principals: or an ARN (${known})`,
      );
    }
    try {
      parseCaller(text);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      return this.report(principalNode.pos, error.message.replace(/^request\.principal: /, 'principal: '));
    }
    this.bareCaller ??= {
      identityPolicies: [],
      permissionBoundary: undefined,
      sessionPolicies: [],
      scps: this.organizationScps,
      vpcEndpointPolicy: undefined,
    };
    return { principal: { description: { arn: text }, caller: this.bareCaller, region: undefined }, context: {} };
  }

  private action(node: YamlNode): string | undefined {
    const action = this.reader.text(node, 'action');
    if (action === undefined) return undefined;
    // Thousands of cases name the same few actions: each is checked once, and every case gets the
    // same string, whose hash the evaluator's lookups then never compute again.
    const known = this.validActions.get(action);
    if (known !== undefined) return known;
    const problem = actionProblem(action);
    if (problem !== undefined) return this.report(node.pos, problem.message);
    this.validActions.set(action, action);
    return action;
  }

  /** A resource name from resources:, an ARN, "*", or a bare table name (resolved in the caller's account). */
  private resource(node: YamlNode, dynamodb: boolean): string | undefined {
    const text = this.reader.text(node, 'resource');
    if (text === undefined) return undefined;
    const named = this.resourcesByName.get(text);
    if (named) return named.arn;
    if (text === '*') return text;
    if (text.startsWith('arn:')) {
      const split = splitArn(text);
      return split.ok ? text : this.report(node.pos, `resource: ${split.message}`);
    }
    // A bare table name passed the checks below once passes them again: each is checked once per file.
    const checked = dynamodb ? this.validTableNames.get(text) : undefined;
    if (checked !== undefined) return checked;
    // A close miss of a resource's name is a typo, unless it is the name of a table the file knows
    // (reading a table by bare name is a case worth writing: it goes to the caller's own account).
    const isKnownTable = this.resources.some((r) => r.arn.endsWith(`:table/${text}`));
    const near = isKnownTable ? undefined : closestName(text, [...this.resourcesByName.keys()], 2);
    if (near)
      return this.report(
        node.pos,
        `unknown resource "${text}" (did you mean "${near}"?); a bare table name would be a table in the ` +
          `caller's own account, so write it differently if you mean that`,
      );
    if (!dynamodb) return this.report(node.pos, `unknown resource "${text}"; give a name from resources: or an ARN`);
    const problem = tableNameProblem(text);
    if (problem) return this.report(node.pos, `resource "${text}" is neither a name from resources:, an ARN nor a table name: ${problem}`);
    this.validTableNames.set(text, text);
    return text;
  }

  private call(node: YamlNode, resource: string | undefined, resourceNode: YamlNode | undefined): CaseTarget | undefined {
    const map = this.reader.anyMap(node, 'call');
    if (!map) return undefined;
    const [only, ...rest] = map.pairs;
    if (!only || rest.length > 0)
      return this.report(map.pos, 'call: has exactly one key, the DynamoDB operation: `call: { Query: { ...input } }`');
    let command: string;
    try {
      command = commandName(only.key);
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      return this.report(only.keyPos, `call: ${error.message}`);
    }
    if (only.value.kind !== 'map')
      return this.report(only.value.pos, `call: the input of ${command} is a mapping (the SDK command's input)`);
    const input = toPlain(only.value) as Record<string, unknown>;
    if (resource !== undefined) {
      if ('TableName' in input) return this.report(resourceNode!.pos, `resource: is given and so is the call's TableName; give one`);
      input.TableName = resource;
    }
    return { kind: 'call', command, input };
  }

  private readCase(map: YamlMap, name: string, position: Position): ScenarioCase | undefined {
    const issuesBefore = this.reader.issues.length;
    const get = (key: string): YamlNode | undefined => fieldOf(map, key);

    const principalNode = get('principal');
    if (!principalNode) this.report(map.pos, `case "${name}" needs principal: (a name from principals: or an ARN)`);
    const caller = principalNode ? this.callerOf(principalNode) : undefined;

    const actionNode = get('action');
    const callNode = get('call');
    const resourceNode = get('resource');
    let target: CaseTarget | undefined;
    if (actionNode && callNode) this.report(callNode.pos, `case "${name}" has both action: and call:; give one`);
    else if (actionNode) {
      const action = this.action(actionNode);
      if (!resourceNode) this.report(map.pos, `case "${name}" needs resource: (a name from resources:, an ARN, a bare table name, or "*")`);
      const resource = resourceNode && action ? this.resource(resourceNode, DYNAMODB_ACTION.test(action)) : undefined;
      if (action && resource) target = { kind: 'action', action, resource };
    } else if (callNode) {
      const resource = resourceNode ? this.resource(resourceNode, true) : undefined;
      if (!resourceNode || resource !== undefined) target = this.call(callNode, resource, resourceNode);
    } else {
      this.report(map.pos, `case "${name}" needs action: (with resource:) or call: (a DynamoDB API call)`);
    }

    const contextNode = get('context');
    const caseContext = contextNode ? this.contexts.read(contextNode, 'context') : {};
    const regionNode = get('region');
    const region = regionNode ? this.reader.text(regionNode, 'region') : undefined;
    const accountNode = get('resourceAccount');
    let resourceAccount: string | undefined;
    if (accountNode) {
      resourceAccount = this.reader.text(accountNode, 'resourceAccount');
      if (resourceAccount !== undefined && !isAccountId(resourceAccount))
        resourceAccount = this.report(accountNode.pos, `resourceAccount "${resourceAccount}" is not a 12-digit account id`);
    }

    const callerSide = caller ? this.caseCaller(map, caller.principal.caller) : undefined;
    const resourceOverride = this.caseResource(map);

    const expectNode = get('expect');
    if (!expectNode) this.report(map.pos, `case "${name}" needs expect: (${EXPECTATIONS.join(', ')})`);
    const expectation = expectNode ? this.reader.oneOf(expectNode, 'expect', EXPECTATIONS) : undefined;

    const decidedByNode = get('decidedBy');
    const decidedBy: DecidedByExpectation[] = [];
    if (decidedByNode) {
      for (const item of this.reader.listOrOne(decidedByNode)) {
        const text = this.reader.text(item, 'decidedBy');
        if (text === undefined) continue;
        const parsed = parseDecidedBy(text, item.pos);
        if (typeof parsed === 'string') this.report(item.pos, parsed);
        else decidedBy.push(parsed);
      }
      if (decidedBy.length === 0 && decidedByNode.kind === 'seq')
        this.report(decidedByNode.pos, 'decidedBy is an empty list; leave it out or name a statement');
      if (expectation === 'implicit-deny' && decidedBy.length > 0) {
        this.report(
          decidedByNode.pos,
          'decidedBy cannot hold for an implicit deny: no statement decides it (the decision is the absence of an Allow)',
        );
      }
    }

    const knownDefectNode = get('knownDefect');
    const knownDefect = knownDefectNode ? this.reader.text(knownDefectNode, 'knownDefect') : undefined;
    const strictNode = get('strict');
    const strict = strictNode ? this.reader.bool(strictNode, 'strict') : this.fileStrict;
    const descriptionNode = get('description');
    const description = descriptionNode ? this.reader.text(descriptionNode, 'description') : undefined;

    if (this.reader.issues.length > issuesBefore || !caller || !target || !callerSide || !expectation || caseContext === undefined)
      return undefined;
    return {
      name,
      description,
      line: position.line,
      column: position.column,
      principal: { ...caller.principal, caller: callerSide },
      target,
      context: mergeContext(caller.context, caseContext),
      region,
      resourceAccount,
      resourceOverride,
      expect: expectation,
      decidedBy,
      knownDefect,
      strict: strict ?? false,
    };
  }

  /** The caller side with the case's overrides; the principal's own object when there are none. */
  private caseCaller(map: YamlMap, base: CallerSide): CallerSide | undefined {
    const identity = fieldOf(map, 'identityPolicies');
    const boundary = fieldOf(map, 'permissionBoundary');
    const session = fieldOf(map, 'sessionPolicies');
    const scps = fieldOf(map, 'scps');
    const vpce = fieldOf(map, 'vpcEndpointPolicy');
    if (!identity && !boundary && !session && !scps && !vpce) return base;
    const owner = 'case';
    const side: CallerSide = {
      identityPolicies: identity ? (this.policies.refList(identity, 'identityPolicies', owner) ?? []) : base.identityPolicies,
      permissionBoundary: boundary
        ? (this.policies.refOrNone(boundary, 'permissionBoundary', owner) ?? undefined)
        : base.permissionBoundary,
      sessionPolicies: session ? (this.policies.refList(session, 'sessionPolicies', owner) ?? []) : base.sessionPolicies,
      scps: scps ? (scps.kind === 'seq' && scps.items.length === 0 ? [] : (this.policies.levels(scps, 'scps', owner) ?? [])) : base.scps,
      vpcEndpointPolicy: vpce ? (this.policies.refOrNone(vpce, 'vpcEndpointPolicy', owner) ?? undefined) : base.vpcEndpointPolicy,
    };
    return side;
  }

  private caseResource(map: YamlMap): Partial<ResourceSide> | undefined {
    const policy = fieldOf(map, 'resourcePolicy');
    const rcps = fieldOf(map, 'rcps');
    if (!policy && !rcps) return undefined;
    const override: { resourcePolicy?: Policy | undefined; rcps?: PolicyLevels } = {};
    if (policy) override.resourcePolicy = this.policies.refOrNone(policy, 'resourcePolicy', 'case') ?? undefined;
    if (rcps) override.rcps = rcps.kind === 'seq' && rcps.items.length === 0 ? [] : (this.policies.levels(rcps, 'rcps', 'case') ?? []);
    return override;
  }
}

const DYNAMODB_ACTION = /^dynamodb:/i;

/**
 * The value of `key` in a mapping, found along its pairs (its keys are unique: the YAML readers
 * refuse duplicates). A case has a handful of keys: a Map of them per case was most of what reading
 * a case allocated.
 */
function fieldOf(map: YamlMap, key: string): YamlNode | undefined {
  const pairs = map.pairs;
  for (let i = 0; i < pairs.length; i++) if (pairs[i]!.key === key) return pairs[i]!.value;
  return undefined;
}
