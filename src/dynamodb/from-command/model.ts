/**
 * What `fromCommand` gives back and takes as options, and the error it throws.
 *
 * Kept apart from the translation code so that every module of this folder can share these
 * shapes without importing one another.
 */
import { OneProblemError } from '../../problems/problem';
import { clipMessage } from '../../policy/errors';

/** A condition-key value as AWS sets it: one string, or a list for a multivalued key. */
export type AuthorizationContextValue = string | readonly string[];

/**
 * One request that AWS authorizes for a DynamoDB call. The principal is not known here: the
 * caller adds it when it hands the request to the evaluator.
 */
export interface AuthorizationRequest {
  /** The IAM action, e.g. `dynamodb:Query`. */
  readonly action: string;
  /** The table, index or stream ARN, or `*` for actions without a resource. */
  readonly resource: string;
  /** The condition keys DynamoDB sets for this request (`dynamodb:*`, `aws:RequestTag/*`...). */
  readonly context: Readonly<Record<string, AuthorizationContextValue>>;
  /** Where in the call the request comes from, e.g. `TransactItems[2].Update`. */
  readonly origin: string;
}

/** Everything one API call is authorized as. */
export interface CallRequests {
  /** The API operation, e.g. `TransactWriteItems`. */
  readonly command: string;
  readonly requests: readonly AuthorizationRequest[];
}

/** The key attributes of a secondary index. */
export interface IndexKeySchema {
  readonly partitionKey: string;
  readonly sortKey?: string;
}

/** The key attributes of a table and, optionally, of its secondary indexes by index name. */
export interface KeySchema {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes?: Readonly<Record<string, IndexKeySchema>>;
}

export interface FromCommandOptions {
  /** The caller's account: a bare table name resolves to a table of this account. */
  readonly account?: string;
  /** The region of the endpoint called: a bare table name resolves to a table of this region. */
  readonly region?: string;
  /** The partition for ARNs built from bare names. Default `aws`. */
  readonly partition?: string;
  /**
   * The key schema, needed when the partition key cannot be told from the call itself (a Key of
   * two attributes, an Item, a PartiQL WHERE clause). One schema for every table, or schemas by
   * table name or table ARN.
   */
  readonly keySchema?: KeySchema | Readonly<Record<string, KeySchema>>;
  /**
   * The stream a `GetRecords` call reads. The call itself carries only an opaque shard iterator,
   * so the stream ARN has to come from here (or from a `StreamArn` field added to the input).
   */
  readonly streamArn?: string;
}

/** The call cannot be turned into requests: unknown command, missing or malformed input. */
export class CallError extends OneProblemError {
  override readonly name = 'CallError';
  constructor(message: string) {
    super('invalid-call', clipMessage(message));
  }
}

/** What every translator needs besides the input: the API name and the caller's options. */
export interface CallScope {
  readonly command: string;
  readonly options: FromCommandOptions;
}
