/**
 * A CloudFormation (or SAM, or CDK-synthesized) template read the way the deployed stack sees it:
 * parameters, pseudo parameters, conditions, mappings and the identities of its resources resolve
 * every intrinsic function, and the policies it deploys come out compiled, each tied to the ARN of
 * its table, stream, role or endpoint and located at its template lines.
 */
import { basename } from 'node:path';
import type { Node, YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from '../source/yaml-library';
import { closestName } from '../util/nearest-name';
import { formatPath, type PathSegment, type Position } from '../source/document';
import { parseTemplateText, type TemplateText } from './cfn-text';
import { TemplateError, templateIssue, type TemplateIssueInput } from './errors';
import { identities, partitionOf, type IdentityInputs, type StackPlace } from './identities';
import { NO_VALUE, Resolver, type Resolution, type ResolveScope, type Site } from './intrinsics';
import type { ManagedPolicyDocuments } from './managed-policies';
import type { StandIn } from './model';
import { describeResolved, type Resolved } from './resolved';

export interface TemplateOptions {
  /** How messages name the template; default: the file name given. */
  readonly name?: string;
  /** `AWS::AccountId`; default `123456789012`. */
  readonly accountId?: string;
  /** `AWS::Region`; default `us-east-1`. */
  readonly region?: string;
  /** `AWS::Partition`; default: the region's (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition?: string;
  /** `AWS::URLSuffix`; default: the region's (`amazonaws.com`, `amazonaws.com.cn`). */
  readonly urlSuffix?: string;
  /** `AWS::StackName`; default: the file's base name without `.template.json`/`.yaml`/`.json`. */
  readonly stackName?: string;
  /** `AWS::NotificationARNs`; default: none. */
  readonly notificationArns?: readonly string[];
  /** Parameter values; a parameter without one takes its `Default`, or is an error. */
  readonly parameters?: Readonly<Record<string, string | readonly string[]>>;
  /** Values of `Fn::ImportValue`, by export name. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Values of `Fn::GetAZs`, by region. */
  readonly availabilityZones?: Readonly<Record<string, readonly string[]>>;
  /**
   * Values only deployment knows, by `LogicalId` (its `Ref`), `LogicalId.Attribute` (its
   * `Fn::GetAtt`), `LogicalId.Name` (a generated name), `LogicalId.StreamLabel`, `LogicalId.Id`.
   */
  readonly resourceValues?: Readonly<Record<string, string>>;
  /** Documents of managed policies attached by ARN and not defined in the template. */
  readonly managedPolicies?: ManagedPolicyDocuments;
}

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly node: YAMLMap;
  readonly properties: YAMLMap | undefined;
  readonly path: readonly PathSegment[];
}

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
];

/** `OrdersStack.template.json` → `OrdersStack`. */
export function stackNameOf(file: string): string {
  return basename(file).replace(/(\.template)?\.(json|ya?ml)$/i, '');
}

function entries(map: Node | null | undefined): { key: string; keyNode: Node; value: Node }[] {
  if (!map || !isMap(map)) return [];
  return map.items.map((pair) => ({
    key: String((pair.key as { value?: unknown }).value),
    keyNode: pair.key as Node,
    value: pair.value as Node,
  }));
}

function child(map: Node | null | undefined, key: string): Node | undefined {
  return entries(map).find((e) => e.key === key)?.value;
}

/** A read template: its sections, and a resolver for any of its values. */
export class CloudFormationTemplate {
  readonly template: string;
  readonly place: StackPlace;
  readonly stackName: string;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  readonly transforms: readonly string[];
  readonly standIns: StandIn[] = [];
  private readonly text: TemplateText;
  private readonly root: YAMLMap;
  /** Each parameter's value, or the error its use would be (an unused parameter without a value is no problem). */
  private readonly parameterValues = new Map<string, Resolved | TemplateError>();
  private readonly conditions = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();
  private readonly identityOf: ReturnType<typeof identities>;

