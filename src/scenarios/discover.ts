/**
 * Which files a run takes: paths and globs → scenario files. In a directory, scenario files are the
 * `*.iam.yaml` / `*.iam.yml` files (so that policies written in YAML can sit beside them); a file
 * named explicitly is taken whatever its name. A path or glob that finds nothing is a problem, never
 * an empty, passing run.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

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

export function discoverScenarioFiles(patterns: readonly string[], cwd: string): Discovery {
  const files = new Set<string>();
  const problems: string[] = [];
  for (const pattern of patterns) {
    const absolute = resolve(cwd, pattern);
    const kind = kindOf(absolute);
    let found: string[];
    if (kind === 'file') found = [absolute];
    else if (kind === 'directory') {
      found = globSync(SCENARIO_FILE_GLOB, { cwd: absolute, absolute: true, ignore: IGNORE, onlyFiles: true });
      if (found.length === 0) problems.push(`${pattern}: no scenario file (*.iam.yaml or *.iam.yml) in this directory`);
    } else if (isDynamicPattern(pattern)) {
      found = globSync(pattern, { cwd, absolute: true, ignore: IGNORE, onlyFiles: true });
      if (found.length === 0) problems.push(`${pattern}: no file matches this pattern`);
    } else {
      found = [];
      problems.push(`${pattern}: no such file or directory`);
    }
    for (const file of found) files.add(resolve(file));
  }
  return { files: [...files].sort(), problems };
}
