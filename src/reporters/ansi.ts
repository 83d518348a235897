/** Terminal colours, for every renderer that colours its text (only when the terminal wants them). */

const CODES = {
  green: '32',
  red: '31',
  yellow: '33',
  cyan: '36',
  dim: '2',
  bold: '1',
  'bold-red': '1;31',
} as const;

export type Style = keyof typeof CODES;

/** `text` in `style` when `color` is on; otherwise `text` as it is. */
export function paint(color: boolean, style: Style, text: string): string {
  return color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}
