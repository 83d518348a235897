/**
 * The catalog of every `dynamodb:` IAM action: what it acts on, which condition keys it carries,
 * and whether a table or stream resource-based policy can grant it, within an account or across.
 *
 * The facts are in `actions-data.ts` (one row per SAR action, one per rbac-iam-actions API row);
 * this module joins them. The join needs care because the rbac page is keyed by API operation
 * while policies name IAM actions: most actions share their API's name, the transaction and
 * PartiQL member actions take the row of the API that carries them, and an action on no rbac row
 * is reported as undocumented rather than guessed.
 */

import { closestName } from '../util/nearest-name';
import { compileWildcard } from '../policy/wildcard';
import type { DynamoResourceType } from './arn';
import {
  MULTI_ACCOUNT_REPLICATION_GRANTS,
  RBAC_API_SUPPORT,
  RBAC_ROW_OF_ACTION,
  SAR_ACTIONS,
  type AccessLevel,
  type AccessLevels,
  type SarActionRow,
} from './actions-data';

export {
  CATALOG_SOURCE,
  MULTI_ACCOUNT_GLOBAL_TABLES_SOURCE,
  RESOURCE_POLICY_SOURCE,
  type AccessLevel,
  type AccessLevels,
} from './actions-data';
export * from './api-actions';

export const SERVICE_PREFIX = 'dynamodb';

export interface ActionResourceType {
  readonly type: DynamoResourceType;
  /** Marked with an asterisk in the SAR: a statement's Resource must cover an ARN of this type. */
  readonly required: boolean;
}

/** `undocumented` when no AWS page we consulted says either way. */
export type Support = 'yes' | 'no' | 'undocumented';

export interface ResourcePolicySupport {
  /** Whether a table's resource-based policy can grant the action (on the table or its indexes). */
  readonly table: Support;
  /** Whether a stream's resource-based policy can grant the action. */
  readonly stream: Support;
  /** Whether a principal of another account can be granted it through a resource-based policy. */
  readonly crossAccount: Support;
  /** Where the answer comes from, in a sentence. */
  readonly basis: string;
}

export interface DynamoAction {
  /** Exact case, without prefix: `GetItem`. */
  readonly name: string;
  /** With prefix: `dynamodb:GetItem`. */
  readonly fullName: string;
  readonly description: string;
  /** The SAR's first access level: the more specific one where it lists two. */
  readonly accessLevel: AccessLevel;
  readonly accessLevels: AccessLevels;
  /** Empty when the action supports no resource-level permissions (Resource must be "*"). */
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
  /** An IAM permission with no API operation of that name. */
  readonly permissionOnly: boolean;
  /**
   * True for the tagging and resource-policy actions: the SAR marks both `table` and `stream` as
   * required, but a request acts on one of them, never both.
   */
  readonly targetsTableOrStream: boolean;
  readonly resourcePolicy: ResourcePolicySupport;
}

function yesNo(value: boolean | undefined): Support {
  return value === undefined ? 'undocumented' : value ? 'yes' : 'no';
}

function resourcePolicySupportOf(row: SarActionRow): ResourcePolicySupport {
  const types = new Set(row.resourceTypes.map((r) => r.type));
  // A table policy covers the table and its indexes; a stream policy covers the stream. An action
  // authorized on neither kind of ARN cannot be named usefully by either policy.
  const onTable = types.has('table') || types.has('index');
  const onStream = types.has('stream');

  const rbacApi = RBAC_ROW_OF_ACTION[row.name] ?? row.name;
  const rbac = RBAC_API_SUPPORT[rbacApi];
  if (rbac !== undefined) {
    const via = rbacApi === row.name ? '' : ` (the API whose members are authorized as ${row.name})`;
    const streamNote = onStream && onTable ? '; table and stream split by the SAR resource types' : '';
    return {
      table: yesNo(rbac.resourcePolicy && onTable),
      stream: yesNo(rbac.resourcePolicy && onStream),
      crossAccount: yesNo(rbac.resourcePolicy && rbac.crossAccount),
      basis: `rbac-iam-actions row ${rbacApi}${via}${streamNote}`,
    };
  }
  const replication = MULTI_ACCOUNT_REPLICATION_GRANTS[row.name];
  if (replication !== undefined) {
    return {
      table: 'yes',
      stream: 'no',
      crossAccount: yesNo(replication.crossAccount),
      basis: `multi-account global tables pages: a table policy grants it to ${replication.grantee}`,
    };
  }
  if (!onTable && !onStream) {
    return {
      table: 'no',
      stream: 'no',
      crossAccount: 'no',
      basis: 'authorized on no table, index or stream ARN, so neither kind of policy applies',
    };
  }
  return {
    table: onTable ? 'undocumented' : 'no',
    stream: onStream ? 'undocumented' : 'no',
    crossAccount: 'undocumented',
    basis: 'not listed on rbac-iam-actions',
  };
}