  constructor(
    text: TemplateText,
    readonly options: TemplateOptions = {},
  ) {
    this.text = text;
    this.template = text.template;
    const root = text.document.doc.contents;
    if (!root || !isMap(root)) throw this.error([], root, 'a template is a mapping with a Resources section');
    this.root = root;
    const region = options.region ?? 'us-east-1';
    this.place = { region, accountId: options.accountId ?? '123456789012', partition: options.partition ?? partitionOf(region).partition };
    this.stackName = options.stackName ?? stackNameOf(text.template);
    this.identityOf = identities(this.stackName);
    this.transforms = this.readTransforms();
    this.resources = this.readResources();
    this.readParameters();
  }

  positionOf(node: Node | null | undefined): Position | undefined {
    return this.text.document.positionOfNode(node);
  }

  error(path: readonly PathSegment[], node: Node | null | undefined, message: string, resource?: string): TemplateError {
    return new TemplateError([templateIssue(this.template, formatPath(path), message, this.text.document.positionOfNode(node), resource)]);
  }

  private readTransforms(): string[] {
    const node = child(this.root, 'Transform');
    if (node === undefined) return [];
    const list = isSeq(node) ? node.items : [node];
    return list.map((item, i) => {
      const value = isScalar(item) ? item.value : undefined;
      if (value !== SAM_TRANSFORM) {
        throw this.error(
          ['Transform', ...(isSeq(node) ? [i] : [])],
          (item as Node) ?? node,
          `only the ${SAM_TRANSFORM} transform is read; a macro's output cannot be known offline (read the processed template instead)`,
        );
      }
      return value;
    });
  }

  private readResources(): Map<string, TemplateResource> {
    const section = child(this.root, 'Resources');
    if (!section || !isMap(section))
      throw this.error(['Resources'], section ?? this.root, 'a template has a Resources section, a mapping of logical ids to resources');
    const out = new Map<string, TemplateResource>();
    for (const { key, value } of entries(section)) {
      const path = ['Resources', key];
      if (!isMap(value)) throw this.error(path, value, 'a resource is a mapping with Type and Properties', key);
      const typeNode = child(value, 'Type');
      if (!isScalar(typeNode) || typeof typeNode.value !== 'string')
        throw this.error([...path, 'Type'], typeNode ?? value, 'a resource has a Type, as text', key);
      if (typeNode.value.startsWith('AWS::Serverless::') && !this.transforms.includes(SAM_TRANSFORM)) {
        throw this.error(
          [...path, 'Type'],
          typeNode,
          `${typeNode.value} is a SAM resource: the template needs Transform: ${SAM_TRANSFORM}`,
          key,
        );
      }
      const properties = child(value, 'Properties');
      if (properties !== undefined && !isMap(properties))
        throw this.error([...path, 'Properties'], properties, 'Properties is a mapping', key);
      out.set(key, { logicalId: key, type: typeNode.value, node: value, properties: properties as YAMLMap | undefined, path });
    }
    return out;
  }

