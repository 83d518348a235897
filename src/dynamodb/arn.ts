/**
 * DynamoDB ARNs: parsing, building and resolving table references, for concrete ARNs only.
 *
 * Patterns with wildcards are the evaluator's business (they are matched, not parsed), so every
 * function here rejects or never produces them. The shapes come from the Service Authorization
 * Reference's resource-type table for DynamoDB; the name rules from the developer guide's naming
 * rules (table and index names: 3 to 255 characters of a-z A-Z 0-9 _ - .), and stream labels are
 * ISO 8601 timestamps per the Streams API reference. Those labels contain colons, which is why the
 * ARN is split on its first five colons only (see `splitArn`).
 */

import { formatArn, splitArn, isAccountId } from '../policy/arn';

export type DynamoResourceType = 'table' | 'index' | 'stream' | 'backup' | 'export' | 'import' | 'global-table';

interface Located {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The canonical ARN of this resource. */
  readonly arn: string;
}

export interface TableResource extends Located {
  readonly type: 'table';
  readonly table: string;
}
export interface IndexResource extends Located {
  readonly type: 'index';
  readonly table: string;
  readonly indexName: string;
}
export interface StreamResource extends Located {
  readonly type: 'stream';
  readonly table: string;
  /** An ISO 8601 timestamp such as `2024-02-12T18:57:26.492`. */
  readonly streamLabel: string;
}
export interface BackupResource extends Located {
  readonly type: 'backup';
  readonly table: string;
  readonly backupName: string;
}
export interface ExportResource extends Located {
  readonly type: 'export';
  readonly table: string;
  readonly exportName: string;
}
export interface ImportResource extends Located {
  readonly type: 'import';
  readonly table: string;
  readonly importName: string;
}
/** A legacy (version 2017.11.29) global table; its ARN has an empty region. */
export interface GlobalTableResource extends Located {
  readonly type: 'global-table';
  readonly globalTableName: string;
}

export type TableScopedResource = TableResource | IndexResource | StreamResource | BackupResource | ExportResource | ImportResource;

export type DynamoResource = TableScopedResource | GlobalTableResource;

export type DynamoArnParse = { ok: true; resource: DynamoResource } | { ok: false; message: string };

const SERVICE = 'dynamodb';
const DEFAULT_PARTITION = 'aws';

// Table, index and legacy global-table names share one rule (developer guide, naming rules; the
// API references give the same pattern [a-zA-Z0-9_.-]+ with lengths 3 to 255).
const NAME_CHARACTER = /[a-zA-Z0-9_.-]/;
const NAME_MIN = 3;
const NAME_MAX = 255;

const PARTITION = /^aws(-[a-z]+)*$/;
// Lower-case letters, digits and dashes, starting with a letter: accepts every AWS Region
// (us-east-1, us-gov-west-1, eusc-de-east-1) and DynamoDB local's `ddblocal`, rejects `US-EAST-1`.
const REGION = /^[a-z][a-z0-9-]*$/;
// Date, time, optional fraction: the labels DynamoDB issues look like 2024-02-12T18:57:26.492.
const STREAM_LABEL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

const WHITESPACE_NAMES: Readonly<Record<string, string>> = {
  ' ': 'a space',
  '\t': 'a tab',
  '\n': 'a line break',
  '\r': 'a carriage return',
};

type Check = string | undefined; // a message, or undefined when the value is fine

/** Why `name` is not a valid table/index/global-table name, or undefined when it is. */
export function tableNameProblem(name: string, what = 'table name'): Check {
  if (name === '') return `the ${what} is empty`;
  const bad = [...new Set([...name].filter((ch) => !NAME_CHARACTER.test(ch)))];
  if (bad.length > 0) {
    const shown = bad.map((ch) => JSON.stringify(ch)).join(', ');
    return (
      `${what} "${name}" has characters DynamoDB does not allow (${shown}); use only a-z, A-Z, 0-9, _ ` +
      `(underscore), - (dash) and . (dot)`
    );
  }
  if (name.length < NAME_MIN) return `${what} "${name}" is too short: DynamoDB names have ${NAME_MIN} to ${NAME_MAX} characters`;
  if (name.length > NAME_MAX) return `${what} is ${name.length} characters long: DynamoDB names have ${NAME_MIN} to ${NAME_MAX} characters`;
  return undefined;
}

function partitionProblem(partition: string): Check {
  return PARTITION.test(partition) ? undefined : `partition "${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov, ...)`;
}

function regionProblem(region: string): Check {
  if (region === '') return 'the region is empty; only legacy global-table ARNs have no region';
  return REGION.test(region)
    ? undefined
    : `region "${region}" is not a region name (lower-case letters, digits and dashes, e.g. us-east-1)`;
}

function accountProblem(account: string): Check {
  if (account === '') return 'the account is empty: DynamoDB ARNs carry the 12-digit account id';
  return isAccountId(account) ? undefined : `account "${account}" must be 12 digits`;
}

