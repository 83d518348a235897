/**
 * Which files a run takes: paths and globs → scenario files. In a directory, scenario files are the
 * `*.iam.yaml` / `*.iam.yml` files (so that policies written in YAML can sit beside them); a file
 * named explicitly is taken whatever its name. A path or glob that finds nothing is a problem, never
 * an empty, passing run.
 *
 * A directory is walked here rather than globbed: most runs name a directory, and the glob library
 * is a good part of starting `iamspec test`. The walk takes what `SCENARIO_FILE_GLOB` would (hidden
 * names and `node_modules` left out, links followed); a property test holds it to the glob library.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { globLibrary } from '../util/lazy-package';

/** The suffix that marks a scenario file inside a directory. */
export const SCENARIO_FILE_GLOB = '**/*.iam.{yaml,yml}';
export const SCENARIO_FILE_PATTERN = /\.iam\.ya?ml$/;

export interface Discovery {
  /** Absolute paths, sorted, each once. */
  readonly files: readonly string[];
  /** One message per path or glob that found nothing. */
  readonly problems: readonly string[];
}

const IGNORE = ['**/node_modules/**', '**/.git/**'];

function kindOf(path: string): 'file' | 'directory' | undefined {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The scenario files under a directory, at any depth. A directory reached again through a link
 * from inside itself is not entered twice, so a link cycle ends; unreadable entries are passed by,
 * as the glob library passes them.
 */
export function scenarioFilesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (directory: string, ancestors: ReadonlySet<string>): void => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(directory);
      if (ancestors.has(real)) return;
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    const inside = new Set(ancestors).add(real);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(directory, entry.name);
      const kind = entry.isSymbolicLink() ? kindOf(path) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : undefined;
      if (kind === 'directory') walk(path, inside);
      else if (kind === 'file' && SCENARIO_FILE_PATTERN.test(entry.name)) found.push(path);
    }
  };
  walk(root, new Set());
  return found;
}

export function discoverScenarioFiles(patterns: readonly string[], cwd: string): Discovery {
  const files = new Set<string>();
  const problems: string[] = [];
  for (const pattern of patterns) {
    const absolute = resolve(cwd, pattern);
    const kind = kindOf(absolute);
    let found: string[];
    if (kind === 'file') found = [absolute];
    else if (kind === 'directory') {
      found = scenarioFilesUnder(absolute);
      if (found.length === 0) problems.push(`${pattern}: no scenario file (*.iam.yaml or *.iam.yml) in this directory`);
    } else if (globLibrary().isDynamicPattern(pattern)) {
      found = globLibrary().globSync(pattern, { cwd, absolute: true, ignore: IGNORE, onlyFiles: true });
      if (found.length === 0) problems.push(`${pattern}: no file matches this pattern`);
    } else {
      found = [];
      problems.push(`${pattern}: no such file or directory`);
    }
    for (const file of found) files.add(resolve(file));
  }
  return { files: [...files].sort(), problems };
}
