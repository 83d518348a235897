/** Reading a template, plan or manifest file: a file that cannot be read is a `TemplateError`. */
import { readFileSync } from 'node:fs';
import { TemplateError } from './errors';

export function readFileText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TemplateError([{ message: `cannot read the file: ${why}`, template: file, path: '' }]);
  }
}
