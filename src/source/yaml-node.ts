/** The positioned YAML tree both readers produce (`yaml-tree.ts`, `yaml-fast.ts`): plain data. */

import type { Position } from './position';

export type { Position };

export type ScalarValue = string | number | boolean | null;

export interface YamlScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /**
   * The scalar as written (without quotes): `012` stays `012` although its value is 12. Used where
   * IAM wants text (condition values), so that YAML's number and boolean typing never changes a value.
   */
  readonly text: string;
  readonly quoted: boolean;
  readonly pos: Position;
}

export interface YamlPair {
  readonly key: string;
  readonly keyPos: Position;
  readonly value: YamlNode;
}

export interface YamlMap {
  readonly kind: 'map';
  readonly pairs: readonly YamlPair[];
  readonly pos: Position;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly items: readonly YamlNode[];
  readonly pos: Position;
}

export type YamlNode = YamlScalar | YamlMap | YamlSeq;
