/**
 * CloudFormation's intrinsic functions, resolved the way the deployed stack would see them. The
 * resolver walks the template's own nodes (short-form tags and `Fn::` mappings alike), so every value
 * it builds knows its line; what it cannot resolve offline is a `TemplateError` at that line.
 *
 * What a name means (`Ref`, `Fn::GetAtt`, conditions, imports) is the scope's business: the
 * resolver only knows the functions.
 */
import { Buffer } from 'node:buffer';
import type { Node } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from '../source/yaml-library';
import { formatPath, type PathSegment, type PositionedDocument } from '../source/document';
import { TemplateError, templateIssue } from './errors';
import { SHORT_FORM_TAGS } from './cfn-text';
import { describeResolved, recordOrigin, type Resolved } from './resolved';

/** `AWS::NoValue`: the property, or the list item, is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Resolution = Resolved | typeof NO_VALUE;

/** Where a value is being resolved: for messages. */
export interface Site {
  readonly node: Node | null | undefined;
  readonly path: readonly PathSegment[];
}

/** What names mean in the template being resolved. */
export interface ResolveScope {
  readonly template: string;
  readonly document: PositionedDocument;
  /** The logical id of the resource whose properties are being resolved, for messages. */
  readonly resource: string | undefined;
  ref(name: string, site: Site): Resolution;
  getAtt(logicalId: string, attribute: string, site: Site): Resolved;
  condition(name: string, site: Site): boolean;
  mapping(name: string, site: Site): Node;
  importValue(name: string, site: Site): Resolved;
  availabilityZones(region: string, site: Site): readonly string[];
}

/** The functions that read in a long form: a mapping with this single key. */
const FUNCTION_KEYS = new Set(Object.values(SHORT_FORM_TAGS).filter((name) => name !== 'Condition'));

const UNSUPPORTED: Readonly<Record<string, string>> = {
  'Fn::Cidr': 'Fn::Cidr computes address blocks no policy needs; it is not resolved offline',
  'Fn::Length': 'Fn::Length needs the AWS::LanguageExtensions transform, which is not resolved offline',
  'Fn::ToJsonString': 'Fn::ToJsonString needs the AWS::LanguageExtensions transform, which is not resolved offline',
  'Fn::Transform': 'Fn::Transform runs a macro whose output cannot be known offline',
};

interface Call {
  readonly name: string;
  /** The argument node; for a short form, the tagged node itself (read without its tag). */
  readonly argument: Node;
  readonly argumentPath: readonly PathSegment[];
  /** A short-form tag: the argument is the node itself, whose tag must be ignored when read. */
  readonly short: boolean;
}

export class Resolver {
  constructor(private readonly scope: ResolveScope) {}

  fail(site: Site, message: string): never {
    throw new TemplateError([
      templateIssue(
        this.scope.template,
        formatPath(site.path),
        message,
        this.scope.document.positionOfNode(site.node),
        this.scope.resource,
      ),
    ]);
  }

  deref(node: Node | null | undefined): Node | null | undefined {
    let current = node;
    for (let depth = 0; current && isAlias(current); depth++) {
      if (depth > 50) return undefined;
      current = current.resolve(this.scope.document.doc) as Node | undefined;
    }
    return current;
  }

