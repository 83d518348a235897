/**
 * The `yaml` package, loaded on first use. Policies written as JSON and scenario files in the plain
 * YAML subset are read without it, and loading it is a good part of starting `iamspec test`: the
 * commands that never meet other text never pay for it.
 *
 * The node guards are here too, so that code walking a parsed document (the template readers) does
 * not import the package at its top and load it for every run that merely might read a template.
 */
import type * as Yaml from 'yaml';
import { lazyPackage } from '../util/lazy-package';

export const yamlLibrary: () => typeof Yaml = lazyPackage<typeof Yaml>('yaml');

export const isMap = <K = unknown, V = unknown>(node: unknown): node is Yaml.YAMLMap<K, V> => yamlLibrary().isMap<K, V>(node);
export const isSeq = <T = unknown>(node: unknown): node is Yaml.YAMLSeq<T> => yamlLibrary().isSeq<T>(node);
export const isScalar = <T = unknown>(node: unknown): node is Yaml.Scalar<T> => yamlLibrary().isScalar<T>(node);
export const isAlias = (node: unknown): node is Yaml.Alias => yamlLibrary().isAlias(node);
