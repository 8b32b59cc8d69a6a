/**
 * What the organiser prints and exports, assembled from the domain: the meeting's results report
 * and a round's results CSV (the card sheet of freshly issued cards is cards/card-sheet-pdf.ts).
 * Used by the HTTP routes and by the command line alike (no Fastify here).
 */
import { ApiError } from '../../../shared/errors.ts';
import { RoundViewSchemas, type AuditVerify, type MeetingDetail, type Round } from '../../../shared/schemas.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { ProxiesService } from '../proxies/proxies.service.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
// The PDF renderer (pdfkit: about 30 MB once loaded) is imported when a report is first asked for,
// not at start: a server that never prints does not carry it.
import type { ReportData } from '../pdf/report.ts';
import { renderResultsCsv } from '../pdf/results-csv.ts';
import type { CsvLang } from '../../lib/csv.ts';
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

export function reportData(domain: ReportsDomain, meetingId: number, audience: Audience): ReportData {
  const meeting = domain.meetingDetail(meetingId);
  return {
    meeting,
    // Shaped like the HTTP answers: the public report holds nothing the public round schema does not name.
    rounds: domain.rounds.viewsOfMeeting(meetingId, audience, true).map((r) => RoundViewSchemas[audience].parse(r)),
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

export function resultsCsv(domain: ReportsDomain, roundId: number, audience: Audience, lang: CsvLang = 'nl'): string {
  const round = RoundViewSchemas[audience].parse(domain.rounds.view(roundId, audience, true));
  if (audience !== 'admin' && !resultsCsvIsPublic(round)) {
    throw new ApiError('unauthorized', {
      nl: 'De uitslag per lid is openbaar na het sluiten van een open stemming; meld u aan als voorzitter.',
      en: 'Results per member are public once an open round has closed; sign in as the chair.',
    });
  }
  const motions = domain.meetings.motions(round.meetingId).filter((m) => round.motionIds.includes(m.id));
  return renderResultsCsv({ round, motions }, lang);
}

/** A round's CSV file name, with the round's number: `stemronde-2.csv`, `round-2.csv`. */
export function roundCsvName(number: number, lang: CsvLang = 'nl'): string {
  return `${lang === 'en' ? 'round' : 'stemronde'}-${number}.csv`;
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
