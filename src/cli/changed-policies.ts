/**
 * The policy files a change touches, for `iamspec diff --base <ref>`: every `.json`, `.yaml` and
 * `.yml` file that differs between the ref and the working tree, with its text at the ref (read
 * with `git show`) and now.
 *
 * The ref is compared through its merge base with HEAD, as a pull request is: commits that landed
 * on the base branch after the branch point are not part of the change and must not show up as
 * reverted. Files added (or untracked) have no old version, deleted files no new one; renamed files
 * keep their old text. Whether a file is a policy is decided by its content (an object with a
 * `Statement`), so that scenario and config files are listed as skipped rather than misread.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { isDeploymentText } from '../templates/index';
import { parseSourceText, syntaxOf } from '../source/document';

export type ChangeStatus = 'modified' | 'added' | 'deleted' | 'renamed';

export interface ChangedFile {
  /** Path relative to the working directory, as shown to people. */
  readonly path: string;
  /** The old path, when the file was renamed. */
  readonly oldPath: string | undefined;
  readonly status: ChangeStatus;
  /** Text at the base; undefined when the file did not exist there. */
  readonly oldText: string | undefined;
  /** Text now; undefined when the file was deleted. */
  readonly newText: string | undefined;
}

export interface ChangedPolicies {
  /** The commit the working tree was compared with (the merge base of the ref and HEAD). */
  readonly base: string;
  readonly policies: readonly ChangedFile[];
  /** Changed CloudFormation/SAM templates and Terraform plans (read for the policies they deploy). */
  readonly templates: readonly ChangedFile[];
  /**
   * Changed CDK cloud assemblies (directories with a manifest.json), relative to the working
   * directory, with the files of each at the base written to a temporary directory (undefined when
   * the assembly did not exist there).
   */
  readonly assemblies: readonly { readonly path: string; readonly oldCopy: string | undefined }[];
  /** Changed files with a policy extension that are not policies (no `Statement`), with why. */
  readonly skipped: readonly { readonly path: string; readonly why: string }[];
}

