/**
 * Decisions per second as a test suite makes them, side by side in one run:
 *
 * - **fresh**: 300,000 distinct requests against the announcement's four policies (corrected form),
 *   cross-account, each role-session caller with a session name of its own, and a fresh request,
 *   context and policy-set object for every decision (the policy documents are loaded once, as a
 *   test file loads them at the top);
 * - **repeated**: the same eight request and policy-set objects over and over (what the older
 *   benchmark measured);
 * - **prepared**: the fresh requests against sets prepared once with `preparePolicySet`;
 * - **minimal**: a hand-written evaluator of the same policies in this file, which parses every
 *   principal ARN afresh and keeps no caches: the floor to compare with.
 *
 * Rates are the median of interleaved rounds (fresh, repeated, prepared, minimal, then again), so
 * that all four see the same machine. Bytes promoted to the old generation per decision are
 * measured in a child process started with `--trace-gc-nvp`: V8 prints one line per garbage
 * collection with `allocated=` and `promoted=` fields; the child prints a marker before and after
 * the measured loop, and the sum of `promoted=` (and of `allocated=`) between the markers, divided
 * by the number of decisions, is the figure.
 *
 * Run: `node bench/fresh.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as iamspec from '../dist/index.js';

const { evaluate, preparePolicySet } = iamspec;

const DECISIONS = Number(process.env.BENCH_FRESH_DECISIONS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const readPolicy = (name) => JSON.parse(readFileSync(fileURLToPath(new URL(`policies/${name}.json`, import.meta.url)), 'utf8'));
const POLICIES = [
  readPolicy('1-specific-users-getitem'),
  readPolicy('2-admin-stream-read'),
  readPolicy('3-fine-grained-query'),
  readPolicy('4-admin-source-ip-and-vpce'),
];
const ALLOW_DYNAMODB = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] };

const CENTRAL = 'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table';
const STREAM = `${CENTRAL}/stream/2024-01-11T16:35:51.514`;
const OTHER = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';

/**
 * Request i of the fresh workload and the index of its policy: every request is a new object with a
 * new context, and every role-session caller has a session name no earlier request used.
 */
export function freshRequest(i) {
  const session = `arn:aws:sts::111122223333:assumed-role/Admin/session-${i}`;
  switch (i & 7) {
    case 0:
      return [
        {
          principal: 'arn:aws:iam::111122223333:user/foo',
          action: 'dynamodb:GetItem',
          resource: CENTRAL,
          context: { 'aws:SourceIp': '198.51.100.7' },
        },
        0,
      ];
    case 1:
      return [
        {
          principal: `arn:aws:sts::111122223333:assumed-role/Reader/session-${i}`,
          action: 'dynamodb:GetItem',
          resource: CENTRAL,
          context: { 'aws:SourceIp': '198.51.100.7' },
        },
        0,
      ];
    case 2:
      return [{ principal: session, action: 'dynamodb:GetRecords', resource: STREAM, context: { 'aws:SourceIp': '192.0.2.10' } }, 1];
    case 3:
      return [{ principal: session, action: 'dynamodb:PutItem', resource: STREAM, context: { 'aws:SourceIp': '192.0.2.10' } }, 1];
    case 4:
      return [
        {
          principal: 'arn:aws:iam::111111111111:user/foo',
          action: 'dynamodb:Query',
          resource: OTHER,
          context: {
            'dynamodb:LeadingKeys': [`ProductCatalog-${i}`],
            'dynamodb:Attributes': ['ProductName', 'Inventory'],
            'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
          },
        },
        2,
      ];
    case 5:
      return [
        {
          principal: 'arn:aws:iam::111111111111:user/foo',
          action: 'dynamodb:Query',
          resource: OTHER,
          context: { 'dynamodb:LeadingKeys': [`Other-${i}`], 'dynamodb:Attributes': ['ProductName'] },
        },
        2,
      ];
    case 6:
      return [
        {
          principal: session,
          action: 'dynamodb:Scan',
          resource: CENTRAL,
          context: { 'aws:SourceIp': '192.0.2.10', 'aws:SourceVpce': 'vpce-1a2b3c4d' },
        },
        3,
      ];
    default:
      return [{ principal: session, action: 'dynamodb:Scan', resource: CENTRAL, context: { 'aws:SourceIp': '192.0.2.10' } }, 3];
  }
}

