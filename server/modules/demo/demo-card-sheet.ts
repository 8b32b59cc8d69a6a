import { chmodSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { cardSheetPdf } from '../cards/card-sheet-pdf.ts';
import type { ReportsDomain } from '../reports/reports.service.ts';
import type { DemoResult } from './demo.ts';

/**
 * Writes the demo's printable card sheet beside its codes file (`demo-cards.pdf`, readable only by
 * its owner: the barcodes are the codes) and returns its path.
 */
export async function writeDemoCardSheet(domain: ReportsDomain, demo: DemoResult): Promise<string> {
  const file = join(dirname(demo.cardsFile), 'demo-cards.pdf');
  const pdf = await cardSheetPdf(domain, demo.meetingId, demo.cards);
  writeFileSync(file, pdf, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