/** Why git could not answer: not a repository, an unknown ref, no git at all. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

const POLICY_EXTENSION = /\.(json|ya?ml)$/i;

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : `: ${(error as Error).message}`}`);
  }
}

/** Whether text reads as a policy document: JSON or YAML whose root is an object with a Statement. */
export function looksLikePolicy(text: string, file?: string): boolean {
  const parsed = parseSourceText(text, syntaxOf(text, file));
  if (!parsed.ok) {
    // Unreadable text with a Statement in it is a broken policy: let the loader report it.
    return /["']?Statement["']?\s*:/.test(text);
  }
  const value = parsed.source.value;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'Statement' in value;
}

/** Lists the policy files changed since `ref` (through its merge base with HEAD), under `paths` if given. */
export function changedPolicies(ref: string, cwd: string, paths: readonly string[] = []): ChangedPolicies {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  let base: string;
  try {
    base = git(['merge-base', ref, 'HEAD'], cwd).trim();
  } catch {
    // No common history (a shallow clone): compare with the ref itself.
    base = git(['rev-parse', `${ref}^{commit}`], cwd).trim();
  }
  const pathspec = paths.length > 0 ? ['--', ...paths] : [];
  // -z: NUL-separated, so that no path is quoted or split; paths are relative to the top.
  const entries = git(['diff', '--name-status', '-z', '-M', '--no-color', base, ...pathspec], cwd)
    .split('\0')
    .filter((s) => s !== '');
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name', ...pathspec], cwd)
    .split('\0')
    .filter((s) => s !== '');

  const changes: { status: ChangeStatus; path: string; oldPath: string | undefined }[] = [];
  for (let i = 0; i < entries.length;) {
    const code = entries[i++]!;
    if (code.startsWith('R') || code.startsWith('C')) {
      const oldPath = entries[i++]!;
      const path = entries[i++]!;
      changes.push({ status: code.startsWith('R') ? 'renamed' : 'added', path, oldPath: code.startsWith('R') ? oldPath : undefined });
    } else {
      const path = entries[i++]!;
      const status: ChangeStatus = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified';
      changes.push({ status, path, oldPath: undefined });
    }
  }
  for (const path of untracked) changes.push({ status: 'added', path, oldPath: undefined });

  const policies: ChangedFile[] = [];
  const templates: ChangedFile[] = [];
  const assemblyDirs = new Set<string>();
  const skipped: { path: string; why: string }[] = [];
  for (const change of changes) {
    if (!POLICY_EXTENSION.test(change.path)) continue;
    // A file of a cloud assembly is read with its assembly, not alone.
    const assembly = assemblyOf(change.path, top, base);
    if (assembly !== undefined) {
      assemblyDirs.add(assembly);
      continue;
    }
    const absolute = resolve(top, change.path);
    const shown = relativeTo(cwd, absolute);
    const oldPathAtBase = change.status === 'added' ? undefined : (change.oldPath ?? change.path);
    const oldText = oldPathAtBase === undefined ? undefined : git(['show', `${base}:${oldPathAtBase}`], top);
    const newText = change.status === 'deleted' ? undefined : readFileSync(absolute, 'utf8');
    const isPolicy =
      (oldText !== undefined && looksLikePolicy(oldText, change.path)) || (newText !== undefined && looksLikePolicy(newText, change.path));
    if (!isPolicy) {
      const isTemplate = (oldText !== undefined && isDeploymentText(oldText)) || (newText !== undefined && isDeploymentText(newText));
      if (isTemplate)
        templates.push({
          path: shown,
          oldPath: change.oldPath === undefined ? undefined : relativeTo(cwd, resolve(top, change.oldPath)),
          status: change.status,
          oldText,
          newText,
        });
      else skipped.push({ path: shown, why: 'not a policy (no Statement)' });
      continue;
    }
    policies.push({
      path: shown,
      oldPath: change.oldPath === undefined ? undefined : relativeTo(cwd, resolve(top, change.oldPath)),
      status: change.status,
      // A side that is not a policy (a file that became one, or stopped being one) counts as absent.
      oldText: oldText !== undefined && looksLikePolicy(oldText, change.path) ? oldText : undefined,
      newText: newText !== undefined && looksLikePolicy(newText, change.path) ? newText : undefined,
    });
  }
  const assemblies = [...assemblyDirs].map((dir) => ({ path: relativeTo(cwd, resolve(top, dir)), oldCopy: copyAtBase(dir, top, base) }));
  return { base, policies, templates, assemblies, skipped };
}

/** The cloud assembly directory (relative to the top) holding a path, now or at the base. */
function assemblyOf(path: string, top: string, base: string): string | undefined {
  for (let dir = dirname(path); dir !== '.' && dir !== ''; dir = dirname(dir)) {
    const manifest = `${dir}/manifest.json`;
    if (existsSync(resolve(top, manifest))) return dir;
    try {
      git(['cat-file', '-e', `${base}:${manifest}`], top);
      return dir;
    } catch {
      // Not an assembly at the base either: look further up.
    }
  }
  return undefined;
}

/** Writes an assembly's files at the base to a temporary directory; undefined when it did not exist. */
function copyAtBase(dir: string, top: string, base: string): string | undefined {
  const files = git(['ls-tree', '-r', '-z', '--name-only', base, '--', dir], top)
    .split('\0')
    .filter((f) => f !== '');
  if (files.length === 0) return undefined;
  const copy = mkdtempSync(join(tmpdir(), 'iamspec-base-'));
  for (const file of files) {
    const target = join(copy, relative(dir, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git(['show', `${base}:${file}`], top));
  }
  return copy;
}

function relativeTo(cwd: string, absolute: string): string {
  return relative(resolve(cwd), absolute) || absolute;
}