  private readParameters(): void {
    const section = child(this.root, 'Parameters');
    const declared = entries(section);
    const given = this.options.parameters ?? {};
    for (const name of Object.keys(given)) {
      if (!declared.some((d) => d.key === name)) {
        const near = closestName(
          name,
          declared.map((d) => d.key),
        );
        throw this.error(
          ['Parameters'],
          section ?? this.root,
          `a value is given for the parameter ${name}, which the template does not declare${near ? ` (did you mean ${near}?)` : ''}`,
        );
      }
    }
    const resolver = this.resolver(undefined);
    for (const { key, value } of declared) {
      const path = ['Parameters', key];
      const type = resolver.text(child(value, 'Type'), [...path, 'Type'], 'the Type of a parameter');
      const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
      const givenValue = Object.hasOwn(given, key) ? given[key] : undefined;
      let resolved: Resolved;
      if (givenValue !== undefined) {
        resolved = isList
          ? typeof givenValue === 'string'
            ? givenValue.split(',').map((s) => s.trim())
            : [...givenValue]
          : String(givenValue);
      } else if (type.startsWith('AWS::SSM::Parameter::Value<')) {
        this.parameterValues.set(
          key,
          this.error(path, value, `the parameter ${key} is read from Systems Manager at deployment: give its value`),
        );
        continue;
      } else {
        const fallback = child(value, 'Default');
        if (fallback === undefined) {
          this.parameterValues.set(key, this.error(path, value, `the parameter ${key} has no Default: give its value`));
          continue;
        }
        const text = resolver.required(fallback, [...path, 'Default'], 'a parameter default');
        resolved = isList && typeof text === 'string' ? text.split(',').map((s) => s.trim()) : text;
      }
      const allowed = child(value, 'AllowedValues');
      if (allowed !== undefined) {
        const list = resolver.textList(allowed, [...path, 'AllowedValues'], 'AllowedValues');
        const values = Array.isArray(resolved) ? resolved : [resolved];
        const outside = values.find((v) => !list.includes(v as string));
        if (outside !== undefined)
          throw this.error(
            path,
            value,
            `the parameter ${key} is ${JSON.stringify(outside)}, which is not one of its AllowedValues (${list.join(', ')})`,
          );
      }
      this.parameterValues.set(key, resolved);
    }
  }

  /** A resolver whose messages name `resource`. */
  resolver(resource: string | undefined): Resolver {
    return new Resolver(this.scope(resource));
  }

  private scope(resource: string | undefined): ResolveScope {
    return {
      template: this.template,
      document: this.text.document,
      resource,
      ref: (name, site) => this.ref(name, site, resource),
      getAtt: (logicalId, attribute, site) => this.getAtt(logicalId, attribute, site, resource),
      condition: (name, site) => this.condition(name, site, resource),
      mapping: (name, site) => {
        const mapping = child(child(this.root, 'Mappings'), name);
        if (mapping === undefined)
          throw this.error(site.path, site.node, `Fn::FindInMap names the mapping ${name}, which the template does not declare`, resource);
        return mapping;
      },
      importValue: (name, site) => {
        const value = this.options.imports?.[name];
        if (value === undefined)
          throw this.error(
            site.path,
            site.node,
            `Fn::ImportValue ${name}: the value another stack exports is not known offline; give it (imports / --import ${name}=VALUE)`,
            resource,
          );
        return value;
      },
      availabilityZones: (region, site) => {
        const zones = this.options.availabilityZones?.[region];
        if (zones === undefined)
          throw this.error(
            site.path,
            site.node,
            `Fn::GetAZs ${region}: the zones of an account are not known offline; give them (availabilityZones)`,
            resource,
          );
        return zones;
      },
    };
  }

