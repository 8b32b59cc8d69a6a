/**
 * `stemkaart cards issue` and `cards reissue`: voting cards, written as a printable sheet (PDF) and
 * optionally a CSV of their codes. The codes exist only in those files: a file that cannot be
 * written stops the command before any card is made.
 */
import { formatCardCode } from '../../../shared/card-code.ts';
import { MEMBER_CODE_PATTERN, type Meeting } from '../../../shared/schemas.ts';
import type { IssuedCard } from '../../modules/cards/cards.service.ts';
import { codesCsv } from '../../modules/cards/codes-csv.ts';
import type { CardSheetMeeting } from '../../modules/pdf/card-sheet.ts';
import { ACTOR, CliError, csvLangOption, intOption, stringOption, usage, type Command, type RunContext } from '../command.ts';
import { openOutput, outputOrDefault, progressBar } from '../output.ts';

async function writeCardSheet(ctx: RunContext, meeting: CardSheetMeeting, out: ReturnType<typeof openOutput>, cards: IssuedCard[], outPath: string) {
  const bar = progressBar(ctx.io, 'cards');
  try {
    const { renderCardSheet } = await import('../../modules/pdf/card-sheet.ts');
    const pdf = await renderCardSheet({ meeting: { title: meeting.title, date: meeting.date, venue: meeting.venue }, cards }, { onProgress: bar.update });
    bar.end();
    out.write(pdf);
  } catch (err) {
    bar.end();
    out.discard();
    const list = cards.map((c) => `${c.memberCode} ${c.code}`).join('\n');
    // Never lose issued codes: print them so they can still be used (or reissued).
    ctx.io.stderr.write(`The cards were issued but the sheet could not be made. Their codes:\n${list}\n`);
    throw err;
  }
  ctx.io.stdout.write(`${cards.length} card${cards.length === 1 ? '' : 's'} written to ${outPath} (readable only by you; it holds the card codes)\n`);
}

function memberCodesOption(values: RunContext['values']): string[] | undefined {
  const codes = typeof values.members === 'string' ? values.members.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (codes && codes.length === 0) throw usage('--members names no member');
  return codes;
}

function nothingIssued(meetingId: number): CliError {
  return new CliError(`every member already has an active card in meeting ${meetingId}; nothing issued (use "cards reissue" for a lost card)`);
}

function writeCodes(ctx: RunContext, codesOut: ReturnType<typeof openOutput>, cards: IssuedCard[]): void {
  codesOut.write(codesCsv(cards, csvLangOption(ctx.values)));
}

/** `--member CODE`, checked before it reaches a path or a URL. */
function memberOption(values: RunContext['values']): string {
  const code = stringOption(values, 'member');
  if (!MEMBER_CODE_PATTERN.test(code)) throw usage(`--member must be a member code, not "${code}"`);
  return code;
}

/**
 * `cards issue`, on the database or through the server: the files are opened before any card is
 * issued, and left behind only when cards were (the codes are in no other place).
 */
async function issueCards(
  ctx: RunContext,
  meetingOf: (meetingId: number) => CardSheetMeeting | Promise<CardSheetMeeting>,
  issue: (meetingId: number, memberCodes: string[] | undefined) => IssuedCard[] | Promise<IssuedCard[]>,
): Promise<void> {
  const meetingId = intOption(ctx.values, 'meeting');
  const outPath = outputOrDefault(ctx, `cards-meeting-${meetingId}`);
  const codesPath = typeof ctx.values.codes === 'string' ? ctx.path(ctx.values.codes) : null;
  const memberCodes = memberCodesOption(ctx.values);
  const meeting = await meetingOf(meetingId);
  const out = openOutput(outPath);
  const codesOut = codesPath ? openOutput(codesPath) : null;
  let cards: IssuedCard[];
  try {
    cards = await issue(meetingId, memberCodes);
    if (cards.length === 0) throw nothingIssued(meetingId);
  } catch (err) {
    out.discard();
    codesOut?.discard();
    throw err;
  }
  if (codesOut) writeCodes(ctx, codesOut, cards);
  await writeCardSheet(ctx, meeting, out, cards, outPath);
  if (codesPath) ctx.io.stdout.write(`codes written to ${codesPath} (readable only by you)\n`);
}

