/**
 * The regression gate: what a policy change does to decisions (diff over request classes and
 * witnesses, across whole worlds of scenario files), whether the tests would notice (mutation), and
 * which statements the scenarios exercise (coverage).
 */
export { diffPolicies, type DiffOptions, type PolicyDiff, type DecisionChange, type DecisionSide, type ChangeDirection, type EvaluatedAs, type PolicyVersionInfo } from './diff';
export { diffWorlds, type WorldDiff } from './diff-worlds';
export { runMutation, MUTATION_OPERATORS, type MutationOperator, type MutationOptions, type MutationReport, type Mutant, type MutantStatus } from './mutate';
export {
  coverageOf,
  coverageFromRun,
  checkMinCoverage,
  unexercised,
  type CoverageReport,
  type CoverageGate,
  type StatementCoverage,
  type PolicyCoverage,
} from './coverage';
