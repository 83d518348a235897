/**
 * The checks DynamoDB makes when a resource-based policy is attached (PutResourcePolicy, or
 * CreateTable with ResourcePolicy): size, principals, the resources a statement may name, the
 * actions a table or stream policy may grant, and Block Public Access.
 *
 * Facts: developer guide pages rbac-considerations (20 KB, whitespace counted), rbac-bpa-rbp (Block
 * Public Access), rbac-iam-actions (which APIs a resource policy and a cross-account caller can use,
 * through the catalog), rbac-examples (a table policy covers the table and its indexes, a stream
 * policy the stream); the service principals are those AWS integrations document in table policies.
 * Where AWS does not say whether PutResourcePolicy rejects something, a grant that cannot work is a
 * warning, not an error.
 */
import { parseDynamoArn, tableArnOf, type StreamResource, type TableResource } from '../dynamodb/arn';
import type { DynamoAction, Support } from '../dynamodb/catalog';
import type { SourceLocation } from '../policy/errors';
import type { PrincipalEntry, ResourcePattern, Statement } from '../policy/model';
import { formatPath, type PathSegment } from '../source/document';
import { hasWildcard } from '../policy/wildcard';
import type { AnalysisInput, PolicySize, StatementView } from './analysis-input';
import { finding, type Finding } from './findings';
import { publicStatements } from './public-access';
import { checkDynamoActionName, namedActionPatterns } from './validate-actions';

/** DynamoDB's limit, "20 KB"; read as 20 x 1024 bytes, with a warning band below it (see `checkSize`). */
export const MAX_POLICY_BYTES = 20 * 1024;
const DECIMAL_KB_BYTES = 20_000;

/**
 * Service principals DynamoDB documents in table policies: Amazon Redshift and AWS Glue zero-ETL
 * integrations (their setup pages), and multi-account global tables replication. DynamoDB rejects
 * others with "Policy contains invalid service principal" (reported in aws/aws-cdk#37273).
 */
export const ACCEPTED_SERVICE_PRINCIPALS: readonly string[] = [
  'glue.amazonaws.com',
  'redshift.amazonaws.com',
  'replication.dynamodb.amazonaws.com',
];

export type AttachTarget =
  | { readonly kind: 'table'; readonly arn: string; readonly resource: TableResource }
  | { readonly kind: 'stream'; readonly arn: string; readonly resource: StreamResource };

/** Parses `attachTo`: a table or stream ARN. Throws RangeError for anything else. */
export function parseAttachTarget(arn: string): AttachTarget {
  const parsed = parseDynamoArn(String(arn));
  if (!parsed.ok) throw new RangeError(`attachTo: ${parsed.message}`);
  const r = parsed.resource;
  if (r.type === 'table') return { kind: 'table', arn: r.arn, resource: r };
  if (r.type === 'stream') return { kind: 'stream', arn: r.arn, resource: r };
  throw new RangeError(
    `attachTo: "${arn}" is a ${r.type} ARN; a resource-based policy is attached to a table or a ` +
      `stream (an index is covered by its table's policy)`,
  );
}

function at(view: StatementView, ...segments: PathSegment[]): SourceLocation {
  return { ...view.location, path: formatPath([...view.path, ...segments]) };
}

function literalResources(statement: Statement): string[] {
  const element = statement.resource;
  if (element === undefined || element.negated) return [];
  return element.patterns.filter((p) => p.kind === 'arn' && !hasWildcard(p.text) && !p.text.includes('${')).map((p) => p.text);
}

/**
 * The table or stream the statements name when `attachTo` is not given: the one table (its
 * indexes count as the table) or the one stream their literal ARNs name.
 */
function inferTarget(statements: readonly Statement[]): { target?: AttachTarget; findings: Finding[] } {
  const tables = new Map<string, TableResource>();
  const streams = new Map<string, StreamResource>();
  for (const statement of statements) {
    for (const text of literalResources(statement)) {
      const parsed = parseDynamoArn(text);
      if (!parsed.ok) continue;
      const r = parsed.resource;
      if (r.type === 'stream') streams.set(r.arn, r);
      else if (r.type === 'table' || r.type === 'index') {
        const arn = tableArnOf(r);
        const table = parseDynamoArn(arn);
        if (table.ok && table.resource.type === 'table') tables.set(arn, table.resource);
      }
    }
  }
  const named = [...tables.keys(), ...streams.keys()];
  if (named.length > 1) {
    return {
      findings: [
        finding(
          'ambiguous-target',
          `the statements name ${named.length} different tables or streams (${named.join(', ')}), but a ` +
            `policy is attached to one table or one stream: split it, or pass attachTo to check it against ` +
            `the one it is for`,
        ),
      ],
    };
  }
  const [table] = tables.values();
  if (table) return { target: { kind: 'table', arn: table.arn, resource: table }, findings: [] };
  const [stream] = streams.values();
  if (stream) return { target: { kind: 'stream', arn: stream.arn, resource: stream }, findings: [] };
  return { findings: [] };
}

