/**
 * A dependency loaded on its first use instead of when iamspec is imported. Starting `iamspec test`
 * is mostly loading modules, and three packages are needed only by some runs: `yaml` (text outside
 * the fast reader's subset, templates, writing YAML), `ipaddr.js` (policies with address conditions)
 * and `tinyglobby` (glob patterns on the command line). Each is required through Node's CommonJS
 * loader, which every one of them ships and which, unlike `import()`, works synchronously.
 */
import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';
import type * as Glob from 'tinyglobby';

export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(import.meta.url)(name) as T);
}

export const ipaddrLibrary: () => typeof IpAddr = lazyPackage<typeof IpAddr>('ipaddr.js');

export const globLibrary: () => typeof Glob = lazyPackage<typeof Glob>('tinyglobby');
