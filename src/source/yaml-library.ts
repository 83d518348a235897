/**
 * The `yaml` package, loaded on first use. Policies written as JSON and scenario files in the plain
 * YAML subset are read without it, and loading it is a good part of starting `iamspec test`: the
 * commands that never meet other text never pay for it.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let library: typeof Yaml | undefined;

export function yamlLibrary(): typeof Yaml {
  return (library ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
