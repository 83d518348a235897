// Decisions per second for the announcement's four policies (corrected form) on cross-account
// requests with mixed outcomes. Policies are compiled once; each request is resolved and decided
// afresh (the trace is built lazily, so it is not built here). Run through `npm run bench`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, loadPolicyFile } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const load = (name) => loadPolicyFile(join(here, 'policies', `${name}.json`));
const allowDynamo = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] };

const central = 'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table';
const p1 = { resourcePolicy: load('1-specific-users-getitem'), identityPolicies: [allowDynamo] };
const p2 = { resourcePolicy: load('2-admin-stream-read'), identityPolicies: [allowDynamo] };
const p3 = { resourcePolicy: load('3-fine-grained-query'), identityPolicies: [allowDynamo] };
const p4 = { resourcePolicy: load('4-admin-source-ip-and-vpce'), identityPolicies: [allowDynamo] };

const cases = [
  [{ principal: 'arn:aws:iam::111122223333:user/foo', action: 'dynamodb:GetItem', resource: central }, p1],
  [{ principal: 'arn:aws:iam::111122223333:user/bar', action: 'dynamodb:GetItem', resource: central }, p1],
  [
    {
      principal: 'arn:aws:sts::111122223333:assumed-role/Admin/s1',
      action: 'dynamodb:GetRecords',
      resource: `${central}/stream/2024-01-11T16:35:51.514`,
    },
    p2,
  ],
  [
    {
      principal: 'arn:aws:sts::111122223333:assumed-role/Admin/s1',
      action: 'dynamodb:PutItem',
      resource: `${central}/stream/2024-01-11T16:35:51.514`,
    },
    p2,
  ],
  [
    {
      principal: 'arn:aws:iam::111111111111:user/foo',
      action: 'dynamodb:Query',
      resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table',
      context: {
        'dynamodb:LeadingKeys': ['ProductCatalog-42'],
        'dynamodb:Attributes': ['ProductName', 'Inventory'],
        'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
      },
    },
    p3,
  ],
  [
    {
      principal: 'arn:aws:iam::111111111111:user/foo',
      action: 'dynamodb:Query',
      resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table',
      context: { 'dynamodb:LeadingKeys': ['Other-1'], 'dynamodb:Attributes': ['ProductName'] },
    },
    p3,
  ],
  [
    {
      principal: 'arn:aws:sts::111122223333:assumed-role/Admin/s1',
      action: 'dynamodb:Scan',
      resource: central,
      context: { 'aws:SourceIp': '192.0.2.10', 'aws:SourceVpce': 'vpce-1a2b3c4d' },
    },
    p4,
  ],
  [
    {
      principal: 'arn:aws:sts::111122223333:assumed-role/Admin/s1',
      action: 'dynamodb:Scan',
      resource: central,
      context: { 'aws:SourceIp': '192.0.2.10' },
    },
    p4,
  ],
];

const outcomes = {};
for (const [request, set] of cases) {
  const d = evaluate(request, set).decision;
  outcomes[d] = (outcomes[d] ?? 0) + 1;
}

const N = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Warm up the JIT before measuring.
for (let i = 0; i < 1_000_000; i++) evaluate(cases[i % cases.length][0], cases[i % cases.length][1]);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
let allowed = 0;
const rates = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const [request, set] = cases[i % cases.length];
    if (evaluate(request, set).decision === 'Allow') allowed++;
    if ((i & 0xffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  rates.push(N / (Number(process.hrtime.bigint() - start) / 1e9));
}
peakRss = Math.max(peakRss, process.memoryUsage().rss);
globalThis.gc?.();
const rssAfter = process.memoryUsage().rss;

const sorted = [...rates].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mb = (b) => (b / 1024 / 1024).toFixed(1);
console.log(
  `evaluate: median ${fmt(median)} decisions/s on one core (${ROUNDS} rounds of ` +
    `${N.toLocaleString('en-US')}: ${rates.map(fmt).join(', ')})`,
);
console.log(
  `  mix per ${cases.length} requests: ${JSON.stringify(outcomes)}; allowed ` +
    `${allowed.toLocaleString('en-US')} of ${(N * ROUNDS).toLocaleString('en-US')}`,
);
console.log(
  `  RSS over ${(N * ROUNDS).toLocaleString('en-US')} decisions: ${mb(rssBefore)} MB before, ` +
    `${mb(peakRss)} MB peak, ${mb(rssAfter)} MB after (after GC)`,
);

// Wildcard matching is linear: the pattern that makes backtracking matchers explode, on 100 KB.
const adversarial = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/x': '*a*a*a*a*a*a*a*a*b' } } }],
};
const long = 'a'.repeat(100_000);
const t0 = process.hrtime.bigint();
const d = evaluate(
  { principal: { arn: 'arn:aws:iam::111122223333:user/u', tags: { x: long } }, action: 'dynamodb:GetItem', resource: central },
  { identityPolicies: [adversarial] },
);
console.log(
  `  wildcard "*a*a*a*a*a*a*a*a*b" against 100 KB of "a": ${d.decision} in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)} ms`,
);
