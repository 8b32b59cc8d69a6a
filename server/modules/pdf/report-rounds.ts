/**
 * The report's rounds in detail: per round its times and rules, then per motion the weighted
 * figures and the outcome (or, for a practice round, only its turnout), the roll call of an open
 * round, and the outcomes recorded by hand outside any counted round.
 */
import type { MeetingDetail, Motion, Round, Tally } from '../../../shared/schemas.ts';
import { CHOICE_LABELS, MOTION_KIND_LABELS, OUTCOME_LABELS } from '../../../shared/labels.ts';
import { isSmallSecretRound, SECRET_ROUND_MIN_MEMBERS } from '../../../shared/secrecy.ts';
import { formatDateTimeNl, formatInt, formatPercent, formatWeight } from './format.ts';
import { drawRollCall } from './report-roll-call.ts';
import { CONTENT_W, MUTED, mm, nl, type Writer } from './report-writer.ts';

export type MotionOfItem = Motion & { itemNumber: string };

export function motionsById(meeting: MeetingDetail): Map<number, MotionOfItem> {
  const map = new Map<number, MotionOfItem>();
  for (const item of meeting.agenda) for (const m of item.motions) map.set(m.id, { ...m, itemNumber: item.number });
  return map;
}

const MAJORITY_TEXT = {
  simple: 'gewone meerderheid (meer stemmen voor dan tegen)',
  two_thirds: 'twee derde meerderheid (ten minste 2/3 van de stemmen voor en tegen is voor)',
} as const;

export function outcomeText(t: Tally): string {
  if (!t.outcome) return 'nog geen uitslag';
  let s = nl(OUTCOME_LABELS[t.outcome]);
  if (t.tie) s += ' (staking van stemmen)';
  if (!t.quorumMet) s += ' (quorum niet gehaald)';
  return s;
}

function roundTitle(round: Round): string {
  return `Stemronde ${round.number}`;
}

function roundRules(round: Round): string {
  const parts = [
    round.secret ? 'geheime stemming' : 'open stemming (hoofdelijk, per lid gepubliceerd)',
    MAJORITY_TEXT[round.majority],
    round.quorumPercent > 0 ? `quorum ${round.quorumPercent} % van het stemgerechtigde gewicht aanwezig` : 'geen quorum',
    round.allowChange ? 'stem wijzigen toegestaan tot sluiting' : 'stem niet te wijzigen',
  ];
  return parts.join('; ') + '.';
}

function roundTimes(round: Round, timeZone: string): string {
  const parts: string[] = [];
  if (round.openedAt) parts.push(`geopend ${formatDateTimeNl(round.openedAt, timeZone)}`);
  if (round.closedAt) parts.push(`gesloten ${formatDateTimeNl(round.closedAt, timeZone)}`);
  if (round.cancelledAt) parts.push(`geannuleerd ${formatDateTimeNl(round.cancelledAt, timeZone)}`);
  return parts.join(', ');
}

function manualText(m: Motion, timeZone: string): string | null {
  const r = m.manualResult;
  if (!r) return null;
  const figures = [
    r.for !== null ? `voor ${formatInt(r.for)}` : null,
    r.against !== null ? `tegen ${formatInt(r.against)}` : null,
    r.abstain !== null ? `onthouding ${formatInt(r.abstain)}` : null,
  ].filter(Boolean);
  return (
    `Handmatig vastgesteld (${formatDateTimeNl(r.recordedAt, timeZone)}): ${nl(OUTCOME_LABELS[r.outcome])}` +
    (figures.length ? `; ${figures.join(', ')}` : '') +
    (r.note ? `. ${r.note}` : '')
  );
}

/** Every round that was opened, in order: a practice round as such, a cancelled one with its reason. */
export function drawRounds(w: Writer, rounds: Round[], motions: Map<number, MotionOfItem>, zone: string): void {
  w.heading('Stemrondes', 14, 12);
  if (!rounds.length) w.paragraph('Er is niet gestemd.', { color: MUTED });
  for (const round of rounds) {
    if (round.practice) {
      drawPractice(w, round, zone);
      continue;
    }
    const state =
      round.state === 'cancelled'
        ? ' – geannuleerd, telt niet'
        : round.state === 'open'
          ? ' – nog geopend, voorlopige cijfers'
          : '';
    w.heading(`${roundTitle(round)}${state}`, 12, 8);
    const times = roundTimes(round, zone);
    if (times) w.paragraph(times.charAt(0).toUpperCase() + times.slice(1) + '.', { size: 8.5, color: MUTED });
    w.paragraph(`Regels: ${roundRules(round)}`, { size: 8.5, color: MUTED });
    if (round.state === 'cancelled') {
      w.paragraph(
        `Reden: ${round.cancelReason ?? 'niet opgegeven'}. De uitgebrachte stemmen zijn bewaard voor de controle, maar tellen niet.`,
        { size: 9 },
      );
      continue;
    }
    if (round.headHash) w.paragraph(`Auditketen bij sluiting: ${round.headHash}`, { size: 7.5, font: w.fonts.mono, color: MUTED });
    if (isSmallSecretRound(round)) {
      w.paragraph(
        `Let op: kleine geheime stemming. Er stemden ${formatInt(round.voted.count)} leden, minder dan ${SECRET_ROUND_MIN_MEMBERS}. ` +
          'Omdat de gewichten van de leden bijna allemaal verschillen, kan uit de gewogen totalen af te leiden zijn hoe sommige leden stemden.',
        { size: 9, bold: true },
      );
    }
    if (!round.tallies?.length) w.paragraph('De cijfers van deze ronde worden getoond na het sluiten.', { size: 9, color: MUTED });
    for (const t of round.tallies ?? []) drawTally(w, t, motions.get(t.motionId), round);
    if (!round.secret && round.rollCall) drawRollCall(w, round, motions);
    if (round.secret) w.paragraph('Geheime stemming: er is niet vastgelegd welk lid wat koos.', { size: 8.5, color: MUTED });
  }
}

