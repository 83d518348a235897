/**
 * What `evaluate` answers: the decision, the statements that decided it, why, and (built on
 * demand) a trace of every statement and a ledger of what the answer leaned on that the request
 * did not say.
 */
import type { Effect, PolicyKind, StatementRef } from '../policy/model';
import type { PrincipalMatch } from './principal';
import type { ResolvedRequest } from './request';

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export type ReasonCode =
  | 'explicit-deny'
  | 'identity-allow'
  | 'resource-allow'
  | 'identity-and-resource-allow'
  | 'root-user'
  | 'no-allow'
  | 'cross-account-needs-both'
  | 'resource-policy-names-account'
  | 'scp-no-allow'
  | 'vpc-endpoint-no-allow'
  | 'permission-boundary-no-allow'
  | 'session-policy-no-allow'
  | 'federated-session-without-policy';

export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
}

/** For an implicit deny: a policy type whose Allow was needed and not found. */
export interface MissingAllow {
  readonly kind: PolicyKind;
  /** For SCP levels: 0 is the root, then the OUs, then the account. */
  readonly level?: number;
  /** The policies that were looked at (empty when none was given). */
  readonly policies: readonly string[];
  readonly message: string;
}

/** The first element of a statement that did not match the request. */
export type Mismatch =
  | {
      readonly element: 'Principal' | 'NotPrincipal';
      readonly message: string;
      readonly policyValues: readonly string[];
      readonly requestValue: string;
    }
  | {
      readonly element: 'Action' | 'NotAction';
      readonly message: string;
      readonly policyValues: readonly string[];
      readonly requestValue: string;
    }
  | {
      readonly element: 'Resource' | 'NotResource';
      readonly message: string;
      readonly policyValues: readonly string[];
      readonly requestValue: string;
    }
  | {
      readonly element: 'Condition';
      readonly message: string;
      readonly operator: string;
      readonly key: string;
      readonly policyValues: readonly string[];
      /** Undefined when the request does not carry the key. */
      readonly requestValues: readonly string[] | undefined;
      readonly line: number | undefined;
    };

export interface StatementTrace {
  readonly statement: StatementRef;
  readonly effect: Effect;
  readonly applied: boolean;
  /** Why it did not apply; undefined when it applied. */
  readonly mismatch: Mismatch | undefined;
  /** For a resource-based policy statement that applied: how its Principal named the caller. */
  readonly principalMatch: PrincipalMatch | undefined;
}

export interface PolicyTrace {
  readonly policy: string;
  readonly kind: PolicyKind;
  readonly level: number | undefined;
  readonly file: string | undefined;
  readonly statements: readonly StatementTrace[];
}

export type AbsenceReliance = 'if-exists' | 'for-all-values' | 'negated' | 'absent';

/** Something the decision rested on that the request did not say: a condition key it did not carry. */
export interface LedgerEntry {
  readonly statement: StatementRef;
  readonly effect: Effect;
  readonly operator: string;
  readonly key: string;
  /**
   * `if-exists`, `for-all-values`, `negated`: the condition held only because the key was absent.
   * `absent`: the condition failed because the key was absent (e.g. a Deny that did not fire).
   */
  readonly reliance: AbsenceReliance;
  /** Whether the statement applied in the end. */
  readonly applied: boolean;
  readonly message: string;
}

export interface EvaluationIssue {
  readonly code: 'allow-rests-on-absent-key';
  readonly message: string;
  readonly statement: StatementRef;
}

export interface Decision {
  readonly decision: DecisionKind;
  /** Allow: the Allow statements that granted; ExplicitDeny: the Deny statements that applied; ImplicitDeny: none. */
  readonly decidedBy: readonly StatementRef[];
  /** ImplicitDeny only: the policy types whose Allow was needed and missing. */
  readonly missing: readonly MissingAllow[];
  readonly reason: Reason;
  readonly request: ResolvedRequest;
  /** Every policy and statement: applied or not, and why not. Built when first read. */
  readonly trace: readonly PolicyTrace[];
  /** What the answer leaned on that the request did not say. Built when first read. */
  readonly ledger: readonly LedgerEntry[];
  /** Strict mode's refusals (an Allow resting on a missing key); empty otherwise. */
  readonly errors: readonly EvaluationIssue[];
}
