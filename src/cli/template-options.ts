/**
 * The options every command that reads templates takes: where the stack deploys and the values
 * only deployment knows. `--parameter Name=Value`, `--import Export=Value` and `--value
 * LogicalId.Attribute=Value` repeat; `--parameters FILE` reads CloudFormation's parameter files.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReadDeployedOptions } from '../templates/index';
import { isAccountId } from '../policy/arn';

export const TEMPLATE_OPTIONS = {
  account: { type: 'string' },
  region: { type: 'string' },
  'stack-name': { type: 'string' },
  parameter: { type: 'string', multiple: true },
  parameters: { type: 'string' },
  import: { type: 'string', multiple: true },
  value: { type: 'string', multiple: true },
} as const;

export const TEMPLATE_USAGE = `Templates (CloudFormation, SAM, CDK cloud assemblies, Terraform plans):
  --account <id>             AWS::AccountId (default 123456789012; CDK stacks carry their own)
  --region <name>            AWS::Region (default us-east-1; CDK stacks carry their own)
  --stack-name <name>        AWS::StackName (default: the template's file name)
  --parameter <name=value>   a template parameter (repeatable)
  --parameters <file>        parameters as CloudFormation writes them: [{ParameterKey, ParameterValue}]
                             or {"Parameters": {name: value}}
  --import <name=value>      the value of Fn::ImportValue name (repeatable)
  --value <id.attr=value>    a value known only after deployment: Ref (id=value), Fn::GetAtt
                             (id.Attr=value), a generated name (id.Name=...), a stream label
                             (id.StreamLabel=...) (repeatable)`;

interface Values {
  readonly account?: string | undefined;
  readonly region?: string | undefined;
  readonly 'stack-name'?: string | undefined;
  readonly parameter?: readonly string[] | undefined;
  readonly parameters?: string | undefined;
  readonly import?: readonly string[] | undefined;
  readonly value?: readonly string[] | undefined;
}

function pairs(list: readonly string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--${option} takes name=value; found "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** CloudFormation's parameter file formats: the CLI's list, or CodePipeline's `{ "Parameters": {...} }`. */
function parameterFile(file: string, cwd: string): Record<string, string> {
  const value = JSON.parse(readFileSync(resolve(cwd, file), 'utf8')) as unknown;
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry: { ParameterKey?: unknown; ParameterValue?: unknown }) => {
        if (typeof entry?.ParameterKey !== 'string' || typeof entry.ParameterValue !== 'string')
          throw new Error(`${file}: each entry has ParameterKey and ParameterValue`);
        return [entry.ParameterKey, entry.ParameterValue];
      }),
    );
  }
  const parameters = (value as { Parameters?: unknown })?.Parameters;
  if (typeof parameters === 'object' && parameters !== null && Object.values(parameters).every((v) => typeof v === 'string'))
    return parameters as Record<string, string>;
  throw new Error(`${file}: a parameters file is [{ "ParameterKey": ..., "ParameterValue": ... }] or { "Parameters": { name: value } }`);
}

/** The reading options the command line gives; throws an Error (a usage error) for a malformed one. */
export function templateOptionsOf(values: Values, cwd: string): ReadDeployedOptions {
  if (values.account !== undefined && !isAccountId(values.account))
    throw new Error(`--account takes a 12-digit account id; found "${values.account}"`);
  const parameters = {
    ...(values.parameters !== undefined ? parameterFile(values.parameters, cwd) : {}),
    ...pairs(values.parameter, 'parameter'),
  };
  const imports = pairs(values.import, 'import');
  const resourceValues = pairs(values.value, 'value');
  return {
    ...(values.account !== undefined ? { accountId: values.account } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values['stack-name'] !== undefined ? { stackName: values['stack-name'] } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(Object.keys(imports).length > 0 ? { imports } : {}),
    ...(Object.keys(resourceValues).length > 0 ? { resourceValues } : {}),
  };
}