  /** The resolved value of a node, or `NO_VALUE`. */
  resolve(node: Node | null | undefined, path: readonly PathSegment[], ignoreTag = false): Resolution {
    const target = this.deref(node);
    const site = { node: target, path };
    if (target === null || target === undefined) return null;
    const call = ignoreTag ? undefined : this.callOf(target, path);
    if (call) return this.call(call, site);
    if (isScalar(target)) return this.scalar(target);
    if (isSeq(target)) {
      const out: Resolved[] = [];
      const children = new Map<string, { at: ReturnType<PositionedDocument['positionOfNode']>; key: undefined }>();
      target.items.forEach((item, i) => {
        const value = this.resolve(item as Node, [...path, i]);
        if (value === NO_VALUE) return;
        children.set(String(out.length), { at: this.scope.document.positionOfNode(this.deref(item as Node)), key: undefined });
        out.push(value);
      });
      recordOrigin(out, this.scope.document.positionOfNode(target), children);
      return out;
    }
    if (isMap(target)) {
      const out: Record<string, Resolved> = {};
      const children = new Map<
        string,
        { at: ReturnType<PositionedDocument['positionOfNode']>; key: ReturnType<PositionedDocument['positionOfNode']> }
      >();
      for (const pair of target.items) {
        const keyNode = this.deref(pair.key as Node);
        if (!isScalar(keyNode)) this.fail(site, 'a mapping key is text');
        const key = String(keyNode.value);
        const value = this.resolve(pair.value as Node, [...path, key]);
        if (value === NO_VALUE) continue;
        out[key] = value;
        children.set(key, {
          at: this.scope.document.positionOfNode(this.deref(pair.value as Node)),
          key: this.scope.document.positionOfNode(keyNode),
        });
      }
      recordOrigin(out, this.scope.document.positionOfNode(target), children);
      return out;
    }
    return this.fail(site, 'unsupported YAML node');
  }

  /** Resolves a node that must not be `AWS::NoValue`. */
  required(node: Node | null | undefined, path: readonly PathSegment[], what: string, ignoreTag = false): Resolved {
    const value = this.resolve(node, path, ignoreTag);
    if (value === NO_VALUE) this.fail({ node, path }, `${what} cannot be AWS::NoValue`);
    return value;
  }

  /** Resolves a node that must come out as text. */
  text(node: Node | null | undefined, path: readonly PathSegment[], what: string, ignoreTag = false): string {
    const value = this.required(node, path, what, ignoreTag);
    if (typeof value !== 'string') this.fail({ node: this.deref(node), path }, `${what} is text; found ${describeResolved(value)}`);
    return value;
  }