function streamLabelProblem(label: string): Check {
  if (label === '') return 'missing the stream label after "/stream/"';
  return STREAM_LABEL.test(label) ? undefined : `stream label "${label}" is not a timestamp like 2024-02-12T18:57:26.492`;
}

/** Backup, export and import names are ids DynamoDB issues; we only require one path segment. */
function idProblem(id: string, what: string): Check {
  return id === '' ? `missing the ${what} after "/${what}/"` : undefined;
}

function whitespaceProblem(text: string): Check {
  const at = text.search(/\s/);
  if (at < 0) return undefined;
  const ch = text.charAt(at);
  const what = WHITESPACE_NAMES[ch] ?? 'whitespace';
  const before = text.slice(Math.max(0, at - 24), at);
  return `has ${what} at character ${at + 1} (after "${before}"); ARNs contain no whitespace`;
}

const fail = (text: string, why: string): DynamoArnParse => ({ ok: false, message: `"${text}" is not a DynamoDB ARN: ${why}` });

const SUB_RESOURCES = ['index', 'stream', 'backup', 'export', 'import'] as const;
type SubResource = (typeof SUB_RESOURCES)[number];

function isSubResource(word: string): word is SubResource {
  return (SUB_RESOURCES as readonly string[]).includes(word);
}

/** Parses any concrete DynamoDB ARN. Never throws; the failure message names what is wrong. */
export function parseDynamoArn(text: string): DynamoArnParse {
  const space = whitespaceProblem(text);
  if (space !== undefined) return fail(text, space);
  const split = splitArn(text);
  if (!split.ok) return { ok: false, message: split.message };
  const { partition, service, region, account, resource } = split.arn;
  if (service !== SERVICE) {
    const hint = service.toLowerCase() === SERVICE ? ' (service names are lower-case)' : '';
    return fail(text, `service is ${service}, not dynamodb${hint}`);
  }
  const firstProblem = partitionProblem(partition) ?? accountProblem(account);
  if (firstProblem !== undefined) return fail(text, firstProblem);
  if (resource.includes('*') || resource.includes('?')) {
    return fail(text, 'it contains a wildcard; patterns are matched by the evaluator, not parsed as ARNs');
  }
  const located = { partition, region, account };

  if (resource.startsWith('global-table/')) {
    if (region !== '')
      return fail(
        text,
        `legacy global-table ARNs have an empty region (arn:${partition}:dynamodb::${account}:global-table/NAME), not "${region}"`,
      );
    const name = resource.slice('global-table/'.length);
    if (name.includes('/')) return fail(text, `unexpected "/" in global table name "${name}"`);
    const problem = tableNameProblem(name, 'global table name');
    if (problem !== undefined) return fail(text, problem);
    return { ok: true, resource: { type: 'global-table', ...located, globalTableName: name, arn: text } };
  }

  if (!resource.startsWith('table/')) {
    return fail(text, `the resource "${resource}" must start with "table/" or "global-table/"`);
  }
  const regionCheck = regionProblem(region);
  if (regionCheck !== undefined) return fail(text, regionCheck);

  const path = resource.slice('table/'.length);
  const slash = path.indexOf('/');
  const table = slash < 0 ? path : path.slice(0, slash);
  if (table === '') return fail(text, 'missing the table name after "table/"');
  const tableProblem = tableNameProblem(table);
  if (tableProblem !== undefined) return fail(text, tableProblem);
  if (slash < 0) return { ok: true, resource: { type: 'table', ...located, table, arn: text } };

  const rest = path.slice(slash + 1);
  const nextSlash = rest.indexOf('/');
  const kind = nextSlash < 0 ? rest : rest.slice(0, nextSlash);
  if (!isSubResource(kind)) {
    const shown = kind === '' ? 'nothing' : `"${kind}"`;
    return fail(text, `after the table name comes ${shown}; expected /index/, /stream/, /backup/, /export/ or /import/`);
  }
  const name = nextSlash < 0 ? '' : rest.slice(nextSlash + 1);
  if (name.includes('/')) return fail(text, `unexpected "/" in ${kind} name "${name}"`);
  const withTable = { ...located, table, arn: text };

  switch (kind) {
    case 'index': {
      const problem = name === '' ? 'missing the index name after "/index/"' : tableNameProblem(name, 'index name');
      return problem !== undefined ? fail(text, problem) : { ok: true, resource: { type: 'index', ...withTable, indexName: name } };
    }
    case 'stream': {
      const problem = streamLabelProblem(name);
      return problem !== undefined ? fail(text, problem) : { ok: true, resource: { type: 'stream', ...withTable, streamLabel: name } };
    }
    case 'backup': {
      const problem = idProblem(name, 'backup');
      return problem !== undefined ? fail(text, problem) : { ok: true, resource: { type: 'backup', ...withTable, backupName: name } };
    }
    case 'export': {
      const problem = idProblem(name, 'export');
      return problem !== undefined ? fail(text, problem) : { ok: true, resource: { type: 'export', ...withTable, exportName: name } };
    }
    case 'import': {
      const problem = idProblem(name, 'import');
      return problem !== undefined ? fail(text, problem) : { ok: true, resource: { type: 'import', ...withTable, importName: name } };
    }
  }
}

