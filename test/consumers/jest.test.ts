/** The consumer matrix, Jest half: see projects.ts for the combinations and why each is there. */
import { describeCombination } from './matrix';
import { JEST_COMBINATIONS } from './projects';

for (const combination of JEST_COMBINATIONS) describeCombination(combination);