function toAction(row: SarActionRow): DynamoAction {
  const types = new Set(row.resourceTypes.map((r) => r.type));
  return {
    name: row.name,
    fullName: `${SERVICE_PREFIX}:${row.name}`,
    description: row.description,
    accessLevel: row.accessLevels[0],
    accessLevels: row.accessLevels,
    resourceTypes: row.resourceTypes,
    conditionKeys: row.conditionKeys,
    permissionOnly: row.permissionOnly,
    targetsTableOrStream: types.has('table') && types.has('stream'),
    resourcePolicy: resourcePolicySupportOf(row),
  };
}

/** Every `dynamodb:` action of the Service Authorization Reference, in alphabetical order. */
export const DYNAMODB_ACTIONS: readonly DynamoAction[] = SAR_ACTIONS.map(toAction).sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);

export const ACTION_COUNT: number = DYNAMODB_ACTIONS.length;

const BY_LOWER_NAME = new Map(DYNAMODB_ACTIONS.map((a) => [a.name.toLowerCase(), a]));
const ACTION_NAMES: readonly string[] = DYNAMODB_ACTIONS.map((a) => a.name);
const PREFIX = `${SERVICE_PREFIX}:`;

/** The action part of `dynamodb:GetItem` or `GetItem`; undefined for another service's action. */
function bareName(name: string): string | undefined {
  const colon = name.indexOf(':');
  if (colon < 0) return name;
  return name.slice(0, colon + 1).toLowerCase() === PREFIX ? name.slice(colon + 1) : undefined;
}

/** Finds an action by name, case-insensitively, with or without the `dynamodb:` prefix. */
export function findAction(name: string): DynamoAction | undefined {
  const bare = bareName(name.trim());
  return bare === undefined ? undefined : BY_LOWER_NAME.get(bare.toLowerCase());
}

/**
 * The catalog actions an IAM action pattern covers, matched as IAM matches actions: on the whole
 * `service:Action` string, case-insensitively, `*` and `?` as wildcards. A pattern without a
 * service prefix (other than one made only of wildcards) therefore matches nothing.
 */
export function expandActionPattern(pattern: string): readonly DynamoAction[] {
  const glob = compileWildcard(pattern.trim(), true);
  return DYNAMODB_ACTIONS.filter((a) => glob.matches(a.fullName.toLowerCase()));
}

export { editDistance } from '../util/nearest-name';

/**
 * The catalog action closest to a name that is not in it (`GetItems` gives `GetItem`), or
 * undefined when nothing is close. Any service prefix is ignored and case does not count. "Close"
 * allows about one edit per three characters, so short typos are caught and unrelated words are not.
 */
export function suggestAction(unknownName: string): DynamoAction | undefined {
  const trimmed = unknownName.trim();
  const colon = trimmed.indexOf(':');
  const wanted = colon < 0 ? trimmed : trimmed.slice(colon + 1);
  if (wanted === '') return undefined;
  const name = closestName(wanted, ACTION_NAMES);
  return name === undefined ? undefined : BY_LOWER_NAME.get(name.toLowerCase());
}

/** Whether a table resource-based policy can grant the action (documented yes only). */
export function tablePolicyCanGrant(action: DynamoAction): boolean {
  return action.resourcePolicy.table === 'yes';
}

/** Whether a stream resource-based policy can grant the action (documented yes only). */
export function streamPolicyCanGrant(action: DynamoAction): boolean {
  return action.resourcePolicy.stream === 'yes';
}
