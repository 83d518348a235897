/** The consumer matrix, Vitest half: see projects.ts for the combinations and why each is there. */
import { describeCombination } from './matrix';
import { VITEST_COMBINATIONS } from './projects';

for (const combination of VITEST_COMBINATIONS) describeCombination(combination);
