/**
 * Importing this module registers DynamoDB with the engine. The package's entry points (the library,
 * the Vitest and Jest matchers, the Vite plugin and the CLI) import it, so DynamoDB is known by default.
 */
import { registerService } from '../engine/services';
import { DYNAMODB_SERVICE } from './service';

registerService(DYNAMODB_SERVICE);
