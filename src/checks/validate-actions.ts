/**
 * Whether the actions a statement names exist: `dynamodb:` actions against DynamoDB's own catalog,
 * every other service's against the service catalog (`service-catalog.ts`), each misspelling with
 * the nearest real name. A resource-based policy of a table or stream runs the DynamoDB half from
 * `validate-attachment.ts` (another service's action is wrong there for another reason); the other
 * policy kinds, identity policies read from templates among them, run both halves from here.
 */
import { expandActionPattern, findAction, suggestAction, type DynamoAction } from '../dynamodb/catalog';
import type { SourceLocation } from '../policy/errors';
import type { Statement, StatementRef } from '../policy/model';
import { closestName } from '../util/nearest-name';
import { formatPath } from '../source/document';
import { compileWildcard, hasWildcard } from '../policy/wildcard';
import type { AnalysisInput, StatementView } from './analysis-input';
import { finding, type Finding } from './findings';
import { SERVICE_CATALOG_PACKAGE, serviceCatalog, type ServiceCatalog } from './service-catalog';

/** One action pattern of a statement with a literal service prefix, and where it is written. */
export interface NamedActionPattern {
  readonly text: string;
  /** The prefix as written, e.g. `s3`. */
  readonly service: string;
  readonly where: SourceLocation;
}

/**
 * The action patterns of a statement that name a service: `*` alone and patterns whose prefix has a
 * wildcard (`s3*:Get*`) name none and are left out.
 */
export function namedActionPatterns(view: StatementView, statement: Statement): NamedActionPattern[] {
  const element = statement.action.negated ? 'NotAction' : 'Action';
  const list = Array.isArray((statement.source as Record<string, unknown>)[element]);
  const out: NamedActionPattern[] = [];
  statement.action.patterns.forEach((pattern, i) => {
    const text = pattern.text;
    const colon = text.indexOf(':');
    if (text === '*' || colon < 0) return;
    const service = text.slice(0, colon);
    if (hasWildcard(service)) return;
    const path = list ? [...view.path, element, i] : [...view.path, element];
    out.push({ text, service, where: { ...view.location, path: formatPath(path) } });
  });
  return out;
}

/**
 * Findings for a `dynamodb:` pattern: a wildcard that matches no action, or a name that is not an
 * action (with the nearest one). The action, when the name is one, for the checks that follow.
 */
export function checkDynamoActionName(text: string, ref: StatementRef, where: SourceLocation, out: Finding[]): DynamoAction | undefined {
  if (hasWildcard(text)) {
    if (expandActionPattern(text).length === 0) {
      out.push(
        finding('action-matches-nothing', `"${text}" matches no DynamoDB action, so it grants nothing: check the spelling`, ref, where),
      );
    }
    return undefined;
  }
  const action = findAction(text);
  if (action === undefined) {
    const near = suggestAction(text);
    out.push(
      finding(
        'unknown-action',
        `"${text}" is not a DynamoDB ` +
          `action${near ? `: did you mean "${near.fullName}"?` : '; see the Service Authorization Reference for DynamoDB'}`,
        ref,
        where,
      ),
    );
  }
  return action;
}

/** Findings for an action pattern of a service other than DynamoDB, by the catalog. */
function checkServiceActionName(named: NamedActionPattern, ref: StatementRef, catalog: ServiceCatalog): Finding[] {
  const { text, service, where } = named;
  const actions = catalog.actionsOf(service);
  if (actions === undefined) {
    const near = closestName(service, catalog.services);
    return [
      finding(
        'unknown-service',
        `"${text}": ${service} is not a service prefix in ` +
          `${catalog.label}${near ? `: did you mean "${near}:${text.slice(service.length + 1)}"?` : ''}`,
        ref,
        where,
      ),
    ];
  }
  const name = text.slice(service.length + 1);
  if (hasWildcard(name)) {
    const glob = compileWildcard(name, true);
    if (actions.some((a) => glob.matches(a.toLowerCase()))) return [];
    return [
      finding(
        'action-matches-nothing',
        `"${text}" matches no ${service} action in ${catalog.label}, so it grants nothing: check the spelling`,
        ref,
        where,
      ),
    ];
  }
  const lower = name.toLowerCase();
  if (actions.some((a) => a.toLowerCase() === lower)) return [];
  const near = closestName(name, actions);
  return [
    finding(
      'unknown-action',
      `"${text}" is not an action of ${service} in ` +
        `${catalog.label}${near ? `: did you mean "${service}:${near}"?` : '; see the Service Authorization Reference'}`,
      ref,
      where,
    ),
  ];
}

/**
 * Every action name of a policy of a kind other than a table or stream policy, checked against the
 * catalogs. Without the data package, one suggestion says which actions went unchecked and what to
 * install, rather than passing them in silence.
 */
export function checkActionNames(input: AnalysisInput): Finding[] {
  const out: Finding[] = [];
  const unchecked = new Set<string>();
  for (const view of input.views) {
    const statement = view.compiled;
    if (statement === undefined) continue;
    for (const named of namedActionPatterns(view, statement)) {
      if (named.service.toLowerCase() === 'dynamodb') {
        checkDynamoActionName(named.text, statement.ref, named.where, out);
        continue;
      }
      const services = serviceCatalog();
      if (services === null) unchecked.add(named.service.toLowerCase());
      else out.push(...checkServiceActionName(named, statement.ref, services));
    }
  }
  if (unchecked.size > 0) {
    const where = { policy: input.name, ...(input.file !== undefined ? { file: input.file } : {}), path: '' };
    out.push(
      finding(
        'action-catalog-unavailable',
        `actions of services other than DynamoDB (here ${[...unchecked].sort().join(', ')}) were not ` +
          `checked for misspellings: install ${SERVICE_CATALOG_PACKAGE} to check them`,
        undefined,
        where,
      ),
    );
  }
  return out;
}