/** Outcomes recorded by hand outside any counted round. */
export function drawManualResults(w: Writer, motions: Map<number, MotionOfItem>, decided: Map<number, unknown>, timeZone: string): void {
  const manualOnly = [...motions.values()].filter((m) => m.manualResult && !decided.has(m.id));
  if (manualOnly.length) {
    w.heading('Handmatig vastgestelde uitslagen', 14, 12);
    for (const m of manualOnly) {
      w.paragraph(`${m.ref}  ${m.title}`, { bold: true, size: 9.5 });
      w.paragraph(manualText(m, timeZone) ?? '', { size: 9, gap: 5 });
    }
  }
}

function drawTally(w: Writer, t: Tally, motion: MotionOfItem | undefined, round: Round): void {
  const title = motion ? `${motion.ref}  ${motion.title}` : `${t.ref}`;
  const kind = motion ? `${nl(MOTION_KIND_LABELS[motion.kind])}${motion.amends ? ` op ${motion.amends}` : ''}, agendapunt ${motion.itemNumber}` : '';
  w.ensure(mm(48));
  w.paragraph(title, { bold: true, size: 10, gap: 0 });
  if (kind) w.paragraph(kind, { size: 8.5, color: MUTED, gap: 2 });
  const decisive = t.for.weight + t.against.weight;
  const rows: string[][] = [
    [nl(CHOICE_LABELS.for), formatInt(t.for.weight), formatInt(t.for.count), formatPercent(t.for.weight, decisive)],
    [nl(CHOICE_LABELS.against), formatInt(t.against.weight), formatInt(t.against.count), formatPercent(t.against.weight, decisive)],
    [nl(CHOICE_LABELS.abstain), formatInt(t.abstain.weight), formatInt(t.abstain.count), formatPercent(t.abstain.weight, t.cast.weight)],
    ['Uitgebracht', formatInt(t.cast.weight), formatInt(t.cast.count), formatPercent(t.cast.weight, t.present.weight)],
    ['Aanwezig', formatInt(t.present.weight), formatInt(t.present.count), formatPercent(t.present.weight, t.entitled.weight)],
    ['Stemgerechtigd', formatInt(t.entitled.weight), formatInt(t.entitled.count), ''],
  ];
  const c = mm(30);
  w.table(
    [
      { label: '', width: CONTENT_W - 3 * c },
      { label: 'Stemmen (gewicht)', width: c, align: 'right' },
      { label: 'Leden', width: c, align: 'right' },
      { label: '%', width: c, align: 'right' },
    ],
    rows,
    { size: 8.5, shadeRows: new Set([3]) },
  );
  const quorum =
    round.quorumPercent > 0 ? ` Quorum (${round.quorumPercent} %): ${t.quorumMet ? 'gehaald' : 'niet gehaald'}.` : '';
  w.paragraph(`Uitslag: ${outcomeText(t)}.${quorum}`, { bold: true, size: 9.5, gap: 1 });
  w.y += 6;
}

/** A practice round: only that it was held, when, and its turnout; it decides nothing. */
function drawPractice(w: Writer, round: Round, timeZone: string): void {
  const state = round.state === 'cancelled' ? ' – geannuleerd' : round.state === 'open' ? ' – nog geopend' : '';
  w.heading(`${roundTitle(round)}: proefstemming${state}`, 12, 8);
  const times = roundTimes(round, timeZone);
  if (times) w.paragraph(times.charAt(0).toUpperCase() + times.slice(1) + '.', { size: 8.5, color: MUTED });
  const present = round.tallies?.[0]?.present;
  const voted = `${formatInt(round.voted.count)} ${round.voted.count === 1 ? 'lid' : 'leden'} met ${formatWeight(round.voted.weight)}`;
  const of = present ? ` van ${formatInt(present.count)} aanwezige ${present.count === 1 ? 'lid' : 'leden'} met ${formatWeight(present.weight)} (${formatPercent(round.voted.weight, present.weight)} van het aanwezige gewicht)` : '';
  w.paragraph(`Opkomst: ${voted} ${round.voted.count === 1 ? 'heeft' : 'hebben'} gestemd${of}.`, { size: 9.5 });
  w.paragraph('Een proefstemming telt niet mee voor een besluit.', { size: 8.5, color: MUTED, gap: 6 });
}
