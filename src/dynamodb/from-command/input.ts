/**
 * Reading the untyped input of an API call.
 *
 * `fromCommand` accepts inputs from plain objects, from `@aws-sdk/client-dynamodb` commands and
 * from `@aws-sdk/lib-dynamodb` commands without importing either package, so nothing about the
 * input's shape is known statically. Each reader names the field it wanted in its error, so a
 * test author sees which part of the call was wrong.
 */

import { CallError } from './model';

export type InputRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is InputRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function optionalString(input: InputRecord, field: string, where: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CallError(`${where}: ${field} must be a string, not ${describe(value)}`);
  return value;
}

export function requiredString(input: InputRecord, field: string, where: string): string {
  const value = optionalString(input, field, where);
  if (value === undefined || value === '') throw new CallError(`${where}: ${field} is required`);
  return value;
}

export function optionalRecord(input: InputRecord, field: string, where: string): InputRecord | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new CallError(`${where}: ${field} must be an object, not ${describe(value)}`);
  return value;
}

export function requiredRecord(input: InputRecord, field: string, where: string): InputRecord {
  const value = optionalRecord(input, field, where);
  if (value === undefined) throw new CallError(`${where}: ${field} is required`);
  return value;
}

export function optionalArray(input: InputRecord, field: string, where: string): readonly unknown[] | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new CallError(`${where}: ${field} must be an array, not ${describe(value)}`);
  return value;
}

export function requiredArray(input: InputRecord, field: string, where: string): readonly unknown[] {
  const value = optionalArray(input, field, where);
  if (value === undefined || value.length === 0) throw new CallError(`${where}: ${field} is required and not empty`);
  return value;
}

export function optionalStringArray(input: InputRecord, field: string, where: string): readonly string[] | undefined {
  const value = optionalArray(input, field, where);
  if (value === undefined) return undefined;
  for (const entry of value) {
    if (typeof entry !== 'string') throw new CallError(`${where}: ${field} must hold strings, not ${describe(entry)}`);
  }
  return value as readonly string[];
}

/** `ExpressionAttributeNames`, checked to map `#placeholder`s to strings. */
export function expressionNames(input: InputRecord, where: string): Readonly<Record<string, string>> {
  const names = optionalRecord(input, 'ExpressionAttributeNames', where) ?? {};
  for (const [placeholder, name] of Object.entries(names)) {
    if (typeof name !== 'string') {
      throw new CallError(`${where}: ExpressionAttributeNames["${placeholder}"] must be a string`);
    }
  }
  return names as Readonly<Record<string, string>>;
}

/** A path into the call for messages and `origin`, e.g. `RequestItems["Music"]`. */
export function member(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}
