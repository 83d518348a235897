/**
 * A CDK cloud assembly (`cdk.out/`): `manifest.json` names the stacks and their templates; stages
 * are nested assemblies; nested stacks are templates published as assets, found through the asset
 * manifests and given the parameters their parent passes. Cross-stack references (`Fn::ImportValue`
 * of another stack's export) are resolved from the exporting stack of the same assembly.
 */
import { join } from 'node:path';
import { CDK_OPTION_FIELDS, checkStringArgument, checkTemplateOptions } from './options';
import type { Node } from 'yaml';
import { isMap, isScalar } from '../source/yaml-library';
import { CloudFormationTemplate, readCloudFormationText, type TemplateOptions, type TemplateResource } from './cloudformation';
import { TemplateError } from './errors';
import { deployedPolicies } from './extract';
import { readFileText } from './files';
import { mergeDeployed, type DeployedPolicies } from './model';
import type { Resolved } from './resolved';
import { isAccountId } from '../policy/arn';

export type CdkOptions = Omit<TemplateOptions, 'name' | 'stackName' | 'parameters'>;

export interface CdkStack {
  /** The artifact id, e.g. `OrdersStack`, or `ProdOrdersStack2EDBF9CE` in a stage. */
  readonly id: string;
  /** The construct path, e.g. `Prod/OrdersStack`. */
  readonly displayName: string;
  readonly stackName: string;
  readonly templateFile: string;
  /** The stack's policies, its nested stacks' included. */
  readonly deployed: DeployedPolicies;
}

export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: readonly CdkStack[];
}

interface ManifestStack {
  readonly id: string;
  readonly displayName: string;
  readonly stackName: string;
  readonly templateFile: string;
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  /** Asset object keys → files of the same assembly: how nested stack templates are found. */
  readonly assets: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;

function readJson(file: string): Json {
  const text = readFileText(file);
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch (error) {
    throw new TemplateError([{ message: `not valid JSON: ${(error as Error).message}`, template: file, path: '' }]);
  }
  throw new TemplateError([{ message: 'a JSON object was expected', template: file, path: '' }]);
}

/** `aws://123456789012/us-east-1`; `unknown-account`/`unknown-region` for environment-agnostic stacks. */
function environment(text: unknown): { accountId: string | undefined; region: string | undefined } {
  const match = typeof text === 'string' ? /^aws:\/\/([^/]+)\/([^/]+)$/.exec(text) : null;
  return {
    accountId: match && isAccountId(match[1]!) ? match[1] : undefined,
    region: match && match[2] !== 'unknown-region' ? match[2] : undefined,
  };
}

function manifestStacks(directory: string): ManifestStack[] {
  const manifestFile = join(directory, 'manifest.json');
  const artifacts = (readJson(manifestFile).artifacts ?? {}) as Record<string, Json>;
  const assets = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (artifact.type !== 'cdk:asset-manifest') continue;
    const file = (artifact.properties as Json | undefined)?.file;
    if (typeof file !== 'string') continue;
    const files = (readJson(join(directory, file)).files ?? {}) as Record<string, Json>;
    for (const asset of Object.values(files)) {
      const source = (asset.source as Json | undefined)?.path;
      for (const destination of Object.values((asset.destinations ?? {}) as Record<string, Json>)) {
        if (typeof source === 'string' && typeof destination.objectKey === 'string')
          assets.set(destination.objectKey, join(directory, source));
      }
    }
  }
  const out: ManifestStack[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    const properties = (artifact.properties ?? {}) as Json;
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      out.push(...manifestStacks(join(directory, properties.directoryName)));
    } else if (artifact.type === 'aws:cloudformation:stack') {
      if (typeof properties.templateFile !== 'string')
        throw new TemplateError([{ message: `the stack ${id} names no templateFile`, template: manifestFile, path: `artifacts.${id}` }]);
      out.push({
        id,
        displayName: typeof artifact.displayName === 'string' ? artifact.displayName : id,
        stackName: typeof properties.stackName === 'string' ? properties.stackName : id,
        templateFile: join(directory, properties.templateFile),
        ...environment(artifact.environment),
        assets,
      });
    }
  }
  return out;
}

function child(node: Node | undefined, key: string): Node | undefined {
  if (!node || !isMap(node)) return undefined;
  return node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value as Node | undefined;
}

class AssemblyReader {
  /** Exports of every stack of the assembly, filled as they resolve. */
  private readonly imports: Record<string, string>;

