/**
 * What the organiser prints and exports, assembled from the domain: the card sheet of freshly issued
 * cards, the meeting's results report and a round's results CSV. Used by the HTTP routes and by the
 * command line alike (no Fastify here).
 */
import { ApiError } from '../../../shared/errors.ts';
import { RoundViewSchemas, type AuditVerify, type MeetingDetail, type Round } from '../../../shared/schemas.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { ProxiesService } from '../proxies/proxies.service.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
// The PDF renderers (pdfkit, bwip-js: about 30 MB once loaded) are imported when a PDF is first
// asked for, not at start: a server that never prints does not carry them.
import type { CardSheetCard, CardSheetOptions } from '../pdf/card-sheet.ts';
import type { ReportData } from '../pdf/report.ts';
import { renderResultsCsv, type CsvSeparator } from '../pdf/results-csv.ts';
import { votingRecord, type VotingRecordDomain } from './voting-record.ts';

export type Audience = 'admin' | 'public';

/** What the reports read of the domain. */
export interface ReportsDomain extends VotingRecordDomain {
  meetings: MeetingsService;
  rounds: RoundsService;
  meetingDetail(meetingId: number): MeetingDetail;
  verify(meetingId: number): AuditVerify;
  now(): string;
  proxies?: Pick<ProxiesService, 'list'>;
}

/** The printable sheet for cards just issued in a meeting (the codes exist only in `cards`). */
export async function cardSheetPdf(domain: ReportsDomain, meetingId: number, cards: CardSheetCard[], opts: CardSheetOptions = {}): Promise<Buffer> {
  const meeting = domain.meetings.get(meetingId);
  const { renderCardSheet } = await import('../pdf/card-sheet.ts');
  return renderCardSheet({ meeting: { title: meeting.title, date: meeting.date, venue: meeting.venue }, cards }, opts);
}

export function reportData(domain: ReportsDomain, meetingId: number, audience: Audience): ReportData {
  const meeting = domain.meetingDetail(meetingId);
  return {
    meeting,
    // Shaped like the HTTP answers: the public report holds nothing the public round schema does not name.
    rounds: domain.rounds.viewsOfMeeting(meetingId, audience).map((r) => RoundViewSchemas[audience].parse(r)),
    audit: domain.verify(meetingId),
    generatedAt: domain.now(),
    votingRecord: votingRecord(domain, meetingId),
    ...(audience === 'admin' && meeting.proxies.allowed && domain.proxies ? { proxies: domain.proxies.list(meetingId) } : {}),
  };
}

export async function reportPdf(domain: ReportsDomain, meetingId: number, audience: Audience): Promise<Buffer> {
  const data = reportData(domain, meetingId, audience);
  const { renderReport } = await import('../pdf/report.ts');
  return renderReport(data);
}

/**
 * Who may have a round's CSV: everyone once an open (not secret) round is closed, the admin
 * otherwise. A secret round never has per-member rows, for anyone.
 */
export function resultsCsvIsPublic(round: Pick<Round, 'state' | 'secret'>): boolean {
  return round.state === 'closed' && !round.secret;
}

export function resultsCsv(domain: ReportsDomain, roundId: number, audience: Audience, sep: CsvSeparator = ','): string {
  const round = RoundViewSchemas[audience].parse(domain.rounds.view(roundId, audience));
  if (audience !== 'admin' && !resultsCsvIsPublic(round)) {
    throw new ApiError('unauthorized', {
      nl: 'De uitslag per lid is openbaar na het sluiten van een open stemming; meld u aan als voorzitter.',
      en: 'Results per member are public once an open round has closed; sign in as the chair.',
    });
  }
  const motions = domain.meetings.motions(round.meetingId).filter((m) => round.motionIds.includes(m.id));
  return renderResultsCsv({ round, motions }, sep);
}

/** File names without anything a header or a shell would trip over. */
export function fileSlug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'stemkaart'
  );
}

/**
 * True when the Accept header asks for a PDF at least as much as for JSON. `*` ranges do not count:
 * a client that accepts anything gets the JSON of the contract.
 */
export function prefersPdf(accept: string | undefined): boolean {
  if (!accept) return false;
  let pdf = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type.trim() === 'application/pdf') pdf = Math.max(pdf, q);
    if (type.trim() === 'application/json') json = Math.max(json, q);
  }
  return pdf > 0 && pdf >= json;
}
