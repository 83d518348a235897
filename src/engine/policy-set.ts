/**
 * The policies in play for a request, by the role each plays. Raw documents are compiled once and
 * remembered (by object identity, or by text), so that a test or a benchmark that passes the same
 * document again pays nothing; and a set is placed once per content (which compiled policy sits in
 * which slot), not per wrapper object, so that a test that writes `{ resourcePolicy, identityPolicies }`
 * afresh for every request pays only for looking its policies up.
 */
import { describeKind } from '../policy/compile';
import { PolicyError, RequestError } from '../policy/errors';
import { describeArgument } from '../problems/known-keys';
import { checkPolicySetShape } from './request-check';
import { loadPolicy, type PolicyInput } from '../policy/load';
import { isCompiledPolicy, type Policy, type PolicyKind } from '../policy/model';
import { BoundedCache } from '../util/memo';

/** A level of SCPs or RCPs: one policy, or several attached at the same level (any may allow). */
export type PolicyLevel = PolicyInput | readonly PolicyInput[];

export interface PolicySetInput {
  readonly identityPolicies?: readonly PolicyInput[];
  readonly resourcePolicy?: PolicyInput;
  readonly permissionBoundary?: PolicyInput;
  readonly sessionPolicies?: readonly PolicyInput[];
  /** Levels from the root through the OUs to the account; every level must allow. */
  readonly scps?: readonly PolicyLevel[];
  /** Levels as for SCPs; the full-access RCP stays attached everywhere, so only Deny statements count. */
  readonly rcps?: readonly PolicyLevel[];
  readonly vpcEndpointPolicy?: PolicyInput;
}

export interface PlacedPolicy {
  readonly policy: Policy;
  readonly kind: PolicyKind;
  readonly level: number | undefined;
  /** Position in `PlacedPolicySet.all`: where its statement outcomes are kept during evaluation. */
  readonly slot: number;
}

type Unplaced = Omit<PlacedPolicy, 'slot'> & { slot: number };

export interface PlacedPolicySet {
  readonly identity: readonly PlacedPolicy[];
  readonly resource: PlacedPolicy | undefined;
  readonly boundary: PlacedPolicy | undefined;
  readonly session: readonly PlacedPolicy[];
  readonly scpLevels: readonly (readonly PlacedPolicy[])[];
  readonly rcpLevels: readonly (readonly PlacedPolicy[])[];
  readonly vpcEndpoint: PlacedPolicy | undefined;
  /** All of the above, in a fixed order: the trace's order. */
  readonly all: readonly PlacedPolicy[];
}

/** A document object's compiled forms, one per name and kind it was placed under (usually one). */
interface CompiledAs {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly policy: Policy;
}

const objectCache = new WeakMap<object, CompiledAs[]>();
const textCache = new BoundedCache<Policy>(512);

function cached(input: PolicyInput, name: string, kind: PolicyKind): Policy {
  if (typeof input === 'string') {
    return textCache.get(`${kind}\u0000${name}\u0000${input}`, (text) => loadPolicy(text, { name, kind }), input);
  }
  let forms = objectCache.get(input);
  if (forms === undefined) objectCache.set(input, (forms = []));
  for (let i = 0; i < forms.length; i++) {
    const form = forms[i]!;
    if (form.name === name && form.kind === kind) return form.policy;
  }
  const policy = loadPolicy(input, { name, kind });
  forms.push({ name, kind, policy });
  return policy;
}

const WITHOUT_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['identity', 'permission-boundary', 'session', 'scp']);
const WITH_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'rcp']);

/** A compiled policy may sit in a slot only if its Principal elements fit that slot's kind. */
function checkPlacement(policy: Policy, kind: PolicyKind): void {
  const fits = WITHOUT_PRINCIPAL.has(kind)
    ? !policy.hasPrincipal
    : WITH_PRINCIPAL.has(kind)
      ? policy.statements.every((s) => s.principal !== undefined)
      : true;
  if (fits) return;
  const first = policy.statements[0];
  throw new PolicyError([
    {
      code: WITHOUT_PRINCIPAL.has(kind) ? 'principal-not-allowed' : 'principal-required',
      message: WITHOUT_PRINCIPAL.has(kind)
        ? `policy "${policy.name}" names principals, so it is a resource-based policy; it cannot be used as ${describeKind(kind)}`
        : `policy "${policy.name}" has statements without a Principal; it cannot be used as ${describeKind(kind)}`,
      location: {
        policy: policy.name,
        ...(policy.file !== undefined ? { file: policy.file } : {}),
        ...(first?.ref.line !== undefined ? { line: first.ref.line, column: first.ref.column ?? 1 } : {}),
        path: '',
      },
    },
  ]);
}