// --- size ----------------------------------------------------------------------------------------

function checkSize(size: PolicySize | undefined): Finding[] {
  if (size === undefined) return [];
  const shown = size.bytes.toLocaleString('en-US');
  const measured = size.measured === 'as-written' ? `${shown} bytes as written` : `at least ${shown} bytes once serialized as compact JSON`;
  if (size.bytes > MAX_POLICY_BYTES) {
    return [
      finding(
        'policy-too-large',
        `the policy is ${measured}; DynamoDB allows 20 KB (${MAX_POLICY_BYTES.toLocaleString('en-US')} ` +
          `bytes) and counts whitespace: remove whitespace, merge statements, or move grants into ` +
          `identity-based policies`,
      ),
    ];
  }
  if (size.bytes > DECIMAL_KB_BYTES) {
    return [
      finding(
        'policy-size-ambiguous',
        `the policy is ${measured}; DynamoDB's limit is "20 KB" with whitespace counted, and if that ` +
          `means 20,000 bytes this policy is rejected: keep it under 20,000 bytes to be safe`,
      ),
    ];
  }
  return [];
}

// --- principals ------------------------------------------------------------------------------------

function principalPath(view: StatementView, entry: PrincipalEntry, negated: boolean): SourceLocation {
  return at(view, negated ? 'NotPrincipal' : 'Principal', entry.type);
}

function checkPrincipals(view: StatementView, statement: Statement): Finding[] {
  const out: Finding[] = [];
  const principal = statement.principal;
  if (principal === undefined) return out;
  for (const entry of principal.entries) {
    const where = principalPath(view, entry, principal.negated);
    if (entry.type === 'Federated') {
      out.push(
        finding(
          'federated-principal',
          `"Federated": "${entry.text}" names an identity provider, which only a role trust policy can ` +
            `trust; DynamoDB rejects it: grant to the role that federated users assume instead`,
          statement.ref,
          where,
        ),
      );
    } else if (entry.type === 'CanonicalUser') {
      out.push(
        finding(
          'canonical-user-principal',
          `"CanonicalUser": "${entry.text}" is an Amazon S3 canonical user id, which DynamoDB policies ` +
            `cannot name: use the account id or the IAM principal's ARN`,
          statement.ref,
          where,
        ),
      );
    } else if (entry.type === 'Service' && !ACCEPTED_SERVICE_PRINCIPALS.includes(entry.service)) {
      out.push(
        finding(
          'unsupported-service-principal',
          `"Service": "${entry.text}" is not a service principal DynamoDB accepts in a resource-based ` +
            `policy (it documents ${ACCEPTED_SERVICE_PRINCIPALS.join(', ')}): grant the service's role ` +
            `instead`,
          statement.ref,
          where,
        ),
      );
    }
  }
  if (statement.effect === 'Allow' && principal.negated) {
    out.push(
      finding(
        'allow-with-not-principal',
        `Allow with NotPrincipal grants every principal except those listed, anonymous callers included: ` +
          `name the principals in Principal instead`,
        statement.ref,
        at(view, 'NotPrincipal'),
      ),
    );
  }
  return out;
}

// --- resources -------------------------------------------------------------------------------------

/** Whether a glob's literal prefix leaves room for the text `prefix` + something. */
function prefixCompatible(patternText: string, prefix: string): boolean {
  const cut = patternText.search(/[*?]/);
  const literal = cut < 0 ? patternText : patternText.slice(0, cut);
  if (cut < 0) return literal.startsWith(prefix) && literal.length > prefix.length && !literal.slice(prefix.length).includes('/');
  return prefix.startsWith(literal) || (literal.startsWith(prefix) && !literal.slice(prefix.length).includes('/'));
}

function describeNamed(text: string): string {
  const parsed = parseDynamoArn(text);
  if (!parsed.ok) return `"${text}"`;
  const r = parsed.resource;
  switch (r.type) {
    case 'table':
      return `table ${r.table} of account ${r.account} in ${r.region}`;
    case 'index':
      return `index ${r.indexName} of table ${r.table}`;
    case 'stream':
      return `a stream of table ${r.table}`;
    case 'global-table':
      return `legacy global table ${r.globalTableName}`;
    default:
      return `a ${r.type} of table ${r.table}`;
  }
}

