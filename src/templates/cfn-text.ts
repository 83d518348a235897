/**
 * CloudFormation and SAM template text, JSON or YAML, read with the policy loader's positioned
 * parser. The short-form tags (`!Ref`, `!Sub`, `!GetAtt`...) are declared to the `yaml` package so
 * that each tagged node keeps its tag and its position; a tag CloudFormation does not know is a
 * syntax error of the template rather than text.
 */
import type { Node, Tags } from 'yaml';
import { parsePositionedDocument, type PositionedDocument } from '../source/document';
import { TemplateError, templateIssue } from './errors';

/** Every short-form function CloudFormation's YAML knows, by its tag. */
export const SHORT_FORM_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!ImportValue': 'Fn::ImportValue',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!GetAZs': 'Fn::GetAZs',
  '!Cidr': 'Fn::Cidr',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Transform': 'Fn::Transform',
};

// Each tag may stand on a scalar, a list or a mapping; the node is kept as it is, tag included.
export const CLOUDFORMATION_TAGS: Tags = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (text: string) => text },
  { tag, collection: 'seq' as const, resolve: (node: unknown) => node as Node },
  { tag, collection: 'map' as const, resolve: (node: unknown) => node as Node },
]);

export interface TemplateText {
  /** The file name (or given name) every message names. */
  readonly template: string;
  readonly document: PositionedDocument;
}

/** Parses a template; a syntax error is a `TemplateError` with its line. */
export function parseTemplateText(text: string, template: string): TemplateText {
  const parsed = parsePositionedDocument(text, { customTags: CLOUDFORMATION_TAGS });
  if (!parsed.ok) {
    throw new TemplateError([templateIssue(template, '', `the template is not valid JSON or YAML: ${parsed.message}`, parsed.position)]);
  }
  return { template, document: parsed.document };
}