/** A new policy-set object, as each test writes its own. */
const freshSet = (policy) => ({ resourcePolicy: POLICIES[policy], identityPolicies: [ALLOW_DYNAMODB] });

// ---------------------------------------------------------------------------------------------
// The minimal evaluator: the same logic for these policies, written by hand. It parses the
// principal ARN on every call and keeps nothing between calls. Only what these policies use is
// there (principal ARNs, `*` action globs, exact resources, the three condition operator forms and
// IPv4 ranges): it is a floor for the rate, not a second engine.
// ---------------------------------------------------------------------------------------------

function minimalCaller(arn) {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`not an ARN: ${arn}`);
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  const pieces = resource.split('/');
  if (parts[2] === 'sts' && pieces[0] === 'assumed-role') {
    return { account, arn, principalArn: `arn:${parts[1]}:iam::${account}:role/${pieces[1]}`, session: true };
  }
  return { account, arn, principalArn: arn, session: false };
}

function minimalGlob(pattern, text) {
  if (pattern === '*') return true;
  if (pattern.endsWith('*') && pattern.indexOf('*') === pattern.length - 1) return text.startsWith(pattern.slice(0, -1));
  return pattern === text;
}

function ipv4(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) n = n * 256 + Number(p);
  return n;
}

function minimalIpIn(address, cidr) {
  const [base, bits] = cidr.split('/');
  const a = ipv4(address);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
}

const list = (v) => (Array.isArray(v) ? v : [v]);

function contextValues(context, keyLower) {
  for (const name in context) if (name.toLowerCase() === keyLower) return list(context[name]);
  return undefined;
}

function minimalCondition(operator, key, expected, context) {
  const actual = contextValues(context, key.toLowerCase());
  const want = list(expected);
  switch (operator) {
    case 'ForAllValues:StringEquals':
      return actual === undefined || actual.every((v) => want.includes(v));
    case 'ForAllValues:StringLike':
      return actual === undefined || actual.every((v) => want.some((w) => minimalGlob(w, v)));
    case 'StringEqualsIfExists':
      return actual === undefined || want.includes(actual[0]);
    case 'StringNotEquals':
      return actual === undefined || !want.includes(actual[0]);
    case 'IpAddress':
      return actual !== undefined && want.some((w) => minimalIpIn(actual[0], w));
    default:
      throw new Error(`the minimal evaluator does not know ${operator}`);
  }
}

function minimalApplies(statement, caller, request, actionLower) {
  if (statement.Principal !== undefined) {
    const named = list(statement.Principal.AWS);
    if (!named.includes(caller.principalArn) && !named.includes(caller.arn)) return false;
  }
  if (!list(statement.Action).some((a) => minimalGlob(a.toLowerCase(), actionLower))) return false;
  if (!list(statement.Resource).some((r) => minimalGlob(r, request.resource))) return false;
  const conditions = statement.Condition;
  if (conditions === undefined) return true;
  const context = request.context ?? {};
  for (const operator in conditions) {
    const keys = conditions[operator];
    for (const key in keys) if (!minimalCondition(operator, key, keys[key], context)) return false;
  }
  return true;
}

/** Deny wins; across accounts the identity policy and the resource policy must both allow. */
export function minimalEvaluate(request, set) {
  const caller = minimalCaller(request.principal);
  const resourceAccount = request.resource.split(':')[4];
  const actionLower = request.action.toLowerCase();
  let identityAllows = false;
  let resourceAllows = false;
  for (const policy of set.identityPolicies) {
    for (const statement of policy.Statement) {
      if (!minimalApplies(statement, caller, request, actionLower)) continue;
      if (statement.Effect === 'Deny') return 'ExplicitDeny';
      identityAllows = true;
    }
  }
  for (const statement of set.resourcePolicy.Statement) {
    if (!minimalApplies(statement, caller, request, actionLower)) continue;
    if (statement.Effect === 'Deny') return 'ExplicitDeny';
    resourceAllows = true;
  }
  const allowed = caller.account === resourceAccount ? identityAllows || resourceAllows : identityAllows && resourceAllows;
  return allowed ? 'Allow' : 'ImplicitDeny';
}

// ---------------------------------------------------------------------------------------------
// The workloads. Each returns the number of Allow decisions, so that no work can be skipped.
// ---------------------------------------------------------------------------------------------

const REPEATED = Array.from({ length: 8 }, (_, i) => {
  const [request, policy] = freshRequest(i);
  return [request, freshSet(policy)];
});