  /**
   * The resolved value at `path` under the resource's Properties, or undefined when it is not set
   * (or resolves to AWS::NoValue). A step on the way may be computed (an Fn::If around a mapping).
   */
  resolveAt(resource: TemplateResource, path: readonly string[]): { value: Resolved; node: Node; path: PathSegment[] } | undefined {
    const resolver = this.resolver(resource.logicalId);
    let node: Node | undefined = resource.properties;
    const full: PathSegment[] = [...resource.path, 'Properties'];
    for (let i = 0; i < path.length; i++) {
      if (node && resolver.callOf(node, full)) {
        let value: Resolution = resolver.resolve(node, full);
        for (const key of path.slice(i)) {
          if (value === NO_VALUE || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
          value = (value as Record<string, Resolved>)[key] ?? NO_VALUE;
        }
        return value === NO_VALUE ? undefined : { value, node, path: [...full, ...path.slice(i)] };
      }
      node = child(node, path[i]!);
      full.push(path[i]!);
      if (node === undefined) return undefined;
    }
    const value = resolver.resolve(node, full);
    return value === NO_VALUE || node === undefined ? undefined : { value, node, path: full };
  }

  /** The values this stack exports (`Outputs.*.Export.Name`), for the stacks that import them. */
  exports(): Map<string, string> {
    const out = new Map<string, string>();
    const resolver = this.resolver(undefined);
    for (const { key, value } of entries(child(this.root, 'Outputs'))) {
      const exported = child(value, 'Export');
      if (exported === undefined) continue;
      const condition = child(value, 'Condition');
      if (
        isScalar(condition) &&
        typeof condition.value === 'string' &&
        !this.condition(condition.value, { node: condition, path: ['Outputs', key, 'Condition'] }, undefined)
      )
        continue;
      const name = resolver.text(child(exported, 'Name'), ['Outputs', key, 'Export', 'Name'], 'an export name');
      out.set(name, resolver.text(child(value, 'Value'), ['Outputs', key, 'Value'], 'an exported value'));
    }
    return out;
  }

  /** Whether a resource is created: its Condition, if it has one, holds. */
  isCreated(resource: TemplateResource): boolean {
    const condition = child(resource.node, 'Condition');
    if (condition === undefined) return true;
    if (!isScalar(condition) || typeof condition.value !== 'string')
      throw this.error([...resource.path, 'Condition'], condition, 'Condition names a condition, as text', resource.logicalId);
    return this.condition(condition.value, { node: condition, path: [...resource.path, 'Condition'] }, resource.logicalId);
  }

  private condition(name: string, site: Site, resource: string | undefined): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const section = child(this.root, 'Conditions');
    const node = child(section, name);
    if (node === undefined) {
      const near = closestName(
        name,
        entries(section).map((e) => e.key),
      );
      throw this.error(
        site.path,
        site.node,
        `the condition ${name} is not declared in Conditions${near ? ` (did you mean ${near}?)` : ''}`,
        resource,
      );
    }
    if (this.evaluating.has(name)) throw this.error(['Conditions', name], node, `the condition ${name} depends on itself`, resource);
    this.evaluating.add(name);
    const value = this.conditionResolver().resolve(node, ['Conditions', name]);
    this.evaluating.delete(name);
    if (typeof value !== 'boolean')
      throw this.error(
        ['Conditions', name],
        node,
        `a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition; found ` +
          `${value === NO_VALUE ? 'AWS::NoValue' : describeResolved(value)}`,
        resource,
      );
    this.conditions.set(name, value);
    return value;
  }

  /** In Conditions, `{Condition: Name}` is a function; elsewhere it is data. */
  private conditionResolver(): Resolver {
    const base = this.scope(undefined);
    return new (class extends Resolver {
      override callOf(node: Node, path: readonly PathSegment[]) {
        if (isMap(node) && node.items.length === 1 && (node.items[0]!.key as { value?: unknown }).value === 'Condition') {
          return { name: 'Condition', argument: node.items[0]!.value as Node, argumentPath: [...path, 'Condition'], short: false };
        }
        return super.callOf(node, path);
      }
    })(base);
  }

  ref(name: string, site: Site, resource: string | undefined): Resolution {
    const parameter = this.parameterValues.get(name);
    if (parameter instanceof TemplateError) {
      // Said where it is used, and where it is declared.
      throw new TemplateError([
        ...this.error(site.path, site.node, `Ref ${name}: the parameter has no value`, resource).issues,
        ...parameter.issues,
      ]);
    }
    if (parameter !== undefined) return parameter;
    if (name.startsWith('AWS::')) return this.pseudo(name, site, resource);
    const target = this.resources.get(name);
    if (!target) throw this.unknownName(name, site, resource, 'Ref');
    const given = this.options.resourceValues?.[name];
    if (given !== undefined) return given;
    const identity = this.identityOf[target.type];
    if (!identity?.ref)
      throw this.error(
        site.path,
        site.node,
        `Ref ${name} (${target.type}) is known only after deployment; give it (resourceValues["${name}"])`,
        resource,
      );
    return identity.ref(this.identityInputs(target, site));
  }

