/**
 * The root of the repository a directory is in, found the way git finds it: the nearest directory
 * at or above it that holds `.git` (a directory, or a file in a worktree or submodule). Reports
 * that tools place in a repository (SARIF for code scanning) name files relative to it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root at or above `dir`, or `dir` itself when no directory above it holds `.git`. */
export function repositoryRoot(dir: string): string {
  const start = resolve(dir);
  for (let current = start; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return start;
  }
}
