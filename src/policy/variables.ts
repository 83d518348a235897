/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the escapes
 * `${*}`, `${?}`, `${$}`. A value with variables is kept as a template of pieces; the evaluator
 * resolves it against the request. Substituted text is literal: a `*` that came from a variable
 * never acts as a wildcard.
 */
import type { PatternPiece } from './wildcard';

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string; readonly wildcards: boolean }
  | { readonly kind: 'variable'; readonly key: string; readonly keyLower: string; readonly fallback: string | undefined };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when the value has at least one `${key}` to look up. */
  readonly hasVariables: boolean;
}

export type TemplateParse = { ok: true; template: Template } | { ok: false; message: string };

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const KEY_CHARS = /^[A-Za-z0-9_.:/\-+=@]+$/;

/** A value read literally (policy version 2008-10-17, or an operator that takes no variables). */
export function literalTemplate(text: string): Template {
  return { source: text, parts: [{ kind: 'text', text, wildcards: true }], hasVariables: false };
}

export function parseTemplate(text: string): TemplateParse {
  if (!text.includes('${')) return { ok: true, template: literalTemplate(text) };
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('${', pos);
    if (open < 0) {
      parts.push({ kind: 'text', text: text.slice(pos), wildcards: true });
      break;
    }
    if (open > pos) parts.push({ kind: 'text', text: text.slice(pos, open), wildcards: true });
    const close = text.indexOf('}', open + 2);
    if (close < 0) return { ok: false, message: `the variable at "${text.slice(open)}" has no closing brace` };
    const body = text.slice(open + 2, close);
    pos = close + 1;
    if (body === '') return { ok: false, message: 'an empty variable "${}" names no key' };
    const escape = Object.hasOwn(ESCAPES, body) ? ESCAPES[body] : undefined; // `${toString}` is a key, not an inherited member
    if (escape !== undefined) {
      parts.push({ kind: 'text', text: escape, wildcards: false });
      continue;
    }
    const comma = body.indexOf(',');
    const key = (comma < 0 ? body : body.slice(0, comma)).trim();
    let fallback: string | undefined;
    if (comma >= 0) {
      const rest = body.slice(comma + 1).trim();
      const quoted = /^'([^']*)'$/.exec(rest);
      if (!quoted) {
        return { ok: false, message: `the default of "\${${body}}" must be written in single quotes: \${key, 'default'}` };
      }
      fallback = quoted[1];
    }
    if (comma < 0 && key !== body) return { ok: false, message: `the variable "\${${body}}" has a space in its name` };
    if (!KEY_CHARS.test(key)) {
      return { ok: false, message: `"\${${body}}" is not a valid variable: a key name has no spaces or quotes` };
    }
    hasVariables = true;
    parts.push({ kind: 'variable', key, keyLower: key.toLowerCase(), fallback });
  }
  return { ok: true, template: { source: text, parts, hasVariables } };
}

/** Looks up one single-valued key; undefined when the request does not carry it. */
export type VariableLookup = (keyLower: string) => string | undefined;

/**
 * Pattern pieces for the request, or undefined when a variable has no value and no default: such a
 * value matches nothing (and a negated operator's value excludes nothing).
 */
export function resolveTemplate(template: Template, lookup: VariableLookup): PatternPiece[] | undefined {
  const pieces: PatternPiece[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') {
      pieces.push(part);
      continue;
    }
    const value = lookup(part.keyLower) ?? part.fallback;
    if (value === undefined) return undefined;
    pieces.push({ text: value, wildcards: false });
  }
  return pieces;
}

/** The template as plain text with variables resolved; undefined when one has no value. */
export function resolveTemplateText(template: Template, lookup: VariableLookup): string | undefined {
  if (!template.hasVariables) return template.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  const pieces = resolveTemplate(template, lookup);
  return pieces === undefined ? undefined : pieces.map((p) => p.text).join('');
}
