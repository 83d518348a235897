/**
 * Who is calling, and whether a Principal element names them. The one place for principal
 * matching: the evaluator, the public-access check and the external-access report all use it.
 */
import { splitArn, isAccountId } from '../policy/arn';
import { RequestError } from '../problems/request-error';
import type { PrincipalElement, PrincipalEntry } from '../policy/model';
import type { PrincipalInput } from './request-types';
import { BoundedCache } from '../util/memo';
import { describeArgument } from '../problems/known-keys';
import { checkPrincipalDescription } from './request-check';

export type CallerKind = 'root' | 'user' | 'role-session' | 'federated-user' | 'service' | 'anonymous';

export interface Caller {
  readonly kind: CallerKind;
  /** The caller's own ARN: the session ARN for a role session, the root ARN for an account. */
  readonly arn: string | undefined;
  /** `aws:PrincipalArn`: the role's ARN (with its path) for a role session. */
  readonly principalArn: string | undefined;
  readonly partition: string;
  readonly account: string | undefined;
  /** For role sessions: the role's ARN and the session's name (undefined when a role ARN was given). */
  readonly roleArn: string | undefined;
  readonly roleName: string | undefined;
  readonly sessionName: string | undefined;
  readonly userName: string | undefined;
  readonly federatedName: string | undefined;
  /** The IAM user whose GetFederationToken call made this federated session. */
  readonly federatedBy: string | undefined;
  readonly service: string | undefined;
  readonly uniqueId: string | undefined;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

function base(kind: CallerKind, partition: string): Caller {
  return {
    kind,
    arn: undefined,
    principalArn: undefined,
    partition,
    account: undefined,
    roleArn: undefined,
    roleName: undefined,
    sessionName: undefined,
    userName: undefined,
    federatedName: undefined,
    federatedBy: undefined,
    service: undefined,
    uniqueId: undefined,
  };
}

const callers = new BoundedCache<Caller>(4096);

/**
 * Parses the request's principal. Throws `RequestError` for anything that is not a caller AWS knows.
 * Pure, so results are remembered by the fields they depend on: tests repeat their principals. A
 * role session is built from its role's template instead, because tests give each session a name
 * of its own: the ARN up to the session name is parsed once per role, and a new session name costs
 * one object that nothing keeps.
 */
export function parseCaller(input: PrincipalInput): Caller {
  if (typeof input === 'string') return roleSession(input, input, input) ?? callers.get(input, parseCallerUncached, input);
  if (input === null || typeof input !== 'object' || typeof input.arn !== 'string') return parseCallerUncached(input);
  // Cached callers are keyed by the fields they depend on: the description's other keys are still checked (once per object).
  checkPrincipalDescription(input);
  const extras = `\u0000${input.rolePath ?? ''}\u0000${input.uniqueId ?? ''}\u0000${input.federatedBy ?? ''}`;
  return roleSession(input.arn, input, extras) ?? callers.get(`${input.arn}${extras}`, parseCallerUncached, input);
}

/** A role's sessions by the ARN up to the session name (and the description's extras): null when that prefix is not one. */
const sessionTemplates = new BoundedCache<Caller | null>(4096);

/** Characters that make the full parse refuse a session name (whitespace, wildcards): left to it, for its message. */
const REFUSED_IN_SESSION_NAME = /[\s*?]/;

/**
 * The caller for an assumed-role session ARN, from its role's template; undefined for anything else
 * (which the full parse then handles, errors included). `key` is the input's cache key with the
 * session name cut off, computed from the ARN so that it costs nothing for a string.
 */
function roleSession(arn: string, input: PrincipalInput, key: string): Caller | undefined {
  if (!arn.startsWith('arn:') || !arn.includes(':assumed-role/')) return undefined;
  const slash = arn.lastIndexOf('/');
  const sessionName = arn.slice(slash + 1);
  if (sessionName === '' || REFUSED_IN_SESSION_NAME.test(sessionName)) return undefined;
  const template = templateFor(arn, slash, input, key);
  if (template === null) return undefined;
  return {
    kind: 'role-session',
    arn,
    principalArn: template.principalArn,
    partition: template.partition,
    account: template.account,
    roleArn: template.roleArn,
    roleName: template.roleName,
    sessionName,
    userName: undefined,
    federatedName: undefined,
    federatedBy: undefined,
    service: undefined,
    uniqueId: template.uniqueId,
  };
}

/** The last template used and its key: a test's requests come in runs of the same role. */
let lastTemplateKey = '';
let lastTemplate: Caller | null = null;

function templateFor(arn: string, slash: number, input: PrincipalInput, key: string): Caller | null {
  // For a string the key is the ARN, and the template's key is the ARN up to the session name.
  const byArn = key === arn;
  if (byArn && lastTemplateKey.length === slash + 1 && arn.startsWith(lastTemplateKey)) return lastTemplate;
  const prefix = arn.slice(0, slash + 1);
  const templateKey = byArn ? prefix : `${prefix}${key}`;
  const template = sessionTemplates.get(templateKey, sessionTemplate, input);
  if (byArn) {
    lastTemplateKey = prefix;
    lastTemplate = template;
  }
  return template;
}

/**
 * A session of the input's role, parsed in full with a stand-in session name; null if the ARN up to
 * its last "/" names no role's session. Any session name without "/", whitespace or wildcards gives
 * the same caller but for `arn` and `sessionName`: the name is the last component of the ARN's
 * resource, after its fifth colon, and the full parse checks nothing else about it.
 */
function sessionTemplate(input: PrincipalInput): Caller | null {
  const given = typeof input === 'string' ? input : input.arn;
  const arn = `${given.slice(0, given.lastIndexOf('/') + 1)}session`;
  try {
    const caller = parseCallerUncached(typeof input === 'string' ? arn : { ...input, arn });
    return caller.kind === 'role-session' && caller.sessionName === 'session' ? caller : null;
  } catch {
    return null;
  }
}

/** The full parse, without the caches (exported for the tests that check the caches against it). */
export function parseCallerUncached(input: PrincipalInput): Caller {
  if (typeof input !== 'string') {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new RequestError(
        'principal',
        `is an ARN, an account id, a service principal, "*" or { arn, ... }; found ${describeArgument(input)}`,
      );
    checkPrincipalDescription(input);
  }
  const description = typeof input === 'string' ? { arn: input } : input;
  const text = description.arn;
  if (typeof text !== 'string' || text === '')
    throw new RequestError('principal', 'give the caller as an ARN, an account id, a service principal or "*"');
  const bad = (why: string): never => {
    throw new RequestError('principal', `"${text}" is not a caller: ${why}`);
  };
  if (text === '*' || text.toLowerCase() === 'anonymous') return base('anonymous', 'aws');
  if (isAccountId(text)) {
    return { ...base('root', 'aws'), arn: `arn:aws:iam::${text}:root`, principalArn: `arn:aws:iam::${text}:root`, account: text };
  }
  if (SERVICE_PRINCIPAL.test(text)) return { ...base('service', 'aws'), service: text };
  const split = splitArn(text);
  if (!split.ok) return bad(split.message);
  const { partition, service, region, account, resource } = split.arn;
  if (!isAccountId(account)) return bad(`the account "${account}" is not 12 digits`);
  if (region !== '') return bad('IAM and STS ARNs have an empty region');
  if (/[*?]/.test(text)) return bad('a caller is one principal; wildcards belong in policies');
  const uniqueId = 'uniqueId' in description ? description.uniqueId : undefined;
  if (service === 'iam') {
    if (resource === 'root') return { ...base('root', partition), arn: text, principalArn: text, account };
    const user = /^user\/(?:.+\/)?([^/]+)$/.exec(resource);
    if (user) return { ...base('user', partition), arn: text, principalArn: text, account, userName: user[1], uniqueId };
    const role = /^role\/(?:.+\/)?([^/]+)$/.exec(resource);
    if (role) {
      // A role never calls by itself; a role ARN as the caller stands for a session of that role.
      return { ...base('role-session', partition), arn: text, principalArn: text, account, roleArn: text, roleName: role[1], uniqueId };
    }
    return bad('an IAM caller is root, user/NAME or role/NAME');
  }
  if (service === 'sts') {
    const session = /^assumed-role\/([^/]+)\/([^/]+)$/.exec(resource);
    if (session) {
      const path = ('rolePath' in description ? description.rolePath : undefined) ?? '/';
      if (!path.startsWith('/') || !path.endsWith('/'))
        throw new RequestError('principal.rolePath', `"${path}" is not a role path: it starts and ends with "/"`);
      const roleArn = `arn:${partition}:iam::${account}:role${path}${session[1]}`;
      return {
        ...base('role-session', partition),
        arn: text,
        principalArn: roleArn,
        account,
        roleArn,
        roleName: session[1],
        sessionName: session[2],
        uniqueId,
      };
    }
    const federated = /^federated-user\/([^/]+)$/.exec(resource);
    if (federated) {
      const by = 'federatedBy' in description ? description.federatedBy : undefined;
      return { ...base('federated-user', partition), arn: text, principalArn: text, account, federatedName: federated[1], federatedBy: by };
    }
    return bad('an STS caller is assumed-role/ROLE/SESSION or federated-user/NAME');
  }
  return bad(`the service is "${service}"; callers are iam or sts ARNs, account ids, service principals or "*"`);
}

/**
 * How a Principal element matched a caller. The kind matters: within one account, a resource
 * policy that names the account only delegates to the account's identity policies, while one that
 * names the caller grants by itself (see `evaluate.ts`).
 */
export type PrincipalMatch =
  'anyone' | 'account' | 'user' | 'role' | 'session' | 'federated-user' | 'user-of-federated-session' | 'service';

function entryMatch(entry: PrincipalEntry, caller: Caller): PrincipalMatch | undefined {
  switch (entry.type) {
    case 'Service':
      return caller.kind === 'service' && (entry.service === '*' || entry.service === caller.service) ? 'service' : undefined;
    case 'Federated':
    case 'CanonicalUser':
      return undefined;
    case 'AWS':
      break;
  }
  if (caller.kind === 'service' || caller.kind === 'anonymous') return undefined;
  switch (entry.kind) {
    case 'account':
      return caller.account === entry.account && (entry.partition === undefined || entry.partition === caller.partition)
        ? 'account'
        : undefined;
    case 'unique-id':
      if (caller.uniqueId !== entry.id) return undefined;
      return caller.kind === 'user' ? 'user' : caller.kind === 'role-session' ? 'role' : undefined;
    case 'user':
      if (caller.kind === 'user' && caller.arn === entry.arn) return 'user';
      if (caller.kind === 'federated-user' && caller.federatedBy === entry.arn) return 'user-of-federated-session';
      return undefined;
    case 'role':
      return caller.kind === 'role-session' && caller.roleArn === entry.arn ? 'role' : undefined;
    case 'assumed-role':
      return caller.kind === 'role-session' && caller.sessionName !== undefined && caller.arn === entry.arn ? 'session' : undefined;
    case 'federated-user':
      return caller.kind === 'federated-user' && caller.arn === entry.arn ? 'federated-user' : undefined;
  }
}

/** The most specific way any entry of the element names the caller (ignoring NotPrincipal). */
export function principalMatch(element: PrincipalElement, caller: Caller): PrincipalMatch | undefined {
  let found: PrincipalMatch | undefined;
  for (const entry of element.entries) {
    const match = entryMatch(entry, caller);
    if (match === undefined) continue;
    if (match !== 'account') return match;
    found = match;
  }
  if (found) return found;
  return element.anyone ? 'anyone' : undefined;
}

/**
 * Whether a NotPrincipal element leaves the caller out, so that the statement does not apply to it
 * (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
 *
 * - With Allow the statement "allows all principals except the one named in the NotPrincipal
 *   element": any entry that names the caller, as Principal would, leaves it out.
 * - With Deny AWS "might validate the account first, then the role, and then the assumed-role
 *   user", so the caller escapes only when every level is listed: a user with its account, a role
 *   session with its session ARN, its role and its account. A session must be named exactly (a
 *   wildcard cannot stand for all sessions), so a role given without a session never escapes.
 */
export function notPrincipalExcludes(element: PrincipalElement, caller: Caller, effect: 'Allow' | 'Deny'): boolean {
  if (effect === 'Allow') return principalMatch(element, caller) !== undefined;
  if (element.anyone) return true;
  const listed = (arn: string | undefined) =>
    arn !== undefined && element.entries.some((e) => e.text === arn || ('arn' in e && e.arn === arn));
  const accountListed =
    caller.account !== undefined && element.entries.some((e) => e.type === 'AWS' && e.kind === 'account' && e.account === caller.account);
  switch (caller.kind) {
    case 'anonymous':
      return false;
    case 'service':
      return element.entries.some((e) => e.type === 'Service' && e.service === caller.service);
    case 'root':
      return accountListed;
    case 'user':
    case 'federated-user':
      return listed(caller.arn) && accountListed;
    case 'role-session':
      return caller.sessionName !== undefined && listed(caller.arn) && listed(caller.roleArn) && accountListed;
  }
}

/**
 * For a Deny whose NotPrincipal names some of the caller's levels (account, role, session; or
 * account and user) but not all, which it lacks, so that an explanation can say why the caller was
 * not spared. Undefined when it names none of them or all of them.
 */
export function notPrincipalShortfall(element: PrincipalElement, caller: Caller): string | undefined {
  const listed = (arn: string | undefined) =>
    arn !== undefined && element.entries.some((e) => e.text === arn || ('arn' in e && e.arn === arn));
  const accountListed =
    caller.account !== undefined && element.entries.some((e) => e.type === 'AWS' && e.kind === 'account' && e.account === caller.account);
  const levels: [string, boolean][] =
    caller.kind === 'role-session'
      ? [
          ['its account', accountListed],
          [`its role ${caller.roleArn}`, listed(caller.roleArn)],
          [
            caller.sessionName === undefined ? 'a session (the caller was given as a role, with no session)' : `the session ${caller.arn}`,
            caller.sessionName !== undefined && listed(caller.arn),
          ],
        ]
      : caller.kind === 'user' || caller.kind === 'federated-user'
        ? [
            ['its account', accountListed],
            [`${caller.arn}`, listed(caller.arn)],
          ]
        : [];
  const missing = levels.filter(([, ok]) => !ok).map(([what]) => what);
  if (missing.length === 0 || missing.length === levels.length) return undefined;
  return (
    `NotPrincipal does not list ${missing.join(' or ')}; AWS checks the account, then the role, then ` +
    `the session, and spares the caller only when every level is listed`
  );
}
