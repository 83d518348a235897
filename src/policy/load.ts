/**
 * Getting a policy in: from an object, from JSON or YAML text, or from a file. Every path ends in
 * `compilePolicy`, so a policy is checked the same way however it arrives.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { compilePolicy } from './compile';
import { PolicyError } from './errors';
import { checkOptions, describeArgument, type OptionType } from '../problems/known-keys';
import { isCompiledPolicy, POLICY_KINDS, type Policy, type PolicyKind } from './model';
import { parseSourceText, sourceFromValue, syntaxOf } from '../source/document';
import { BoundedCache } from '../util/memo';

export interface LoadOptions {
  /** How messages and `decidedBy` name the policy. Default: the file's base name, or `policy`. */
  readonly name?: string;
  /** The role the policy plays; inferred from its Principal elements when omitted. */
  readonly kind?: PolicyKind;
  /** Shown in messages for text that came from a file read elsewhere. */
  readonly file?: string;
}

export const LOAD_OPTION_FIELDS: Readonly<Record<string, OptionType>> = { name: 'string', kind: POLICY_KINDS, file: 'string' };

/** A policy as callers give it: compiled, a document object, or JSON/YAML text. */
export type PolicyInput = Policy | string | object;

/**
 * Compiles policy text: strict JSON (RFC 8259) when `options.file` ends in `.json` or the text starts
 * with `{` or `[`; YAML when the file ends in `.yaml`/`.yml` or the text is anything else.
 */
export function parsePolicy(text: string, options: LoadOptions = {}): Policy {
  checkOptions(options, LOAD_OPTION_FIELDS);
  const name = options.name ?? (options.file ? basename(options.file, extname(options.file)) : 'policy');
  if (typeof text !== 'string') {
    throw new PolicyError([
      {
        code: 'not-an-object',
        message: `policy text is a string; found ${text === null ? 'null' : typeof text}`,
        location: { policy: name, path: '' },
      },
    ]);
  }
  const parsed = parseSourceText(text, syntaxOf(text, options.file));
  if (!parsed.ok) {
    throw new PolicyError([
      {
        code: 'syntax',
        message: `the policy is not valid ${parsed.syntax === 'json' ? 'JSON (RFC 8259)' : 'YAML'}: ${parsed.message}`,
        location: {
          policy: name,
          ...(options.file !== undefined ? { file: options.file } : {}),
          ...(parsed.position ? { line: parsed.position.line, column: parsed.position.column } : {}),
          path: '',
        },
      },
    ]);
  }
  return compilePolicy(parsed.source, {
    name,
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.file !== undefined ? { file: options.file } : {}),
    sourceBytes: Buffer.byteLength(text, 'utf8'),
  });
}

/** Compiles a document given as an object (no line numbers: it came from no text). */
export function policyFromObject(document: object, options: LoadOptions = {}): Policy {
  checkOptions(options, LOAD_OPTION_FIELDS);
  return compilePolicy(sourceFromValue(document), {
    name: options.name ?? 'policy',
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.file !== undefined ? { file: options.file } : {}),
  });
}

/** Reads and compiles a `.json`, `.yaml` or `.yml` file. */
export function loadPolicyFile(file: string, options: LoadOptions = {}): Policy {
  checkOptions(options, LOAD_OPTION_FIELDS);
  if (typeof file !== 'string' || file === '') {
    throw new PolicyError([
      {
        code: 'file',
        message: `a policy file is named by a path; found ${describeArgument(file)}`,
        location: { policy: options.name ?? 'policy', path: '' },
      },
    ]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new PolicyError([
      {
        code: 'file',
        message: `cannot read the policy file: ${why}`,
        location: { policy: options.name ?? basename(file), file, path: '' },
      },
    ]);
  }
  if (text.length > MAX_REMEMBERED_TEXT) return parsePolicy(text, { ...options, file: options.file ?? file });
  const key = `${file}\u0000${options.name ?? ''}\u0000${options.kind ?? ''}\u0000${options.file ?? ''}\u0000${text}`;
  return compiledFiles.get(key, (input) => parsePolicy(input.text, { ...input.options, file: input.options.file ?? input.file }), {
    text,
    options,
    file,
  });
}

/**
 * Policy files compiled before, by path, options and text: a run of many scenario files, or a test
 * suite, reads the same few policy files again and again, and the same text compiles to the same
 * policy (policies are never changed once compiled). Text that changed is compiled afresh. Only
 * policies of a size AWS allows are remembered, so the cache stays a few megabytes at most.
 */
const compiledFiles = new BoundedCache<Policy>(128);
const MAX_REMEMBERED_TEXT = 64 * 1024;

/**
 * The one entry point: a compiled policy passes through; an object is compiled; a string is JSON or
 * YAML text when it looks like a document (starts with `{` or `[`, or holds a newline), else a file path.
 */
export function loadPolicy(input: PolicyInput, options: LoadOptions = {}): Policy {
  checkOptions(options, LOAD_OPTION_FIELDS);
  if (isCompiledPolicy(input)) return input;
  if (typeof input === 'string') {
    const trimmed = input.trimStart();
    return trimmed.startsWith('{') || trimmed.startsWith('[') || input.includes('\n')
      ? parsePolicy(input, options)
      : loadPolicyFile(input, options);
  }
  if (typeof input !== 'object' || input === null) {
    throw new PolicyError([
      {
        code: 'not-an-object',
        message: `a policy is an object, JSON text or a file path; found ${input === null ? 'null' : typeof input}`,
        location: { policy: options.name ?? 'policy', path: '' },
      },
    ]);
  }
  return policyFromObject(input, options);
}