  /** Resolves a node that must come out as a list of text. */
  textList(node: Node | null | undefined, path: readonly PathSegment[], what: string, ignoreTag = false): string[] {
    const value = this.required(node, path, what, ignoreTag);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      this.fail({ node: this.deref(node), path }, `${what} is a list of text; found ${describeResolved(value)}`);
    }
    return value as string[];
  }

  /** A scalar as CloudFormation passes it on: numbers as the text they were written as. */
  private scalar(node: Node & { value?: unknown; source?: unknown; type?: unknown }): Resolved {
    const value = node.value;
    if (typeof value === 'number' || typeof value === 'bigint') {
      return node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : String(value);
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    return String(value);
  }

  /** A function call, in either form, or undefined for plain data. */
  callOf(node: Node, path: readonly PathSegment[]): Call | undefined {
    const tag = node.tag;
    if (tag !== undefined && tag.startsWith('!') && !tag.startsWith('!!')) {
      const name = SHORT_FORM_TAGS[tag];
      if (name === undefined) this.fail({ node, path }, `unknown tag ${tag}`);
      return { name, argument: node, argumentPath: path, short: true };
    }
    if (isMap(node) && node.items.length === 1) {
      const pair = node.items[0]!;
      const key = this.deref(pair.key as Node);
      if (isScalar(key) && typeof key.value === 'string' && (FUNCTION_KEYS.has(key.value) || key.value.startsWith('Fn::'))) {
        return { name: key.value, argument: pair.value as Node, argumentPath: [...path, key.value], short: false };
      }
    }
    return undefined;
  }

  /** The items of a function's list argument, with their paths. */
  private items(call: Call, site: Site, count: number | [number, number]): { node: Node; path: PathSegment[] }[] {
    const arg = this.deref(call.argument);
    const [min, max] = typeof count === 'number' ? [count, count] : count;
    if (!arg || !isSeq(arg) || arg.items.length < min || arg.items.length > max) {
      const want = min === max ? `${min}` : `${min} to ${max}`;
      this.fail({ node: arg ?? site.node, path: call.argumentPath }, `${call.name} takes a list of ${want} arguments`);
    }
    return arg.items.map((item, i) => ({ node: item as Node, path: [...call.argumentPath, i] }));
  }

  /** A literal name (a logical id, a condition name): text written as is, not computed. */
  private literal(node: Node | null | undefined, path: readonly PathSegment[], what: string, ignoreTag: boolean): string {
    const target = this.deref(node);
    if (!target || !isScalar(target) || (!ignoreTag && target.tag?.startsWith('!')) || typeof target.value !== 'string') {
      this.fail({ node: target, path }, `${what} is a name written as text`);
    }
    return target.value as string;
  }

  private call(call: Call, site: Site): Resolution {
    const short = call.short;
    const unsupported = UNSUPPORTED[call.name];
    if (unsupported) this.fail(site, unsupported);
    switch (call.name) {
      case 'Ref':
        return this.scope.ref(this.literal(call.argument, call.argumentPath, 'the argument of Ref', short), site);
      case 'Condition':
        return this.scope.condition(this.literal(call.argument, call.argumentPath, 'the argument of Condition', short), site);
      case 'Fn::GetAtt':
        return this.getAtt(call, site);
      case 'Fn::Sub':
        return this.sub(call, site);
      case 'Fn::Join': {
        const [delimiter, list] = this.items(call, site, 2);
        const joiner = this.text(delimiter!.node, delimiter!.path, 'the delimiter of Fn::Join');
        return this.textList(list!.node, list!.path, 'the values of Fn::Join').join(joiner);
      }
      case 'Fn::Select': {
        const [index, list] = this.items(call, site, 2);
        const at = this.text(index!.node, index!.path, 'the index of Fn::Select');
        const values = this.required(list!.node, list!.path, 'the list of Fn::Select');
        if (!Array.isArray(values))
          this.fail({ node: list!.node, path: list!.path }, `the list of Fn::Select is a list; found ${describeResolved(values)}`);
        const i = /^\d+$/.test(at) ? Number(at) : NaN;
        if (!Number.isInteger(i) || i >= values.length) {
          this.fail({ node: index!.node, path: index!.path }, `Fn::Select index ${at} is outside the list of ${values.length} values`);
        }
        return values[i]!;
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.items(call, site, 2);
        const splitter = this.text(delimiter!.node, delimiter!.path, 'the delimiter of Fn::Split');
        if (splitter === '') this.fail({ node: delimiter!.node, path: delimiter!.path }, 'the delimiter of Fn::Split is not empty');
        return this.text(source!.node, source!.path, 'the text of Fn::Split').split(splitter);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.items(call, site, 3);
        const name = this.literal(condition!.node, condition!.path, 'the condition of Fn::If', false);
        const branch = this.scope.condition(name, { node: condition!.node, path: condition!.path }) ? whenTrue! : whenFalse!;
        return this.resolve(branch.node, branch.path);
      }
      case 'Fn::Equals': {
        const [a, b] = this.items(call, site, 2);
        return (
          JSON.stringify(this.required(a!.node, a!.path, 'a value of Fn::Equals')) ===
          JSON.stringify(this.required(b!.node, b!.path, 'a value of Fn::Equals'))
        );
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = this.items(call, site, [2, 10]).map((item) => this.boolean(item.node, item.path, call.name));
        return call.name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::Not': {
        const [value] = this.items(call, site, 1);
        return !this.boolean(value!.node, value!.path, call.name);
      }
      case 'Fn::FindInMap':
        return this.findInMap(call, site);
      case 'Fn::Base64':
        return Buffer.from(this.text(call.argument, call.argumentPath, 'the argument of Fn::Base64', short), 'utf8').toString('base64');
      case 'Fn::GetAZs': {
        const region = this.text(call.argument, call.argumentPath, 'the region of Fn::GetAZs', short);
        return [...this.scope.availabilityZones(region === '' ? (this.scope.ref('AWS::Region', site) as string) : region, site)];
      }
      case 'Fn::ImportValue':
        return this.scope.importValue(this.text(call.argument, call.argumentPath, 'the name of Fn::ImportValue', short), site);
      default:
        return this.fail(site, `${call.name} is not an intrinsic function CloudFormation knows`);
    }
  }

  /** A condition operand: a condition name (`{Condition: X}`) or a condition function. */
  private boolean(node: Node, path: readonly PathSegment[], within: string): boolean {
    const value = this.required(node, path, `an argument of ${within}`);
    if (typeof value !== 'boolean')
      this.fail({ node: this.deref(node), path }, `an argument of ${within} is a condition; found ${describeResolved(value)}`);
    return value;
  }

  private getAtt(call: Call, site: Site): Resolved {
    const arg = this.deref(call.argument);
    let logicalId: string;
    let attribute: string;
    if (arg && isScalar(arg)) {
      // The dotted form, `Table.Arn`; an attribute may itself hold dots (`Endpoint.Address`).
      const text = this.literal(arg, call.argumentPath, 'the argument of Fn::GetAtt', call.short);
      const dot = text.indexOf('.');
      if (dot <= 0 || dot === text.length - 1)
        this.fail(site, `Fn::GetAtt names a resource and an attribute, as Resource.Attribute; found ${JSON.stringify(text)}`);
      logicalId = text.slice(0, dot);
      attribute = text.slice(dot + 1);
    } else {
      const [resource, name] = this.items(call, site, 2);
      logicalId = this.literal(resource!.node, resource!.path, 'the resource of Fn::GetAtt', false);
      attribute = this.text(name!.node, name!.path, 'the attribute of Fn::GetAtt');
    }
    return this.scope.getAtt(logicalId, attribute, site);
  }

  private sub(call: Call, site: Site): Resolved {
    const arg = this.deref(call.argument);
    let template: string;
    const variables = new Map<string, Resolved>();
    if (arg && isSeq(arg)) {
      const [text, map] = this.items(call, site, 2);
      template = this.text(text!.node, text!.path, 'the text of Fn::Sub');
      const values = this.deref(map!.node);
      if (!values || !isMap(values)) this.fail({ node: values, path: map!.path }, 'the variables of Fn::Sub are a mapping');
      for (const pair of values.items) {
        const key = String((this.deref(pair.key as Node) as { value?: unknown } | undefined)?.value);
        variables.set(key, this.required(pair.value as Node, [...map!.path, key], `the variable ${key} of Fn::Sub`));
      }
    } else {
      template = this.text(arg, call.argumentPath, 'the text of Fn::Sub', call.short);
    }
    return template.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let value: Resolution;
      if (variables.has(name)) value = variables.get(name)!;
      else if (!name.startsWith('AWS::') && name.includes('.')) {
        const dot = name.indexOf('.');
        value = this.scope.getAtt(name.slice(0, dot), name.slice(dot + 1), site);
      } else value = this.scope.ref(name, site);
      if (typeof value !== 'string')
        this.fail(
          site,
          `\${${name}} in Fn::Sub is replaced by text; it resolves to ${value === NO_VALUE ? 'AWS::NoValue' : describeResolved(value)}`,
        );
      return value;
    });
  }

  private findInMap(call: Call, site: Site): Resolved {
    const [mapName, topKey, secondKey] = this.items(call, site, 3);
    const name = this.text(mapName!.node, mapName!.path, 'the map name of Fn::FindInMap');
    const top = this.text(topKey!.node, topKey!.path, 'the top-level key of Fn::FindInMap');
    const second = this.text(secondKey!.node, secondKey!.path, 'the second-level key of Fn::FindInMap');
    const mapping = this.deref(this.scope.mapping(name, site));
    const level = (node: Node | null | undefined, key: string, what: string): Node => {
      const target = this.deref(node);
      const pair =
        target && isMap(target)
          ? target.items.find((p) => String((this.deref(p.key as Node) as { value?: unknown }).value) === key)
          : undefined;
      if (!pair) this.fail(site, `the mapping ${name} has no ${what} ${JSON.stringify(key)}`);
      return pair.value as Node;
    };
    const value = level(level(mapping, top, 'top-level key'), second, 'second-level key');
    return this.required(value, ['Mappings', name, top, second], `the value of Fn::FindInMap`);
  }
}
