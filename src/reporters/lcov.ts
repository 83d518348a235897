/**
 * lcov for `iamspec test --coverage`: the rendering lives with the coverage analysis
 * (`src/gate/coverage.ts`, keyed to the policy files' lines); this is the reporter's name for
 * it, so that the CLI picks reporters from one folder.
 */
export { renderLcov } from '../gate/coverage';
