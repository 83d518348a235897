/**
 * Finding a table or a principal of a template by the name people write in a scenario file: its
 * logical id (`CentralTable315BB997`), the logical id without the hash CDK appends
 * (`CentralTable`), and, for a global table with one replica, the table without its region.
 */
import { closestName } from '../util/nearest-name';
import { TemplateError } from './errors';
import type { DeployedPolicies, DeployedPrincipal, DeployedTable } from './model';

/** CDK's logical ids end in eight hex digits of a hash of the construct path. */
const CDK_HASH = /^(.+?)[0-9A-F]{8}$/;

function aliases(qualified: string, replicaOfOne: boolean): string[] {
  // `Stack/LogicalId` in a merged assembly: the name also answers without its stack.
  const slash = qualified.lastIndexOf('/');
  if (slash >= 0) {
    const inStack = aliases(qualified.slice(slash + 1), replicaOfOne);
    return [...inStack.map((a) => `${qualified.slice(0, slash)}/${a}`), ...inStack];
  }
  const name = qualified;
  const dot = name.indexOf('.');
  const logical = dot < 0 ? name : name.slice(0, dot);
  const rest = dot < 0 ? '' : name.slice(dot);
  const short = CDK_HASH.exec(logical)?.[1];
  const out = [name, ...(short ? [short + rest] : [])];
  if (replicaOfOne) out.push(logical, ...(short ? [short] : []));
  return out;
}

function find<T extends { readonly name: string }>(
  items: readonly T[],
  wanted: string,
  what: string,
  source: string,
  replicaOfOne: (item: T) => boolean,
): T {
  const exact = items.filter((item) => item.name === wanted);
  const found = exact.length > 0 ? exact : items.filter((item) => aliases(item.name, replicaOfOne(item)).includes(wanted));
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new TemplateError([
      {
        message: `${wanted} names ${found.length} ${what}s (${found.map((f) => f.name).join(', ')}): write the full name`,
        template: source,
        path: '',
      },
    ]);
  }
  const known = items.flatMap((item) => aliases(item.name, replicaOfOne(item)));
  const near = closestName(wanted, known);
  const list = items.length === 0 ? `it has no ${what}` : `it has ${items.map((i) => i.name).join(', ')}`;
  throw new TemplateError([
    { message: `no ${what} ${wanted} in the template${near ? ` (did you mean ${near}?)` : ''}; ${list}`, template: source, path: '' },
  ]);
}

export function findTable(model: DeployedPolicies, name: string): DeployedTable {
  const logicalOf = (t: DeployedTable) => t.name.slice(0, t.name.indexOf('.') < 0 ? undefined : t.name.indexOf('.'));
  return find(
    model.tables,
    name,
    'table',
    model.source,
    (t) => t.name.includes('.') && model.tables.filter((o) => logicalOf(o) === logicalOf(t)).length === 1,
  );
}

export function findPrincipal(model: DeployedPolicies, name: string): DeployedPrincipal {
  return find(model.principals, name, 'role or user', model.source, () => false);
}
