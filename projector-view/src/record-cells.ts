/**
 * How a cell of the voting record page is coloured: by its choice (`voor`, `tegen`, `niet gestemd`,
 * `afwezig`, `onthouding`), and a split (`voor 50 / tegen 20`) as a split, never as its first part.
 */
export function recordCellClass(cell: string): string {
  if (cell.includes('/')) return 'cell cell-split';
  return `cell cell-${cell.split(' ')[0]}`;
}