/** The kinds of slot each compiled policy was found to fit (a policy never changes, so neither does the answer). */
const fitsSlot = new WeakMap<Policy, PolicyKind[]>();

/** The compiled policy for an input in a slot of this kind, checked to fit the slot. */
function compiledFor(input: PolicyInput, name: string, kind: PolicyKind): Policy {
  if (!isCompiledPolicy(input)) return cached(input, name, kind);
  let kinds = fitsSlot.get(input);
  if (kinds === undefined) fitsSlot.set(input, (kinds = []));
  if (!kinds.includes(kind)) {
    checkPlacement(input, kind);
    kinds.push(kind);
  }
  return input;
}

/**
 * A slot holds a compiled policy, a document object, or text (JSON, YAML or a file path): anything
 * else is refused with the slot's field name, built only for the message.
 */
function checkPolicyInput(input: unknown, list: string, i = -1, j = -1): void {
  if (typeof input === 'string' || (typeof input === 'object' && input !== null)) return;
  const field = i < 0 ? list : j < 0 ? `${list}[${i}]` : `${list}[${i}][${j}]`;
  throw new RequestError(
    field,
    `a policy is a compiled policy, a document object, JSON or YAML text or a file path; found ${describeArgument(input)}`,
    'policies',
  );
}

function place(input: PolicyInput, defaultName: string, kind: PolicyKind, level?: number): Unplaced {
  return { policy: compiledFor(input, defaultName, kind), kind, level, slot: -1 };
}

/** `base` for a single policy, `base-1`, `base-2`... for several (names are kept, not rebuilt per request). */
const numberedNames = new Map<string, string[]>();

function numbered(base: string, count: number, i: number): string {
  if (count === 1) return base;
  let names = numberedNames.get(base);
  if (names === undefined) numberedNames.set(base, (names = []));
  return (names[i] ??= `${base}-${i + 1}`);
}

function levelName(kind: 'scp' | 'rcp', level: number, count: number, i: number): string {
  return `${kind}-level${level}${count > 1 ? `-${i + 1}` : ''}`;
}

function levelList(level: PolicyLevel): readonly PolicyInput[] {
  return Array.isArray(level) ? level : [level as PolicyInput];
}

function checkedLevels(input: readonly PolicyLevel[] | undefined, kind: 'scp' | 'rcp'): readonly PolicyLevel[] {
  if (input === undefined) return [];
  if (!Array.isArray(input))
    throw new RequestError(`${kind}s`, `is a list of levels (root, OUs, account); found ${describeArgument(input)}`, 'policies');
  return input;
}

function levels(input: readonly PolicyLevel[], kind: 'scp' | 'rcp'): Unplaced[][] {
  // Array.from, not map: a hole in a list is a missing policy, not one to skip (contentNode has refused it already).
  return Array.from(input, (level, li) => {
    const list = levelList(level);
    return Array.from(list, (p, pi) => place(p, levelName(kind, li, list.length, pi), kind, li));
  });
}

function checkedList(input: readonly PolicyInput[] | undefined, field: string): readonly PolicyInput[] {
  const list = input ?? [];
  if (!Array.isArray(list)) throw new RequestError(field, `is a list of policies; found ${describeArgument(list)}`, 'policies');
  return list;
}

/**
 * Placed sets by content: a trie whose edges are the compiled policies in slot order, with a
 * marker before each slot kind, so that finding a set allocates nothing. It holds the policies
 * strongly, so it is emptied when it has placed as many sets as a test run plausibly needs.
 */
interface PlacementNode {
  readonly next: Map<object, PlacementNode>;
  set: PlacedPolicySet | undefined;
}

const PLACEMENT_LIMIT = 1024;
let placementRoot: PlacementNode = { next: new Map(), set: undefined };
let placementCount = 0;

/** Slot markers: an edge that is not a policy. Each list ends with END so that [a] and [a, b] differ. */
const IDENTITY = {};
const RESOURCE = {};
const BOUNDARY = {};
const SESSION = {};
const SCP_LEVEL = {};
const RCP_LEVEL = {};
const VPC_ENDPOINT = {};
const END = {};

function step(node: PlacementNode, edge: object): PlacementNode {
  let next = node.next.get(edge);
  if (next === undefined) node.next.set(edge, (next = { next: new Map(), set: undefined }));
  return next;
}

/**
 * The trie node for a set's content: every input compiled (or its compiled form found), in the
 * order `build` places them, so that the first problem reported is the same.
 */
