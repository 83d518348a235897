/**
 * How the public API's cost grows with its input: for each function, the time at doubling sizes and
 * the fitted growth exponent (the slope of log time against log size, least squares): 1 is linear,
 * 2 quadratic. Nothing should grow faster than linearly (allowing for noise, an exponent up to
 * about 1.3) within AWS's limits.
 *
 * Sizes: policies of up to 1,600 statements (a resource-based policy holds at most 20 KB, about 100
 * statements; an identity policy fewer, so the largest sizes are beyond AWS's limits on purpose, to
 * make the exponent visible); DynamoDB expressions up to AWS's 4 KB expression limit and beyond.
 *
 * Each time is the best of several repetitions of enough calls to take at least 20 ms.
 *
 * Run: `node bench/growth.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { findExternalAccess, fromCommand, validate } from '../dist/index.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';

/**
 * A table policy of n statements like a multi-tenant one: per tenant an Allow for its role, an
 * Allow open to the organization for its shared keys, and a Deny that keeps everyone off its
 * index; ahead of them two guard rails (a Deny that confines callers to the organization, and one
 * that denies deleting the table outright). Denies in proportion to Allows are what made the
 * checks that look, for each Allow, for the Denies bearing on it quadratic. `sameSid` gives every
 * statement the same Sid (each then a duplicate-Sid finding).
 */
function tablePolicy(n, { sameSid = false } = {}) {
  const sid = (s) => (sameSid ? 'Same' : s);
  const statements = [
    {
      Sid: 'OnlyTheOrganization',
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE,
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    },
    { Sid: 'NeverDeleteTheTable', Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: TABLE },
  ];
  for (let i = 2; i < n; i++) {
    const tenant = Math.floor(i / 3);
    switch (i % 3) {
      case 0:
        statements.push({
          Sid: sid(`Tenant${tenant}Reads`),
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${String(100000000000 + tenant)}:role/tenant-${tenant}` },
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: [TABLE, `${TABLE}/index/tenant-${tenant}`],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`TENANT${tenant}-*`] } },
        });
        break;
      case 1:
        statements.push({
          Sid: sid(`Tenant${tenant}Shared`),
          Effect: 'Allow',
          Principal: '*',
          Action: 'dynamodb:GetItem',
          Resource: `${TABLE}/index/shared-${tenant}`,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        });
        break;
      default:
        statements.push({
          Sid: sid(`Tenant${tenant}IndexIsItsOwn`),
          Effect: 'Deny',
          Principal: '*',
          Action: 'dynamodb:PutItem',
          Resource: `${TABLE}/index/tenant-${tenant}`,
        });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

const OPTIONS = { account: '222222222222', region: 'us-east-1', keySchema: { [TABLE]: { partitionKey: 'pk', sortKey: 'sk' } } };

export const CASES = [
  {
    name: 'validate, statements',
    sizes: [100, 200, 400, 800, 1600],
    make: (n) => tablePolicy(n),
    run: (p) => validate(p, { kind: 'resource' }),
  },
  {
    name: 'validate, statements sharing one Sid',
    sizes: [100, 200, 400, 800, 1600],
    make: (n) => tablePolicy(n, { sameSid: true }),
    run: (p) => validate(p, { kind: 'resource' }),
  },
  {
    name: 'findExternalAccess, statements',
    sizes: [100, 200, 400, 800, 1600],
    make: (n) => tablePolicy(n),
    run: (p) => findExternalAccess(p, { owner: '222222222222' }),
  },
  {
    name: 'key condition in n parentheses',
    sizes: [250, 500, 1000, 2000, 4000],
    make: (n) => ({
      TableName: TABLE,
      KeyConditionExpression: `${'('.repeat(n)}pk = :v${')'.repeat(n)}`,
      ExpressionAttributeValues: { ':v': { S: 'a' } },
    }),
    run: (input) => fromCommand('Query', input, OPTIONS),
  },
  {
    name: 'projection of n names',
    sizes: [250, 500, 1000, 2000, 4000],
    make: (n) => ({
      TableName: TABLE,
      Key: { pk: { S: 'a' }, sk: { S: 'b' } },
      ProjectionExpression: Array.from({ length: n }, (_, i) => `a${i}`).join(', '),
    }),
    run: (input) => fromCommand('GetItem', input, OPTIONS),
  },
  {
    name: 'projection of n #placeholders',
    sizes: [250, 500, 1000, 2000, 4000],
    make: (n) => ({
      TableName: TABLE,
      Key: { pk: { S: 'a' }, sk: { S: 'b' } },
      ProjectionExpression: Array.from({ length: n }, (_, i) => `#a${i}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(Array.from({ length: n }, (_, i) => [`#a${i}`, `attribute${i}`])),
    }),
    run: (input) => fromCommand('GetItem', input, OPTIONS),
  },
  {
    name: 'PartiQL WHERE of n ORs',
    sizes: [250, 500, 1000, 2000, 4000],
    make: (n) => ({
      Statement: `SELECT * FROM "rbac-central-table" WHERE ${Array.from({ length: n }, (_, i) => `pk = 'k${i}'`).join(' OR ')}`,
    }),
    run: (input) => fromCommand('ExecuteStatement', input, { ...OPTIONS, keySchema: { 'rbac-central-table': { partitionKey: 'pk' } } }),
  },
];

function timeOf(run, input) {
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run(input);
    const ms = performance.now() - start;
    if (ms >= 20) return ms / calls;
    calls *= 2;
  }
}

/** Least-squares slope of log(time) against log(size). */
export function growthExponent(sizes, times) {
  const xs = sizes.map(Math.log);
  const ys = times.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

export function run({ repeats = 3, only } = {}) {
  return CASES.filter((c) => only === undefined || c.name.includes(only)).map(({ name, sizes, make, run: call }) => {
    const inputs = sizes.map(make);
    call(inputs[0]); // warm up
    const times = inputs.map((input) => Math.min(...Array.from({ length: repeats }, () => timeOf(call, input))));
    return { name, sizes, times, exponent: growthExponent(sizes, times) };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log('growth with input size (time per call at doubling sizes; exponent 1 = linear, 2 = quadratic):');
  for (const r of run({ only: process.env.BENCH_GROWTH_ONLY })) {
    const points = r.sizes.map((n, i) => `${n}: ${r.times[i] < 1 ? r.times[i].toFixed(3) : r.times[i].toFixed(1)} ms`).join(', ');
    console.log(`  ${r.name}: n^${r.exponent.toFixed(2)}  (${points})`);
  }
}