/** Why a Resource pattern cannot name the resource the policy is attached to, or undefined when it can. */
function resourceProblem(pattern: ResourcePattern, target: AttachTarget): string | undefined {
  if (pattern.kind === 'any') return undefined;
  const [partition, service, region, account, resource] = pattern.components;
  // A pattern with policy variables is resolved per request; nothing to say before that.
  if ([partition, service, region, account, resource].some((c) => c.glob === undefined)) return undefined;
  const t = target.resource;
  const attached = target.kind === 'table' ? `table ${t.table}` : `the stream ${target.arn}`;
  if (!service.glob!.matches('dynamodb'))
    return (
      `names a ${service.template.source} resource; a DynamoDB resource-based policy can name only the ` +
      `${target.kind} it is attached to`
    );
  if (!account.glob!.matches(t.account))
    return `names account ${account.template.source}, but the policy is attached to ${attached} of account ${t.account}`;
  if (!region.glob!.matches(t.region))
    return `names Region ${region.template.source || '(empty)'}, but the policy is attached to ${attached} in ${t.region}`;
  if (!partition.glob!.matches(t.partition))
    return `names partition ${partition.template.source}, but the policy is attached to ${attached} in partition ${t.partition}`;
  const text = resource.template.source;
  if (target.kind === 'table') {
    if (resource.glob!.matches(`table/${t.table}`) || prefixCompatible(text, `table/${t.table}/index/`)) return undefined;
    if (text.startsWith(`table/${t.table}/stream/`)) {
      return (
        `names a stream of table ${t.table}; a table's policy covers the table and its indexes only: ` +
        `attach a policy to the stream for stream access`
      );
    }
    return (
      `names ${describeNamed(pattern.text)}, but the policy is attached to table ${t.table}: a table's ` +
      `policy can name only that table and its indexes`
    );
  }
  const stream = target.resource;
  if (resource.glob!.matches(`table/${stream.table}/stream/${stream.streamLabel}`)) return undefined;
  if (resource.glob!.matches(`table/${stream.table}`) || text.startsWith(`table/${stream.table}/index/`)) {
    return (
      `names table ${stream.table} or its index, but the policy is attached to its stream: a stream's ` +
      `policy covers only the stream; put table grants in the table's policy`
    );
  }
  return `names ${describeNamed(pattern.text)}, but the policy is attached to the stream ${target.arn}`;
}

function checkResources(view: StatementView, statement: Statement, target: AttachTarget): Finding[] {
  const element = statement.resource;
  if (element === undefined) return [];
  const name = element.negated ? 'NotResource' : 'Resource';
  const out: Finding[] = [];
  if (element.negated) {
    if (statement.effect === 'Allow') {
      out.push(
        finding(
          'allow-with-not-resource',
          `Allow with NotResource grants on every resource except those listed: name the ${target.kind} in Resource instead`,
          statement.ref,
          at(view, name),
        ),
      );
    }
    return out;
  }
  const list = Array.isArray((statement.source as Record<string, unknown>)[name]);
  element.patterns.forEach((pattern, i) => {
    const problem = resourceProblem(pattern, target);
    if (problem !== undefined)
      out.push(finding('resource-mismatch', `"${pattern.text}" ${problem}`, statement.ref, list ? at(view, name, i) : at(view, name)));
  });
  return out;
}

// --- actions -------------------------------------------------------------------------------------------

function supportFor(action: DynamoAction, kind: AttachTarget['kind']): Support {
  return kind === 'table' ? action.resourcePolicy.table : action.resourcePolicy.stream;
}

/** Accounts of the principals a statement names other than `owner` (not `"*"`, not services). */
function otherAccounts(statement: Statement, owner: string): string[] {
  const principal = statement.principal;
  if (principal === undefined || principal.negated) return [];
  const accounts = new Set<string>();
  for (const e of principal.entries) {
    if (e.type === 'AWS' && e.kind !== 'unique-id' && e.account !== owner) accounts.add(e.account);
  }
  return [...accounts];
}

