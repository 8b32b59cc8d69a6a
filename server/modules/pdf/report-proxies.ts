/** The report's section on proxies (volmachten), printed when the meeting has any (the admin's report). */
import type { Proxy } from '../../../shared/schemas.ts';
import { formatDateTimeNl, formatInt } from './format.ts';
import { CONTENT_W, MUTED, mm, type Column, type Writer } from './report-writer.ts';

/** The proxies (volmachten) registered for the meeting, with their reference and whether they ended. */
export function drawProxies(w: Writer, proxies: Proxy[]): void {
  w.heading('Volmachten', 14, 12);
  w.paragraph(`${formatInt(proxies.length)} volmachten geregistreerd. Een volmacht telde zolang de gevolmachtigde aanwezig was en de volmachtgever niet.`, { size: 8.5, color: MUTED });
  const columns: Column[] = [
    { label: 'Volmachtgever', width: (CONTENT_W - mm(60)) / 2 },
    { label: 'Gevolmachtigde', width: (CONTENT_W - mm(60)) / 2 },
    { label: 'Kenmerk', width: mm(35) },
    { label: 'Beëindigd', width: mm(25) },
  ];
  const rows = proxies.map((p) => [`${p.principal} ${p.principalName}`, `${p.holder} ${p.holderName}`, p.reference ?? '–', p.endedAt ? formatDateTimeNl(p.endedAt) : '–']);
  w.table(columns, rows, { size: 8 });
  w.y += 4;
}
