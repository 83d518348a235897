/**
 * `iamspec diff OLD NEW` and `iamspec diff --base <ref> [paths...]`: the regression gate for a
 * policy change. Every class of request whose decision changes is reported with one concrete
 * request; widened access fails the gate (exit 1), narrowed access only with `--fail-on narrowed`,
 * a policy that does not load is invalid input (exit 2).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { failed, renderDiffJson, renderDiffText, type Comparison } from '../../reporters/diff-text';
import { writeReport } from '../output';
import { changedPolicies, GitError, type ChangedFile } from '../changed-policies';
import { diffPolicies, type EvaluatedAs } from '../../gate/diff';
import { scenarioForChange } from '../../gate/diff-scenarios';
import { diffWorlds } from '../../gate/diff-worlds';
import type { LoneIdentitySide } from '../../engine/lone-resource-policy';
import { SCENARIO_FILE_PATTERN } from '../../scenarios/discover';
import { formatScenarioIssue, ScenarioError } from '../../scenarios/errors';
import { loadScenarioFile } from '../../scenarios/load';
import type { Scenario } from '../../scenarios/model';
import { formatIssue, PolicyError } from '../../policy/errors';
import { parsePolicy } from '../../policy/load';
import type { Policy } from '../../policy/model';
import { oneOf, parseCommandArgs } from '../arguments';
import type { CliCommand, CliIO, ExitCode } from '../command';
import { SUMMARIES } from './list';
import { renderDiffMarkdown } from '../../reporters/markdown';
import { usageError } from './usage-error';
import { diffDeployed } from '../../gate/diff-deployed';
import {
  emptyDeployed,
  formatTemplateIssue,
  isDeployment,
  readDeployed,
  readDeployedText,
  TemplateError,
  type DeployedPolicies,
  type ReadDeployedOptions,
} from '../../templates/index';
import { deploymentNotes } from './check';
import { TEMPLATE_OPTIONS, TEMPLATE_USAGE, templateOptionsOf } from '../template-options';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ['widened', 'narrowed', 'any'] as const;
type FailOn = (typeof FAIL_ON)[number];
const DEFAULT_LIMIT = 50;

const usage = `Usage: iamspec diff OLD NEW [options]
       iamspec diff OLD.iam.yaml NEW.iam.yaml [options]
       iamspec diff OLD-TEMPLATE NEW-TEMPLATE [options]
       iamspec diff PLAN.json [options]
       iamspec diff --base <git ref> [paths...] [options]

Compares two versions of a policy and reports every class of request whose decision changes,
each with one concrete request (principal, action, resource, condition values), its decision and
deciding statement before and after. The classes come from what the two versions mention, so the
report is exact for what it covers; where it had to bound or approximate, it says so.

A policy with Principal elements is evaluated as the resource-based policy of the resources it
names, with the caller's own account assumed to allow (an identity-based policy allowing
everything stands in, as in the matchers and explain); one without, as the
caller's identity-based policy. Two scenario files (*.iam.yaml) are compared as whole worlds:
the requests of their principals, with every policy of the world in play.

Two versions of a template (CloudFormation, SAM, a CDK cloud assembly) or a Terraform plan's
JSON (its prior and planned values) are compared per table (table and stream policies) and as a
world whose callers are its roles and users: an identity change counts.

Options:
  --base <ref>              compare every policy file (.json, .yaml, .yml with a Statement),
                            template, Terraform plan and CDK cloud assembly changed since <ref>
                            (through its merge base with HEAD) with its version at <ref>; paths
                            narrow the files looked at
  --format <name>           text (default), json or markdown (a pull-request comment)
  --output <file>           write the report to a file instead of stdout
  --fail-on <what>          widened (default): exit 1 when access widens;
                            narrowed: also when it narrows; any: on every decision change
  --write-scenarios <dir>   write each change as a scenario file (*.iam.yaml) in <dir>
  --as <kind>               evaluate both versions as resource or identity policies
  --no-identity-policy      a resource-based policy is decided with no identity-based policy for
                            the caller (only what it grants by itself), instead of the caller's
                            own account assumed to allow
  --limit <n>               changes shown per policy in text and markdown (default ${DEFAULT_LIMIT})
  -h, --help                show this help

${TEMPLATE_USAGE}

Exit codes: 0 no change the gate fails on; 1 the gate failed; 2 invalid input (a policy that
does not load, a template value that cannot be resolved, an unknown git ref, bad arguments).`;

function loadText(text: string, file: string): Policy {
  return parsePolicy(text, { file, name: basename(file, extname(file)) });
}

function readPolicyFile(path: string, cwd: string): { policy: Policy; text: string } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new PolicyError([
      { code: 'file', message: `cannot read the policy file: ${why}`, location: { policy: basename(path), file: path, path: '' } },
    ]);
  }
  return { policy: loadText(text, path), text };
}

function documentOf(policy: Policy | null): unknown {
  return policy === null ? undefined : policy.document;
}

type PolicyKindOption = Exclude<EvaluatedAs, 'world'>;

function compareChanged(file: ChangedFile, as: PolicyKindOption | undefined, identitySide: LoneIdentitySide): Comparison {
  const oldLabel = `${file.oldPath ?? file.path} (at base)`;
  const oldPolicy = file.oldText === undefined ? null : loadText(file.oldText, oldLabel);
  const newPolicy = file.newText === undefined ? null : loadText(file.newText, file.path);
  const name = basename(file.path, extname(file.path));
  const diff = diffPolicies(oldPolicy, newPolicy, { ...(as ? { evaluateAs: as } : {}), identitySide, names: { old: name, new: name } });
  const title =
    file.status === 'renamed' ? `${file.oldPath} → ${file.path}` : file.status === 'modified' ? file.path : `${file.path} (${file.status})`;
  return { title, diff, newFile: newPolicy === null ? undefined : file.path, newDocument: documentOf(newPolicy) };
}

/** The comparisons of two versions of a deployment, each titled with where it comes from; what was assumed or unknown is in the notes. */
function compareDeployed(label: string, before: DeployedPolicies, after: DeployedPolicies): Comparison[] {
  const notes = [...new Set([...deploymentNotes(before), ...deploymentNotes(after)])];
  return diffDeployed(before, after).map(({ title, diff }) => ({
    title: `${label}: ${title}`,
    diff: notes.length === 0 ? diff : { ...diff, exact: false, notes: [...diff.notes, ...notes] },
    newFile: undefined,
    newDocument: undefined,
    fromTemplate: true,
  }));
}