function checkNamedAction(
  action: DynamoAction,
  written: string,
  statement: Statement,
  where: SourceLocation,
  target: AttachTarget | undefined,
): Finding[] {
  const out: Finding[] = [];
  const rp = action.resourcePolicy;
  if (action.name === 'ListStreams') {
    return [
      finding(
        'action-not-grantable',
        `"${written}" lists an account's streams and is authorized on "*", never on a table or stream; ` +
          `DynamoDB rejects it in a resource-based policy: grant it in an identity-based policy`,
        statement.ref,
        where,
      ),
    ];
  }
  if (target?.kind === 'table' && rp.table !== 'yes' && rp.stream === 'yes') {
    return [
      finding(
        'action-not-grantable',
        `"${written}" acts on streams; a table's policy cannot grant it and DynamoDB rejects it there: ` +
          `grant it in the policy of the table's stream`,
        statement.ref,
        where,
      ),
    ];
  }
  if (target?.kind === 'stream' && rp.stream !== 'yes' && rp.table === 'yes') {
    return [
      finding(
        'action-not-grantable',
        `"${written}" acts on tables; a stream's policy grants only stream actions (DescribeStream, ` +
          `GetRecords, GetShardIterator, tagging and policy actions): grant it in the table's policy`,
        statement.ref,
        where,
      ),
    ];
  }
  // What follows is about what a grant achieves; a Deny of such an action is harmless.
  if (statement.effect === 'Deny') return out;
  const unsupported = target === undefined ? rp.table === 'no' && rp.stream === 'no' : supportFor(action, target.kind) === 'no';
  // rbac-iam-actions speaks of IAM principals. AWS integrations document their own needs: the Glue
  // zero-ETL page grants glue.amazonaws.com DescribeExport in a table policy, which that page lists
  // as unsupported, so grants to service principals are left to the integration's documentation.
  const onlyServices =
    statement.principal !== undefined && !statement.principal.anyone && statement.principal.entries.every((e) => e.type === 'Service');
  if (unsupported && !onlyServices) {
    out.push(
      finding(
        'action-has-no-effect',
        `"${written}" is not supported by resource-based policies (${rp.basis}), so this grant does ` +
          `nothing: grant it in an identity-based policy`,
        statement.ref,
        where,
      ),
    );
    return out;
  }
  if (target !== undefined && rp.crossAccount === 'no') {
    const others = otherAccounts(statement, target.resource.account);
    if (others.length > 0) {
      out.push(
        finding(
          'cross-account-unsupported',
          `"${written}" cannot be used across accounts through a resource-based policy (${rp.basis}), so ` +
            `the grant to ${others.join(', ')} does nothing; only principals of ${target.resource.account} ` +
            `can use it`,
          statement.ref,
          where,
        ),
      );
    }
  }
  return out;
}

function checkActions(view: StatementView, statement: Statement, target: AttachTarget | undefined): Finding[] {
  const out: Finding[] = [];
  if (statement.action.negated && statement.effect === 'Allow') {
    out.push(
      finding(
        'allow-with-not-action',
        `Allow with NotAction grants every action except those listed, including actions AWS adds later: ` +
          `list the actions in Action instead`,
        statement.ref,
        at(view, 'NotAction'),
      ),
    );
  }
  for (const { text, service, where } of namedActionPatterns(view, statement)) {
    if (service.toLowerCase() !== 'dynamodb') {
      out.push(
        finding(
          'foreign-action',
          `"${text}" is an action of ${service}, which a DynamoDB table or stream never authorizes; ` +
            `DynamoDB rejects action names it does not know: remove it`,
          statement.ref,
          where,
        ),
      );
      continue;
    }
    const action = checkDynamoActionName(text, statement.ref, where, out);
    // NotAction names what is excluded: whether a table policy could grant it does not matter.
    if (action !== undefined && !statement.action.negated) out.push(...checkNamedAction(action, text, statement, where, target));
  }
  return out;
}

// --- the whole check ---------------------------------------------------------------------------------------

/** Every attachment check of a resource-based policy; `target` is `attachTo` parsed, or undefined to infer it. */
export function checkAttachment(input: AnalysisInput, given: AttachTarget | undefined): Finding[] {
  const out: Finding[] = [...checkSize(input.size)];
  const compiled = input.views.filter((v): v is StatementView & { compiled: Statement } => v.compiled !== undefined);
  let target = given;
  if (target === undefined) {
    const inferred = inferTarget(input.statements);
    out.push(...inferred.findings);
    target = inferred.target;
  }
  for (const view of compiled) {
    const statement = view.compiled;
    out.push(...checkPrincipals(view, statement));
    out.push(...checkActions(view, statement, target));
    if (target !== undefined) out.push(...checkResources(view, statement, target));
    else if (statement.resource?.negated && statement.effect === 'Allow') {
      out.push(
        finding(
          'allow-with-not-resource',
          'Allow with NotResource grants on every resource except those listed: name the table or stream in Resource instead',
          statement.ref,
          at(view, 'NotResource'),
        ),
      );
    }
  }
  const byStatement = new Map(compiled.map((v) => [v.compiled, v]));
  for (const p of publicStatements(input.statements)) {
    const view = byStatement.get(p.statement);
    out.push(
      finding(
        'public-access',
        `statement ${p.statement.ref.label} grants public access: ${p.reason}. DynamoDB's Block Public Access rejects the policy`,
        p.statement.ref,
        view ? view.location : undefined,
      ),
    );
  }
  return out;
}