  constructor(private readonly options: CdkOptions) {
    this.imports = { ...(options.imports ?? {}) };
  }

  template(
    file: string,
    stackName: string,
    place: { accountId?: string | undefined; region?: string | undefined },
    parameters?: Record<string, string | readonly string[]>,
  ): CloudFormationTemplate {
    return readCloudFormationText(readFileText(file), file, {
      ...this.options,
      ...(place.accountId && this.options.accountId === undefined ? { accountId: place.accountId } : {}),
      ...(place.region && this.options.region === undefined ? { region: place.region } : {}),
      stackName,
      imports: this.imports,
      ...(parameters ? { parameters } : {}),
    });
  }

  /** Resolves the exports of each stack, stacks that import first waiting for those that export. */
  resolveExports(templates: readonly CloudFormationTemplate[]): void {
    let pending = [...templates];
    while (pending.length > 0) {
      const waiting: CloudFormationTemplate[] = [];
      for (const template of pending) {
        try {
          for (const [name, value] of template.exports()) this.imports[name] = value;
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          waiting.push(template);
        }
      }
      // No progress: the remaining stacks' exports fail for a reason of their own, said when used.
      if (waiting.length === pending.length) return;
      pending = waiting;
    }
  }

  /** The template's policies and its nested stacks'. */
  deployed(template: CloudFormationTemplate, stack: ManifestStack): DeployedPolicies[] {
    const out = [deployedPolicies(template)];
    for (const resource of template.resources.values()) {
      if (resource.type !== 'AWS::CloudFormation::Stack' || !template.isCreated(resource)) continue;
      const nested = this.nested(template, resource, stack);
      out.push(...this.deployed(nested, stack));
    }
    return out;
  }

  private nested(parent: CloudFormationTemplate, resource: TemplateResource, stack: ManifestStack): CloudFormationTemplate {
    const at = { node: resource.node as Node, path: resource.path };
    const assetPath = child(child(resource.node, 'Metadata'), 'aws:asset:path');
    let file: string | undefined;
    if (isScalar(assetPath) && typeof assetPath.value === 'string') file = join(stack.templateFile, '..', assetPath.value);
    else {
      const url = parent.resolveAt(resource, ['TemplateURL'])?.value;
      if (typeof url === 'string') file = [...stack.assets].find(([key]) => url.endsWith(`/${key}`))?.[1];
    }
    if (!file)
      throw parent.error(
        at.path,
        at.node,
        "the nested stack's template is not in the cloud assembly (no aws:asset:path, no asset for its TemplateURL)",
        resource.logicalId,
      );
    const given = parent.resolveAt(resource, ['Parameters'])?.value;
    const parameters: Record<string, string | readonly string[]> = {};
    for (const [name, value] of Object.entries((given ?? {}) as Record<string, Resolved>)) {
      if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
        throw parent.error(
          [...at.path, 'Properties', 'Parameters', name],
          at.node,
          'a nested stack parameter is text or a list of text',
          resource.logicalId,
        );
      }
      parameters[name] = value as string | string[];
    }
    // CloudFormation names a nested stack after its parent and logical id, with a random suffix.
    const stackName = `${parent.stackName}-${resource.logicalId}-GENERATED`;
    parent.standIns.push({ resource: resource.logicalId, attribute: 'StackName', value: stackName, template: parent.template });
    return this.template(file, stackName, parent.place, parameters);
  }
}

/** Reads every stack of a cloud assembly directory (`cdk.out`), stages and nested stacks included. */
export function readCloudAssembly(directory: string, options: CdkOptions = {}): CloudAssembly {
  checkStringArgument(directory, 'directory');
  checkTemplateOptions(options, CDK_OPTION_FIELDS);
  return cloudAssemblyOf(directory, options);
}

/** `readCloudAssembly` with options already checked (`readDeployed` hands on a wider set). */
export function cloudAssemblyOf(directory: string, options: CdkOptions): CloudAssembly {
  const reader = new AssemblyReader(options);
  const stacks = manifestStacks(directory);
  const templates = stacks.map((s) => reader.template(s.templateFile, s.stackName, s));
  reader.resolveExports(templates);
  return {
    directory,
    stacks: stacks.map((stack, i) => ({
      id: stack.id,
      displayName: stack.displayName,
      stackName: stack.stackName,
      templateFile: templates[i]!.template,
      deployed: mergeDeployed(templates[i]!.template, reader.deployed(templates[i]!, stack)),
    })),
  };
}