function reportError(io: CliIO, error: unknown): ExitCode {
  if (error instanceof TemplateError) {
    io.stderr(`iamspec diff: a template does not read:\n${error.issues.map((i) => `  ${formatTemplateIssue(i)}`).join('\n')}\n`);
    return 2;
  }
  if (error instanceof PolicyError) {
    io.stderr(`iamspec diff: a policy does not load:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    return 2;
  }
  if (error instanceof GitError) {
    io.stderr(`iamspec diff: ${error.message}\n`);
    return 2;
  }
  throw error;
}

async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const parsed = parseCommandArgs(io, 'diff', usage, argv, {
    base: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    'write-scenarios': { type: 'string' },
    as: { type: 'string' },
    'no-identity-policy': { type: 'boolean' },
    limit: { type: 'string' },
    ...TEMPLATE_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = oneOf(io, 'diff', 'format', values.format, FORMATS, 'text');
  if (typeof format === 'number') return format;
  const failOn = (values['fail-on'] ?? 'widened') as FailOn;
  if (!FAIL_ON.includes(failOn)) return usageError(io, 'diff', `--fail-on takes ${FAIL_ON.join(', ')}; found "${values['fail-on']}"`);
  const as = values.as as PolicyKindOption | undefined;
  if (as !== undefined && as !== 'resource' && as !== 'identity')
    return usageError(io, 'diff', `--as takes resource or identity; found "${values.as}"`);
  const identitySide: LoneIdentitySide = values['no-identity-policy'] === true ? 'nothing' : 'all';
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) return usageError(io, 'diff', `--limit takes a whole number; found "${values.limit}"`);
  let templateOptions: ReadDeployedOptions;
  try {
    templateOptions = templateOptionsOf(values, io.cwd);
  } catch (error) {
    return usageError(io, 'diff', (error as Error).message);
  }
  const shown = (path: string) => (resolve(path) === resolve(io.cwd, path) ? path : resolve(io.cwd, path));

  let comparisons: Comparison[] = [];
  let skipped: { path: string; why: string }[] = [];
  let base: string | undefined;
  try {
    if (values.base !== undefined) {
      const changes = changedPolicies(values.base, io.cwd, positionals);
      base = changes.base;
      skipped = [...changes.skipped];
      const errors: PolicyError[] = [];
      for (const file of changes.policies) {
        try {
          comparisons.push(compareChanged(file, as, identitySide));
        } catch (error) {
          if (!(error instanceof PolicyError)) throw error;
          errors.push(error);
        }
      }
      // Every policy that does not load is reported, not just the first.
      if (errors.length > 0) return reportError(io, new PolicyError(errors.flatMap((e) => e.issues)));
      for (const file of changes.templates) {
        const before =
          file.oldText === undefined
            ? emptyDeployed(`${file.oldPath ?? file.path} (at base)`)
            : readDeployedText(file.oldText, `${file.oldPath ?? file.path} (at base)`, templateOptions);
        const after = file.newText === undefined ? emptyDeployed(file.path) : readDeployedText(file.newText, file.path, templateOptions);
        comparisons.push(...compareDeployed(file.path, before, after));
      }
      for (const assembly of changes.assemblies) {
        const before =
          assembly.oldCopy === undefined ? emptyDeployed(`${assembly.path} (at base)`) : readDeployed(assembly.oldCopy, templateOptions);
        const after = isDeployment(resolve(io.cwd, assembly.path))
          ? readDeployed(shown(assembly.path), templateOptions)
          : emptyDeployed(assembly.path);
        comparisons.push(...compareDeployed(assembly.path, before, after));
      }
    } else if (positionals.length === 1 && isDeployment(resolve(io.cwd, positionals[0]!))) {
      // One Terraform plan: its prior values against its planned ones.
      const plan = shown(positionals[0]!);
      const before = readDeployed(plan, { ...templateOptions, planSide: 'before' });
      if (!before.source.endsWith('(before)'))
        return usageError(io, 'diff', `${plan} is not a Terraform plan: give two versions of a template`);
      comparisons = compareDeployed(plan, before, readDeployed(plan, { ...templateOptions, planSide: 'after' }));
    } else if (positionals.length === 2 && positionals.every((p) => isDeployment(resolve(io.cwd, p)))) {
      const [oldPath, newPath] = positionals as [string, string];
      comparisons = compareDeployed(
        `${oldPath} → ${newPath}`,
        readDeployed(shown(oldPath), templateOptions),
        readDeployed(shown(newPath), templateOptions),
      );
    } else {
      if (positionals.length !== 2)
        return usageError(
          io,
          'diff',
          `give two policy files (OLD NEW), or --base <git ref>; found ${positionals.length} path${positionals.length === 1 ? '' : 's'}`,
        );
      const [oldPath, newPath] = positionals as [string, string];
      const worlds = [oldPath, newPath].filter((p) => SCENARIO_FILE_PATTERN.test(p)).length;
      if (worlds === 1)
        return usageError(
          io,
          'diff',
          'compare a scenario file (*.iam.yaml) with another scenario file, or a policy file with a policy file',
        );
      if (worlds === 2) {
        if (values['write-scenarios'] !== undefined)
          return usageError(
            io,
            'diff',
            '--write-scenarios writes cases for a policy diff; for two scenario worlds, add the cases to the new world file',
          );
        if (identitySide === 'nothing')
          return usageError(
            io,
            'diff',
            '--no-identity-policy places a lone resource-based policy; a scenario world gives each principal its own policies',
          );
        const loaded: Scenario[] = [];
        for (const path of [oldPath, newPath]) {
          try {
            loaded.push(loadScenarioFile(resolve(io.cwd, path), { cwd: io.cwd }));
          } catch (error) {
            if (!(error instanceof ScenarioError)) throw error;
            io.stderr(
              `iamspec diff: a scenario file does not load:\n${error.issues.map((i) => `  ${formatScenarioIssue(i)}`).join('\n')}\n`,
            );
            return 2;
          }
        }
        comparisons = [
          { title: `${oldPath} → ${newPath}`, diff: diffWorlds(loaded[0]!, loaded[1]!), newFile: undefined, newDocument: undefined },
        ];
        return finish(comparisons, [], undefined, { format, failOn, limit, output: values.output }, io);
      }
      const problems: PolicyError[] = [];
      const load = (path: string) => {
        try {
          return readPolicyFile(path, io.cwd);
        } catch (error) {
          if (!(error instanceof PolicyError)) throw error;
          problems.push(error);
          return undefined;
        }
      };
      const oldSide = load(oldPath);
      const newSide = load(newPath);
      if (problems.length > 0 || !oldSide || !newSide) return reportError(io, new PolicyError(problems.flatMap((e) => e.issues)));
      const diff = diffPolicies(oldSide.policy, newSide.policy, { ...(as ? { evaluateAs: as } : {}), identitySide });
      comparisons = [{ title: `${oldPath} → ${newPath}`, diff, newFile: newPath, newDocument: newSide.policy.document }];
    }
  } catch (error) {
    return reportError(io, error);
  }

  if (values['write-scenarios'] !== undefined) {
    const directory = resolve(io.cwd, values['write-scenarios']);
    try {
      mkdirSync(directory, { recursive: true });
      let index = 0;
      for (const comparison of comparisons) {
        // A change in a template has no policy file to point a scenario at.
        if (comparison.fromTemplate) continue;
        for (const change of comparison.diff.changes) {
          const written = scenarioForChange(comparison.diff, change, index++, {
            directory,
            newPolicyFile: comparison.newFile,
            newDocument: comparison.newDocument,
            cwd: io.cwd,
          });
          writeFileSync(resolve(directory, written.fileName), written.text);
        }
      }
      io.stderr(`iamspec diff: wrote ${index} scenario file${index === 1 ? '' : 's'} to ${values['write-scenarios']}\n`);
    } catch (error) {
      io.stderr(`iamspec diff: cannot write scenarios to ${values['write-scenarios']}: ${(error as Error).message}\n`);
      return 2;
    }
  }

  return finish(comparisons, skipped, base, { format, failOn, limit, output: values.output }, io);
}

function finish(
  comparisons: readonly Comparison[],
  skipped: readonly { path: string; why: string }[],
  base: string | undefined,
  options: { readonly format: Format; readonly failOn: FailOn; readonly limit: number; readonly output: string | undefined },
  io: CliIO,
): ExitCode {
  const { format, failOn, limit, output } = options;
  const document =
    format === 'json'
      ? renderDiffJson(comparisons, skipped, base, failOn)
      : format === 'markdown'
        ? renderDiffMarkdown(comparisons, { limit, failOn })
        : renderDiffText(comparisons, skipped, { limit, failOn }, output === undefined && io.color);
  if (!writeReport(io, 'diff', output, document)) return 2;
  return failed(comparisons, failOn) ? 1 : 0;
}

export const command: CliCommand = {
  name: 'diff',
  summary: SUMMARIES.diff,
  usage,
  run,
};