export const cardsCommands: Command[] = [
  {
    name: 'cards issue',
    summary: 'Issue voting cards and write the printable card sheet (PDF)',
    usage: 'cards issue --meeting ID [--out FILE.pdf] [--codes FILE.csv] [--members CODE,CODE...] [--db PATH]',
    details:
      'Issues a card to every member without an active card in the meeting (or to the members named),\n' +
      'freezing the weights on first issue. The codes exist only in the sheet (and in --codes, a CSV for a\n' +
      'Dutch spreadsheet, code lid;lid;stemmen;kaartcode, or in English with commas with --lang en): the\n' +
      'database keeps their hashes. Both files are readable only by\n' +
      'you (mode 0600). Without --out the sheet goes beside the database, in data/ by default (ignored\n' +
      'by git): data/cards-meeting-ID.pdf, or -2, -3 ... when that exists.\n' +
      'Uses the card key of the server (STEMKAART_CARD_KEY or the key file beside the database).',
    options: { meeting: { type: 'string' }, out: { type: 'string' }, codes: { type: 'string' }, members: { type: 'string' }, lang: { type: 'string' } },
    writes: true,
    run(ctx) {
      return issueCards(
        ctx,
        (meetingId) => ctx.domain().meetings.get(meetingId),
        (meetingId, memberCodes) => ctx.domain().cards.issue(meetingId, memberCodes, ACTOR),
      );
    },
    viaServer(ctx, server) {
      return issueCards(
        ctx,
        (meetingId) => server.call<Meeting>('GET', `/api/meetings/${meetingId}`),
        async (meetingId, memberCodes) =>
          (await server.call<{ cards: IssuedCard[] }>('POST', `/api/meetings/${meetingId}/cards`, { json: memberCodes ? { members: memberCodes } : {} })).cards,
      );
    },
  },
  {
    name: 'cards reissue',
    summary: "Revoke a member's card and write a new one (PDF)",
    usage: 'cards reissue --meeting ID --member CODE [--out FILE.pdf] [--db PATH]',
    details:
      'The old card stops working at once (it reads "revoked" at the desks). Without --out the one-card\n' +
      'sheet goes beside the database (data/card-meeting-ID-CODE.pdf by default), readable only by you.',
    options: { meeting: { type: 'string' }, member: { type: 'string' }, out: { type: 'string' } },
    writes: true,
    async run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const memberCode = memberOption(ctx.values);
      const outPath = outputOrDefault(ctx, `card-meeting-${meetingId}-${memberCode.toUpperCase()}`);
      const domain = ctx.domain();
      const meeting = domain.meetings.get(meetingId);
      if (!domain.members.byCode(memberCode)) throw new CliError(`member ${memberCode} does not exist`);
      const out = openOutput(outPath);
      let card: IssuedCard;
      try {
        card = domain.cards.reissue(meetingId, memberCode, ACTOR);
      } catch (err) {
        out.discard();
        throw err;
      }
      await writeCardSheet(ctx, meeting, out, [card], outPath);
      ctx.io.stdout.write(`new card for ${card.name}: ${formatCardCode(card.code)}\n`);
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      const memberCode = memberOption(ctx.values);
      const outPath = outputOrDefault(ctx, `card-meeting-${meetingId}-${memberCode.toUpperCase()}`);
      const meeting = await server.call<Meeting>('GET', `/api/meetings/${meetingId}`);
      const out = openOutput(outPath);
      let card: IssuedCard;
      try {
        [card] = (await server.call<{ cards: IssuedCard[] }>('POST', `/api/meetings/${meetingId}/cards/${encodeURIComponent(memberCode)}/reissue`)).cards;
      } catch (err) {
        out.discard();
        throw err;
      }
      await writeCardSheet(ctx, meeting, out, [card], outPath);
      ctx.io.stdout.write(`new card for ${card.name}: ${formatCardCode(card.code)}\n`);
    },
  },
];
