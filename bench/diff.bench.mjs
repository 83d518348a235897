/**
 * Speed of `iamspec diff`: two versions of a 50-statement table policy (a multi-tenant table: one
 * statement per tenant role, each confined to its own partition-key prefix, plus a few Deny
 * statements), the new version with the kind of edits a pull request makes. The issue asks for
 * under 2 seconds.
 *
 * Run: `node bench/diff.bench.mjs` (or through `npm run bench`). It loads the library from
 * `dist/` when the build exports `diffPolicies`, else from the sources through tsx.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const LIMIT_MS = 2000;
const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';

async function loadDiff() {
  try {
    const built = await import(new URL('../dist/index.js', import.meta.url).href);
    if (typeof built.diffPolicies === 'function') return { diffPolicies: built.diffPolicies, from: 'dist/index.js' };
  } catch {
    // not built, or built without the export: fall back to the sources
  }
  const { tsImport } = await import('tsx/esm/api');
  const source = await tsImport('../src/gate/diff.ts', import.meta.url);
  return { diffPolicies: source.diffPolicies, from: 'src/gate/diff.ts (tsx)' };
}

function account(i) {
  return `1000000000${String(i).padStart(2, '0')}`;
}

/** Statement i of the tenant policy; `edit` changes it the way a pull request might. */
function tenantStatement(i, edit) {
  const actions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
  if (i % 3 === 0) actions.push('dynamodb:PutItem', 'dynamodb:UpdateItem');
  if (edit === 'add-action') actions.push('dynamodb:DeleteItem');
  const statement = {
    Sid: `Tenant${i}`,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account(i)}:role/tenant-${i}-app` },
    Action: actions,
    Resource: [TABLE, `${TABLE}/index/*`],
    Condition: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': edit === 'widen-prefix' ? `TENANT${i}*` : `TENANT${i}-*` },
      StringEqualsIfExists: { 'dynamodb:Select': ['SPECIFIC_ATTRIBUTES', 'COUNT'] },
    },
  };
  if (i % 5 === 0) statement.Condition['ForAllValues:StringEquals'] = { 'dynamodb:Attributes': ['pk', 'sk', 'name', 'status'] };
  if (edit === 'drop-select') delete statement.Condition.StringEqualsIfExists;
  return statement;
}

function denyStatements(version) {
  const statements = [
    {
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: [TABLE, `${TABLE}/index/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyTableAdmin',
      Effect: 'Deny',
      Principal: '*',
      Action: ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:PutResourcePolicy'],
      Resource: TABLE,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/admin-*' } },
    },
  ];
  if (version === 'new') statements[0].Condition = { BoolIfExists: { 'aws:SecureTransport': 'false' } };
  return statements;
}

export function makePolicies() {
  const oldStatements = [];
  const newStatements = [];
  for (let i = 1; i <= 48; i++) {
    oldStatements.push(tenantStatement(i));
    const edit = i === 7 ? 'widen-prefix' : i === 12 ? 'add-action' : i === 30 ? 'drop-select' : undefined;
    newStatements.push(tenantStatement(i, edit));
  }
  oldStatements.push(...denyStatements('old'));
  newStatements.push(...denyStatements('new'));
  // The new version also lists its statements in another order: order must not matter.
  newStatements.reverse();
  return {
    old: { Version: '2012-10-17', Statement: oldStatements },
    new: { Version: '2012-10-17', Statement: newStatements },
  };
}

export async function run({ repeats = 3 } = {}) {
  const { diffPolicies, from } = await loadDiff();
  const { old, new: next } = makePolicies();
  const times = [];
  let result;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    result = diffPolicies(old, next);
    times.push(performance.now() - start);
  }
  const best = Math.min(...times);
  const worst = Math.max(...times);
  return {
    name: 'diff: two 50-statement table policies',
    from,
    statements: old.Statement.length,
    bestMs: Math.round(best),
    worstMs: Math.round(worst),
    limitMs: LIMIT_MS,
    ok: worst < LIMIT_MS,
    evaluations: result.counts.evaluations,
    callerActionResourceClasses: result.counts.callerActionResourceClasses,
    changes: { widened: result.counts.widened, narrowed: result.counts.narrowed, changed: result.counts.changed },
    exact: result.exact,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await run();
  console.log(
    `${report.name}: best ${report.bestMs} ms, worst ${report.worstMs} ms of 3 (limit ${report.limitMs} ms) — ` +
      `${report.callerActionResourceClasses} caller/action/resource classes, ${report.evaluations} request classes evaluated, ` +
      (`${report.changes.widened} widened / ${report.changes.narrowed} narrowed / ` +
        `${report.changes.changed} changed; loaded from ${report.from}`),
  );
  if (!report.ok) {
    console.error(`diff took ${report.worstMs} ms, over the ${report.limitMs} ms limit`);
    process.exitCode = 1;
  }
}
