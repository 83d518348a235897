/** The `TemplateError` a template reading throws; fails the test when it throws nothing or something else. */
import { TemplateError } from '../../src/templates/index';

export function templateErrorOf(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}
