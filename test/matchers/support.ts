/** Helpers for the matcher tests: run an assertion and read its failure message. */

const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The failure message of an assertion that must fail; throws if it passes. */
export function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return stripAnsi((error as Error).message);
  }
  throw new Error('the assertion passed, but this test expects it to fail');
}

/** Whether an assertion passes (its failure is an assertion error, anything else is rethrown). */
export function passes(assertion: () => void): boolean {
  try {
    assertion();
    return true;
  } catch (error) {
    if (error instanceof Error && /^expect\(/.test(stripAnsi(error.message))) return false;
    throw error;
  }
}

export const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/orders';
export const APP_ROLE = 'arn:aws:iam::333333333333:role/app';
export const OTHER_ROLE = 'arn:aws:iam::444444444444:role/app';

/** A table policy with an Allow, a conditional Allow and a Deny: each matcher has something to find. */
export const ORDERS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AppReadsItsTenant',
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE },
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Resource: TABLE,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['tenant-1#*'] } },
    },
    {
      Sid: 'AppWritesThroughEndpoint',
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE },
      Action: 'dynamodb:PutItem',
      Resource: TABLE,
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1111aaaa' } },
    },
    {
      Sid: 'NoDeletes',
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:DeleteItem',
      Resource: TABLE,
    },
  ],
} as const;

export const APP_IDENTITY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'UseOrders', Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE }],
} as const;
