/**
 * The options each public template reader takes, checked where the caller hands them over: an
 * unknown key (a typo such as `acountId`) is a `RequestError` with a did-you-mean, not an option
 * silently left at its default; a value of the wrong type is named. Inner readers, which receive
 * options already checked (and sometimes wider ones), do not check again.
 */
import { RequestError } from '../policy/errors';
import { checkOptions, describeArgument, type OptionType } from '../problems/known-keys';

const PSEUDO_FIELDS = {
  accountId: 'string',
  region: 'string',
  partition: 'string',
  urlSuffix: 'string',
  notificationArns: 'strings',
  imports: 'object',
  availabilityZones: 'object',
  resourceValues: 'object',
  managedPolicies: 'object',
} as const satisfies Readonly<Record<string, OptionType>>;

/** `readCloudAssembly`: the assembly names its stacks and gives their parameters. */
export const CDK_OPTION_FIELDS: Readonly<Record<string, OptionType>> = PSEUDO_FIELDS;
/** `readTemplateText`, `readTemplateFile`. */
export const TEMPLATE_OPTION_FIELDS: Readonly<Record<string, OptionType>> = {
  ...PSEUDO_FIELDS,
  name: 'string',
  stackName: 'string',
  parameters: 'object',
};
/** `readDeployed`, `readDeployedText`: a template's options without its display name, and the side of a plan. */
export const READ_DEPLOYED_OPTION_FIELDS: Readonly<Record<string, OptionType>> = {
  ...PSEUDO_FIELDS,
  stackName: 'string',
  parameters: 'object',
  planSide: ['before', 'after'],
};
/** `readTerraformPlan`, `readTerraformPlanText`. */
export const TERRAFORM_OPTION_FIELDS: Readonly<Record<string, OptionType>> = { managedPolicies: 'object' };

/** A string argument (a path, a text, a name), or a `RequestError` naming it. */
export function checkStringArgument(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new RequestError(field, `is a string; found ${describeArgument(value)}`, 'options');
}

/** The maps of values an option holds, each value of its type: `parameters.Env` is named when it is not. */
const VALUE_MAPS: Readonly<Record<string, { readonly what: string; readonly fits: (value: unknown) => boolean }>> = {
  parameters: { what: 'a string or a list of strings', fits: (v) => typeof v === 'string' || isStringList(v) },
  imports: { what: 'a string', fits: (v) => typeof v === 'string' },
  resourceValues: { what: 'a string', fits: (v) => typeof v === 'string' },
  availabilityZones: { what: 'a list of strings', fits: isStringList },
};

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * `checkOptions` for a template reader: the keys and their types, and inside the maps (parameters,
 * imports, resourceValues, availabilityZones) each value's type, so that a number or an object is
 * named rather than turned into text.
 */
export function checkTemplateOptions(options: unknown, fields: Readonly<Record<string, OptionType>>): void {
  const record = checkOptions(options, fields);
  for (const name of Object.keys(VALUE_MAPS)) {
    const map = record[name];
    if (map === undefined || !Object.hasOwn(fields, name)) continue;
    const { what, fits } = VALUE_MAPS[name]!;
    for (const key of Object.keys(map as object)) {
      const value = (map as Readonly<Record<string, unknown>>)[key];
      if (!fits(value)) throw new RequestError(`${name}.${key}`, `is ${what}; found ${describeArgument(value)}`, 'options');
    }
  }
}
