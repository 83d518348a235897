/**
 * A compiled policy: validated, normalised and ready to evaluate. Plain data; every statement
 * carries where it came from. Compilation (in `compile.ts`) does all parsing, so that evaluation
 * does none.
 */
import type { IPv4, IPv6 } from 'ipaddr.js';
import type { OperatorSpec } from './operators';
import type { Template } from './variables';
import type { Glob } from './wildcard';

/** The role a policy plays in a request. */
export type PolicyKind = 'identity' | 'resource' | 'permission-boundary' | 'session' | 'scp' | 'rcp' | 'vpc-endpoint';

/** Every policy kind, for checking a kind a caller gives. */
export const POLICY_KINDS: readonly PolicyKind[] = ['identity', 'resource', 'permission-boundary', 'session', 'scp', 'rcp', 'vpc-endpoint'];

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** Identifies one statement for people and for `decidedBy`. */
export interface StatementRef {
  readonly policy: string;
  readonly kind: PolicyKind | undefined;
  /** The Sid, when the statement has one. */
  readonly sid: string | undefined;
  /** 0-based position in the policy's statement list. */
  readonly index: number;
  /** The Sid, or the 0-based index as text when there is none: how messages name the statement. */
  readonly label: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export type Effect = 'Allow' | 'Deny';

export interface ActionPattern {
  readonly text: string;
  /** Lower-cased glob; actions compare case-insensitively. */
  readonly glob: Glob;
}

/** One component of an ARN pattern: a template whose text may hold wildcards. */
export interface ArnPatternComponent {
  readonly template: Template;
  /** Precompiled when the component has no variables. */
  readonly glob: Glob | undefined;
}

export type ResourcePattern =
  | { readonly kind: 'any'; readonly text: '*' }
  | {
      readonly kind: 'arn';
      readonly text: string;
      /** partition, service, region, account, resource. */
      readonly components: readonly [
        ArnPatternComponent,
        ArnPatternComponent,
        ArnPatternComponent,
        ArnPatternComponent,
        ArnPatternComponent,
      ];
    };

export type PrincipalEntry =
  | {
      readonly type: 'AWS';
      readonly kind: 'account';
      readonly text: string;
      readonly partition: string | undefined;
      readonly account: string;
    }
  | {
      readonly type: 'AWS';
      readonly kind: 'user' | 'role' | 'assumed-role' | 'federated-user';
      readonly text: string;
      readonly partition: string;
      readonly account: string;
      readonly arn: string;
    }
  | { readonly type: 'AWS'; readonly kind: 'unique-id'; readonly text: string; readonly id: string }
  | { readonly type: 'Service'; readonly text: string; readonly service: string }
  | { readonly type: 'Federated'; readonly text: string }
  | { readonly type: 'CanonicalUser'; readonly text: string };

export interface PrincipalElement {
  /** `NotPrincipal` when true. */
  readonly negated: boolean;
  /** `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers. */
  readonly anyone: boolean;
  readonly entries: readonly PrincipalEntry[];
}

export type IpRange = readonly [IPv4 | IPv6, number];

/** A condition's policy-side values, compiled for their operator's family. */
export type ConditionValues =
  | { readonly family: 'String'; readonly values: readonly StringValue[] }
  | { readonly family: 'Arn'; readonly values: readonly ArnValue[] }
  | { readonly family: 'Numeric'; readonly values: readonly number[] }
  | { readonly family: 'Date'; readonly values: readonly number[] }
  | { readonly family: 'Bool'; readonly values: readonly (boolean | Template)[] }
  | { readonly family: 'Binary'; readonly values: readonly string[] }
  | { readonly family: 'IpAddress'; readonly values: readonly IpRange[] }
  | { readonly family: 'Null'; readonly values: readonly boolean[] };

export interface StringValue {
  readonly template: Template;
  /** For a value without variables: its text (lower-cased for IgnoreCase) and its glob (for Like). */
  readonly text: string | undefined;
  readonly glob: Glob | undefined;
}

export type ArnValue = ResourcePattern;

export interface Condition {
  readonly operator: OperatorSpec;
  /** The key as written, e.g. `aws:SourceIp`. */
  readonly key: string;
  /** Lower-cased: key names compare case-insensitively. */
  readonly keyLower: string;
  /** The values as written, as text. */
  readonly rawValues: readonly string[];
  readonly compiled: ConditionValues;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export interface Statement {
  readonly ref: StatementRef;
  readonly effect: Effect;
  readonly principal: PrincipalElement | undefined;
  readonly action: { readonly negated: boolean; readonly patterns: readonly ActionPattern[] };
  /** Undefined only in a resource-based policy without Resource: the resource it is attached to. */
  readonly resource: { readonly negated: boolean; readonly patterns: readonly ResourcePattern[] } | undefined;
  readonly conditions: readonly Condition[];
  /** The statement as written. */
  readonly source: unknown;
}

export interface Policy {
  readonly name: string;
  /** The role it was loaded for, when known; otherwise inferred from the Principal element. */
  readonly kind: PolicyKind | undefined;
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly file: string | undefined;
  readonly statements: readonly Statement[];
  /** True when any statement has Principal or NotPrincipal: a resource-based policy. */
  readonly hasPrincipal: boolean;
  /** The document as written. */
  readonly document: unknown;
  /** The size of the text it came from (bytes, whitespace included), when it came from text. */
  readonly sourceBytes: number | undefined;
}

export function isCompiledPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && (value as { [COMPILED]?: true })[COMPILED] === true;
}

/** Brands a compiled policy so that a raw document is never mistaken for one. */
export const COMPILED: unique symbol = Symbol.for('iamspec.compiled-policy');