  getAtt(logicalId: string, attribute: string, site: Site, resource: string | undefined): Resolved {
    const target = this.resources.get(logicalId);
    if (!target) throw this.unknownName(logicalId, site, resource, 'Fn::GetAtt');
    const given = this.options.resourceValues?.[`${logicalId}.${attribute}`];
    if (given !== undefined) return given;
    const compute = this.identityOf[target.type]?.attributes[attribute];
    if (!compute)
      throw this.error(
        site.path,
        site.node,
        `Fn::GetAtt ${logicalId}.${attribute} (${target.type}) is known only after deployment; give it ` +
          `(resourceValues["${logicalId}.${attribute}"])`,
        resource,
      );
    if (
      attribute === 'StreamArn' &&
      child(target.properties, 'StreamSpecification') === undefined &&
      child(target.properties, 'ReplicaStreamSpecification') === undefined
    ) {
      throw this.error(
        site.path,
        site.node,
        `Fn::GetAtt ${logicalId}.StreamArn: the table has no StreamSpecification, so no stream`,
        resource,
      );
    }
    return compute(this.identityInputs(target, site));
  }

  private unknownName(name: string, site: Site, resource: string | undefined, fn: string): TemplateError {
    const known = [...this.parameterValues.keys(), ...this.resources.keys(), ...PSEUDO_PARAMETERS];
    const near = closestName(name, known);
    return this.error(
      site.path,
      site.node,
      `${fn} ${name}: no parameter or resource of that name${near ? ` (did you mean ${near}?)` : ''}`,
      resource,
    );
  }

  private identityInputs(target: TemplateResource, site: Site): IdentityInputs {
    if (!this.isCreated(target)) {
      throw this.error(site.path, site.node, `${target.logicalId} is not created: its Condition is false`, target.logicalId);
    }
    const key = `identity:${target.logicalId}`;
    if (this.evaluating.has(key))
      throw this.error(site.path, site.node, `the identity of ${target.logicalId} depends on itself`, target.logicalId);
    return {
      logicalId: target.logicalId,
      place: this.place,
      property: (property) => {
        const node = child(target.properties, property);
        if (node === undefined) return undefined;
        this.evaluating.add(key);
        try {
          const value = this.resolver(target.logicalId).resolve(node, [...target.path, 'Properties', property]);
          if (value === NO_VALUE) return undefined;
          if (typeof value !== 'string')
            throw this.error(
              [...target.path, 'Properties', property],
              node,
              `${property} is text; found ${describeResolved(value)}`,
              target.logicalId,
            );
          return value;
        } finally {
          this.evaluating.delete(key);
        }
      },
      deployTime: (attribute, standIn) => {
        const given = this.options.resourceValues?.[`${target.logicalId}.${attribute}`];
        if (given !== undefined) return given;
        const value = standIn();
        if (!this.standIns.some((s) => s.resource === target.logicalId && s.attribute === attribute)) {
          this.standIns.push({ resource: target.logicalId, attribute, value, template: this.template });
        }
        return value;
      },
    };
  }

  private pseudo(name: string, site: Site, resource: string | undefined): Resolution {
    const { partition, region, accountId } = this.place;
    switch (name) {
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::Region':
        return region;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return this.options.urlSuffix ?? partitionOf(region).urlSuffix;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return (
          this.options.resourceValues?.['AWS::StackId'] ??
          `arn:${partition}:cloudformation:${region}:${accountId}:stack/${this.stackName}/00000000-0000-0000-0000-000000000000`
        );
      case 'AWS::NotificationARNs':
        return [...(this.options.notificationArns ?? [])];
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        throw this.unknownName(name, site, resource, 'Ref');
    }
  }
}

/** Reads template text (JSON or YAML). */
export function readCloudFormationText(text: string, template: string, options: TemplateOptions = {}): CloudFormationTemplate {
  return new CloudFormationTemplate(parseTemplateText(text, options.name ?? template), options);
}

/** Runs `step` for each item, gathering every `TemplateError` so that one run reports them all. */
export function collectIssues<T>(items: Iterable<T>, step: (item: T) => void): void {
  const issues: TemplateIssueInput[] = [];
  for (const item of items) {
    try {
      step(item);
    } catch (error) {
      if (error instanceof TemplateError) issues.push(...error.issues);
      else throw error;
    }
  }
  if (issues.length > 0) throw new TemplateError(issues);
}
