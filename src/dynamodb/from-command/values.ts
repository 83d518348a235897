/**
 * Partition-key values as the text `dynamodb:LeadingKeys` holds.
 *
 * Condition keys are strings; a partition key is a string, number or binary attribute. The text
 * is: a string as it is, a number as its decimal text, a binary as its base64 text. A number's
 * text is kept as the caller wrote it (`"1.50"` stays `"1.50"`): whether AWS normalizes numbers
 * before comparing is not documented.
 *
 * Values come in two shapes and both are accepted: the `AttributeValue` maps of
 * `@aws-sdk/client-dynamodb` and of the wire format (`{ S: "x" }`, `{ N: "1" }`, `{ B: bytes or
 * base64 }`), and the native values of `@aws-sdk/lib-dynamodb` (`"x"`, `1`, `1n`, `Uint8Array`,
 * `NumberValue`). The two cannot be confused for a key value: a partition key is never a map, so
 * an object with a single `S`, `N` or `B` member is always an `AttributeValue`.
 */

import { CallError } from './model';
import { isRecord } from './input';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding; written out so that the module needs neither Buffer nor btoa. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64.charAt((triple >> 18) & 63) + BASE64.charAt((triple >> 12) & 63);
    out += i + 1 < bytes.length ? BASE64.charAt((triple >> 6) & 63) : '=';
    out += i + 2 < bytes.length ? BASE64.charAt(triple & 63) : '=';
  }
  return out;
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

function attributeValueText(value: Readonly<Record<string, unknown>>, where: string): string | undefined {
  const members = Object.keys(value);
  if (members.length !== 1) return undefined;
  const type = members[0];
  const inner = value[type as string];
  if (type === 'S' && typeof inner === 'string') return inner;
  if (type === 'N' && typeof inner === 'string') return inner;
  if (type === 'B') {
    if (typeof inner === 'string') return inner; // wire format: already base64
    const bytes = bytesOf(inner);
    if (bytes !== undefined) return base64(bytes);
  }
  if (type === 'S' || type === 'N' || type === 'B') {
    throw new CallError(`${where}: the ${type} value is not of the type the AttributeValue names`);
  }
  return undefined;
}

/**
 * The text of a key value, or a CallError naming `where` if the value is not a string, number or
 * binary (the only types a key attribute can have).
 */
export function keyValueText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CallError(`${where}: a key number must be finite`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  const bytes = bytesOf(value);
  if (bytes !== undefined) return base64(bytes);
  if (isRecord(value)) {
    const fromAttributeValue = attributeValueText(value, where);
    if (fromAttributeValue !== undefined) return fromAttributeValue;
    // lib-dynamodb's NumberValue keeps a number's exact text in `value`.
    if (typeof value['value'] === 'string' && Object.keys(value).length === 1) return value['value'];
  }
  throw new CallError(`${where}: a key value must be a string, number or binary (S, N or B)`);
}