// --- building -------------------------------------------------------------------------------------

export interface ArnLocation {
  /** Defaults to the partition of the region (aws-cn for cn-*, aws-us-gov for us-gov-*, else aws). */
  readonly partition?: string;
  readonly region: string;
  readonly account: string;
}

/** The partition a Region belongs to, for the common cases; `aws` unless the prefix says otherwise. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return DEFAULT_PARTITION;
}

/**
 * Builds and validates. Builders throw a RangeError on invalid input (a programming error in a
 * test's setup is best reported where it happens); parse user text with `parseDynamoArn` instead.
 */
function build(location: ArnLocation, resource: string): string {
  const text = formatArn({
    partition: location.partition ?? partitionOfRegion(location.region),
    service: SERVICE,
    region: location.region,
    account: location.account,
    resource,
  });
  const parsed = parseDynamoArn(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return text;
}

export function tableArn(p: ArnLocation & { readonly table: string }): string {
  return build(p, `table/${p.table}`);
}

export function indexArn(p: ArnLocation & { readonly table: string; readonly index: string }): string {
  return build(p, `table/${p.table}/index/${p.index}`);
}

export function streamArn(p: ArnLocation & { readonly table: string; readonly streamLabel: string }): string {
  return build(p, `table/${p.table}/stream/${p.streamLabel}`);
}

export function backupArn(p: ArnLocation & { readonly table: string; readonly backup: string }): string {
  return build(p, `table/${p.table}/backup/${p.backup}`);
}

export function exportArn(p: ArnLocation & { readonly table: string; readonly exportName: string }): string {
  return build(p, `table/${p.table}/export/${p.exportName}`);
}

export function importArn(p: ArnLocation & { readonly table: string; readonly importName: string }): string {
  return build(p, `table/${p.table}/import/${p.importName}`);
}

/** Legacy global tables live in no Region: `region` only chooses the default partition. */
export function globalTableArn(p: {
  readonly partition?: string;
  readonly region?: string;
  readonly account: string;
  readonly globalTable: string;
}): string {
  const location: ArnLocation = { partition: p.partition ?? partitionOfRegion(p.region ?? ''), region: '', account: p.account };
  return build(location, `global-table/${p.globalTable}`);
}

/** The ARN of the table a table-scoped resource belongs to; undefined for a legacy global table. */
export function tableArnOf(resource: TableScopedResource): string;
export function tableArnOf(resource: DynamoResource): string | undefined;
export function tableArnOf(resource: DynamoResource): string | undefined {
  if (resource.type === 'global-table') return undefined;
  if (resource.type === 'table') return resource.arn;
  return formatArn({
    partition: resource.partition,
    service: SERVICE,
    region: resource.region,
    account: resource.account,
    resource: `table/${resource.table}`,
  });
}

// --- resolving a TableName parameter ---------------------------------------------------------------

export type TableReference = { ok: true; arn: string; resource: TableResource; resolvedFromName: boolean } | { ok: false; message: string };

/**
 * Resolves what a caller puts in a `TableName` parameter. A bare name means the table of that name
 * in the caller's own account and the Region of the endpoint called (so cross-account access needs
 * the ARN form); an ARN is taken as it is and must be a table ARN.
 */
export function resolveTableReference(nameOrArn: string, caller: ArnLocation): TableReference {
  if (nameOrArn.startsWith('arn:')) {
    const parsed = parseDynamoArn(nameOrArn);
    if (!parsed.ok) return parsed;
    if (parsed.resource.type !== 'table') {
      return {
        ok: false,
        message: `"${nameOrArn}" is a ${parsed.resource.type} ARN; a TableName takes a table name or a table ARN`,
      };
    }
    return { ok: true, arn: parsed.resource.arn, resource: parsed.resource, resolvedFromName: false };
  }
  const problem = tableNameProblem(nameOrArn);
  if (problem !== undefined) return { ok: false, message: problem };
  const partition = caller.partition ?? partitionOfRegion(caller.region);
  const callerProblem = partitionProblem(partition) ?? regionProblem(caller.region) ?? accountProblem(caller.account);
  if (callerProblem !== undefined) {
    return { ok: false, message: `cannot resolve table "${nameOrArn}": the caller's ${callerProblem}` };
  }
  const arn = tableArn({ partition, region: caller.region, account: caller.account, table: nameOrArn });
  const resource: TableResource = {
    type: 'table',
    partition,
    region: caller.region,
    account: caller.account,
    table: nameOrArn,
    arn,
  };
  return { ok: true, arn, resource, resolvedFromName: true };
}