function prepareAll() {
  return POLICIES.map((_, p) => preparePolicySet(freshSet(p)));
}

export const WORKLOADS = {
  fresh(n) {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const [request, policy] = freshRequest(i);
      if (evaluate(request, freshSet(policy)).decision === 'Allow') allowed++;
    }
    return allowed;
  },
  repeated(n) {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const [request, set] = REPEATED[i & 7];
      if (evaluate(request, set).decision === 'Allow') allowed++;
    }
    return allowed;
  },
  prepared(n, sets = prepareAll()) {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const [request, policy] = freshRequest(i);
      if (sets[policy].evaluate(request).decision === 'Allow') allowed++;
    }
    return allowed;
  },
  minimal(n) {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const [request, policy] = freshRequest(i);
      if (minimalEvaluate(request, freshSet(policy)) === 'Allow') allowed++;
    }
    return allowed;
  },
};

/** The minimal evaluator must agree with iamspec on every request of the workload, or it measures nothing. */
function checkAgreement() {
  for (let i = 0; i < 64; i++) {
    const [request, policy] = freshRequest(i);
    const ours = evaluate(request, freshSet(policy)).decision;
    const theirs = minimalEvaluate(request, freshSet(policy));
    if (ours !== theirs) throw new Error(`request ${i}: iamspec says ${ours}, the minimal evaluator ${theirs}`);
  }
}

function rate(name, n) {
  const start = process.hrtime.bigint();
  WORKLOADS[name](n);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Bytes allocated and promoted per decision, from `--trace-gc-nvp` in a child process. */
function gcPerDecision(name, n) {
  const child = spawnSync(process.execPath, ['--trace-gc-nvp', fileURLToPath(import.meta.url), '--gc-child', name, String(n)], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the --trace-gc-nvp child for ${name} failed: ${child.stderr}`);
  let inside = false;
  let promoted = 0;
  let allocated = 0;
  let collections = 0;
  for (const line of child.stdout.split('\n')) {
    if (line === 'BENCH-BEGIN') inside = true;
    else if (line === 'BENCH-END') inside = false;
    else if (inside) {
      const p = / promoted=(\d+)/.exec(line);
      const a = / allocated=(\d+)/.exec(line);
      if (p) promoted += Number(p[1]);
      if (a) allocated += Number(a[1]);
      if (p || a) collections++;
    }
  }
  return { promoted: promoted / n, allocated: allocated / n, collections };
}

/** The prepared path only where the build has it (so that the benchmark also runs on older builds). */
const NAMES = ['fresh', 'repeated', ...(typeof preparePolicySet === 'function' ? ['prepared'] : []), 'minimal'];

export function run({ decisions = DECISIONS, rounds = ROUNDS } = {}) {
  checkAgreement();
  const names = NAMES;
  // Warm every path up before measuring.
  for (const name of names) WORKLOADS[name](Math.min(decisions, 100_000));
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) for (const name of names) rates[name].push(rate(name, decisions));
  const result = {};
  for (const name of names) result[name] = { rate: median(rates[name]), rounds: rates[name], gc: gcPerDecision(name, decisions) };
  return result;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

if (process.argv[2] === '--gc-child') {
  const [, , , name, n] = process.argv;
  WORKLOADS[name](Math.min(Number(n), 100_000));
  console.log('BENCH-BEGIN');
  WORKLOADS[name](Number(n));
  console.log('BENCH-END');
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = run();
  const floor = report.minimal.rate;
  console.log(`decisions per second, ${fmt(DECISIONS)} distinct requests per round, median of ${ROUNDS} interleaved rounds (one process):`);
  const describe = {
    fresh: 'fresh objects (evaluate(request, set), new request, context and set each time; new session names)',
    repeated: 'repeated objects (the same 8 requests and sets)',
    prepared: 'prepared once (preparePolicySet(...).evaluate(request), fresh requests)',
    minimal: 'hand-written minimal evaluator (no caches, parses every ARN)',
  };
  for (const name of NAMES) {
    const { rate: r, gc } = report[name];
    console.log(
      `  ${describe[name]}: ${fmt(r)}/s = ${(r / floor).toFixed(2)} × minimal; ` +
        `${fmt(gc.allocated)} bytes allocated and ${gc.promoted.toFixed(1)} bytes promoted to old generation per decision`,
    );
  }
}