function contentNode(input: PolicySetInput): PlacementNode {
  let node = step(placementRoot, IDENTITY);
  const identity = checkedList(input.identityPolicies, 'identityPolicies');
  for (let i = 0; i < identity.length; i++) {
    checkPolicyInput(identity[i], 'identityPolicies', i);
    node = step(node, compiledFor(identity[i]!, numbered('identity', identity.length, i), 'identity'));
  }
  node = step(node, END);
  if (input.resourcePolicy !== undefined) {
    checkPolicyInput(input.resourcePolicy, 'resourcePolicy');
    node = step(step(node, RESOURCE), compiledFor(input.resourcePolicy, 'resource', 'resource'));
  }
  if (input.permissionBoundary !== undefined) {
    checkPolicyInput(input.permissionBoundary, 'permissionBoundary');
    node = step(step(node, BOUNDARY), compiledFor(input.permissionBoundary, 'permission-boundary', 'permission-boundary'));
  }
  const session = checkedList(input.sessionPolicies, 'sessionPolicies');
  if (session.length > 0) {
    node = step(node, SESSION);
    for (let i = 0; i < session.length; i++) {
      checkPolicyInput(session[i], 'sessionPolicies', i);
      node = step(node, compiledFor(session[i]!, numbered('session', session.length, i), 'session'));
    }
    node = step(node, END);
  }
  node = levelsNode(node, checkedLevels(input.scps, 'scp'), 'scp', SCP_LEVEL);
  node = levelsNode(node, checkedLevels(input.rcps, 'rcp'), 'rcp', RCP_LEVEL);
  if (input.vpcEndpointPolicy !== undefined) {
    checkPolicyInput(input.vpcEndpointPolicy, 'vpcEndpointPolicy');
    node = step(step(node, VPC_ENDPOINT), compiledFor(input.vpcEndpointPolicy, 'vpc-endpoint', 'vpc-endpoint'));
  }
  return node;
}

function levelsNode(node: PlacementNode, input: readonly PolicyLevel[], kind: 'scp' | 'rcp', marker: object): PlacementNode {
  for (let li = 0; li < input.length; li++) {
    const level = input[li];
    const several = Array.isArray(level);
    const list = levelList(level!);
    node = step(node, marker);
    for (let pi = 0; pi < list.length; pi++) {
      checkPolicyInput(list[pi], `${kind}s`, li, several ? pi : -1);
      node = step(node, compiledFor(list[pi]!, levelName(kind, li, list.length, pi), kind));
    }
    node = step(node, END);
  }
  return node;
}

function build(input: PolicySetInput): PlacedPolicySet {
  const identityInputs = checkedList(input.identityPolicies, 'identityPolicies');
  const identity = Array.from(identityInputs, (p, i) => place(p, numbered('identity', identityInputs.length, i), 'identity'));
  const resource = input.resourcePolicy === undefined ? undefined : place(input.resourcePolicy, 'resource', 'resource');
  const boundary =
    input.permissionBoundary === undefined ? undefined : place(input.permissionBoundary, 'permission-boundary', 'permission-boundary');
  const sessionInputs = checkedList(input.sessionPolicies, 'sessionPolicies');
  const session = Array.from(sessionInputs, (p, i) => place(p, numbered('session', sessionInputs.length, i), 'session'));
  const scpLevels = levels(checkedLevels(input.scps, 'scp'), 'scp');
  const rcpLevels = levels(checkedLevels(input.rcps, 'rcp'), 'rcp');
  const vpcEndpoint = input.vpcEndpointPolicy === undefined ? undefined : place(input.vpcEndpointPolicy, 'vpc-endpoint', 'vpc-endpoint');
  const all: Unplaced[] = [
    ...scpLevels.flat(),
    ...rcpLevels.flat(),
    ...(vpcEndpoint ? [vpcEndpoint] : []),
    ...(boundary ? [boundary] : []),
    ...session,
    ...identity,
    ...(resource ? [resource] : []),
  ];
  all.forEach((placed, slot) => (placed.slot = slot));
  return { identity, resource, boundary, session, scpLevels, rcpLevels, vpcEndpoint, all };
}

/**
 * The policies of a set compiled and placed in their slots. Every input is checked on every call
 * (a wrong list, or a policy that does not fit its slot, throws however often the content was
 * seen); the placement is built once per content, not per wrapper object.
 */
export function placePolicySet(input: PolicySetInput): PlacedPolicySet {
  checkPolicySetShape(input);
  if (placementCount >= PLACEMENT_LIMIT) {
    placementRoot = { next: new Map(), set: undefined };
    placementCount = 0;
  }
  const node = contentNode(input);
  if (node.set === undefined) {
    node.set = build(input);
    placementCount++;
  }
  return node.set;
}
