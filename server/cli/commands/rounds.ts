/**
 * `stemkaart rounds create|list|open|close|cancel`: voting rounds on a meeting's motions. A round
 * that ends is backed up as the server does (admin.ts's cliBackups).
 */
import { ApiError, type Lang } from '../../../shared/errors.ts';
import { outcomeWord, ROUND_STATE_LABELS } from '../../../shared/labels.ts';
import type { AgendaItem, Round } from '../../../shared/schemas.ts';
import { consoleLang } from '../../lib/console-lang.ts';
import { backUpRoundEnd } from '../../modules/backups/backups.ts';
import { ACTOR, CliError, intOption, stringOption, usage, type Command, type RunContext } from '../command.ts';
import { ServerError } from '../server-client.ts';
import { cliBackups } from './admin.ts';

/** `rounds close` of a secret round with fewer ballots than its meeting's minimum: what the chair must know, and how to close anyway. */
function smallSecretRound(message: string, figures: Record<string, unknown>): CliError {
  const revealed = (figures.revealed ?? []) as { memberCode: string; name: string; motionId: number }[];
  const lines = [message];
  if (revealed.length > 0) {
    lines.push('The totals would make known the choice of:');
    for (const r of revealed) lines.push(`  ${r.memberCode} ${r.name} (motion ${r.motionId})`);
  }
  lines.push('Nothing changed. Run again with --confirm-small to close it anyway.');
  return new CliError(lines.join('\n'));
}

/** The motion ids of refs (`8a.A1`) or ids, checked against the meeting's agenda. */
function motionIdsOf(meetingId: number, agenda: AgendaItem[], names: string[]): { ids: number[]; refs: string[] } {
  const motions = agenda.flatMap((item) => item.motions);
  const found = names.map((n) => {
    const m = motions.find((x) => x.ref.toLowerCase() === n.toLowerCase()) ?? (/^\d+$/.test(n) ? motions.find((x) => x.id === Number(n)) : undefined);
    if (!m) throw new CliError(`meeting ${meetingId} has no motion "${n}" (refs: ${motions.map((x) => x.ref).join(', ') || 'none'})`);
    return m;
  });
  return { ids: found.map((m) => m.id), refs: found.map((m) => m.ref) };
}

/** The body of POST /api/meetings/:id/rounds from the options of "rounds create" (motions apart). */
function roundOptions(values: RunContext['values']): { names: string[]; options: Record<string, unknown> } {
  const names = stringOption(values, 'motions').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw usage('--motions names no motion');
  const majority = values.majority ?? 'simple';
  if (majority !== 'simple' && majority !== 'two_thirds') throw usage(`--majority must be simple or two_thirds, not "${String(majority)}"`);
  let quorumPercent = 0;
  if (values.quorum !== undefined) {
    const raw = String(values.quorum);
    if (!/^\d+$/.test(raw) || Number(raw) > 100) throw usage(`--quorum must be a whole percentage from 0 to 100, not "${raw}"`);
    quorumPercent = Number(raw);
  }
  return { names, options: { secret: values.secret === true, allowChange: values['allow-change'] === true, showLive: values['hide-live'] !== true, majority, quorumPercent } };
}

/**
 * `stemronde 2 (gesloten): 2 gestemd, gewicht 80` and each motion's outcome and weights, by the
 * round's number and in the words of the report (a practice round's outcome is `geen besluit`).
 */
function describeRound(round: Round, lang: Lang): string {
  const en = lang === 'en';
  const state = ROUND_STATE_LABELS[round.state][lang].toLowerCase() + (round.secret ? (en ? ', secret' : ', geheim') : '') + (round.practice ? (en ? ', practice vote' : ', proefstemming') : '');
  const head = en
    ? `round ${round.number} (${state}): ${round.voted.count} voted, weight ${round.voted.weight}`
    : `stemronde ${round.number} (${state}): ${round.voted.count} gestemd, gewicht ${round.voted.weight}`;
  const tallies = (round.tallies ?? []).map((t) => {
    const outcome = round.state === 'closed' || round.practice ? outcomeWord(round.practice, t.outcome, lang) : en ? 'no outcome yet' : 'nog geen uitslag';
    const quorum = t.quorumMet ? '' : en ? ' (no quorum)' : ' (geen quorum)';
    return en
      ? `\n  ${t.ref}: ${outcome} - for ${t.for.weight}, against ${t.against.weight}, abstain ${t.abstain.weight}${quorum}`
      : `\n  ${t.ref}: ${outcome} - voor ${t.for.weight}, tegen ${t.against.weight}, onthouding ${t.abstain.weight}${quorum}`;
  });
  return head + tallies.join('');
}

/** `stemronde 2 voorbereid op 7.1` / `round 2 created (draft) on 7.1`. */
function roundCreated(round: Round, refs: string[], lang: Lang): string {
  return lang === 'en' ? `round ${round.number} created (draft) on ${refs.join(', ')}\n` : `stemronde ${round.number} voorbereid op ${refs.join(', ')}\n`;
}

export const roundsCommands: Command[] = [
  {
    name: 'rounds create',
    summary: 'Create a voting round (draft) on one or more motions',
    usage:
      'rounds create --meeting ID --motions REF|ID,... [--secret] [--allow-change] [--hide-live]\n' +
      '                       [--majority simple|two_thirds] [--quorum PERCENT] [--db PATH]',
    details:
      '--motions names motions by their ref (8a.A1) or id, comma-separated. --secret: no link between a\n' +
      'ballot and its member; --allow-change: a member may vote again until close (not with --secret);\n' +
      '--hide-live: the projector shows no figures until close. The round opens with "rounds open".',
    options: {
      meeting: { type: 'string' },
      motions: { type: 'string' },
      secret: { type: 'boolean' },
      'allow-change': { type: 'boolean' },
      'hide-live': { type: 'boolean' },
      majority: { type: 'string' },
      quorum: { type: 'string' },
    },
    writes: true,
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const { names, options } = roundOptions(ctx.values);
      const domain = ctx.domain();
      const { ids, refs } = motionIdsOf(meetingId, domain.meetings.agenda(meetingId), names);
      const round = domain.rounds.create(meetingId, { motionIds: ids, ...options }, ACTOR);
      ctx.io.stdout.write(roundCreated(round, refs, consoleLang(ctx.io.env)));
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      const { names, options } = roundOptions(ctx.values);
      const meeting = await server.call<{ agenda: AgendaItem[] }>('GET', `/api/meetings/${meetingId}`);
      const { ids, refs } = motionIdsOf(meetingId, meeting.agenda, names);
      const round = await server.call<Round>('POST', `/api/meetings/${meetingId}/rounds`, { json: { motionIds: ids, ...options } });
      ctx.io.stdout.write(roundCreated(round, refs, consoleLang(ctx.io.env)));
    },
  },
  {
    name: 'rounds list',
    summary: "List a meeting's rounds with their state and outcomes",
    usage: 'rounds list --meeting ID [--json] [--db PATH]',
    options: { meeting: { type: 'string' }, json: { type: 'boolean' } },
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const domain = ctx.domain();
      domain.meetings.get(meetingId);
      const rounds = domain.rounds.viewsOfMeeting(meetingId, 'admin');
      if (ctx.values.json) ctx.io.stdout.write(`${JSON.stringify(rounds, null, 2)}\n`);
      else ctx.io.stdout.write(rounds.length === 0 ? 'no rounds\n' : `${rounds.map((r) => describeRound(r, consoleLang(ctx.io.env))).join('\n')}\n`);
    },
  },
  ...(['open', 'close', 'cancel'] as const).map(
    (action): Command => ({
      name: `rounds ${action}`,
      summary: { open: 'Open a round: the voting desks take ballots for it', close: 'Close a round and print its outcome', cancel: 'Cancel a draft or open round: its ballots count for nothing' }[action],
      usage: `rounds ${action} --round ID${action === 'cancel' ? ' [--reason TEXT]' : action === 'close' ? ' [--confirm-small]' : ''} [--db PATH]`,
      options:
        action === 'cancel'
          ? { round: { type: 'string' }, reason: { type: 'string' } }
          : action === 'close'
            ? { round: { type: 'string' }, 'confirm-small': { type: 'boolean' } }
            : { round: { type: 'string' } },
      writes: true,
      async run(ctx) {
        const id = intOption(ctx.values, 'round');
        const { rounds, db } = ctx.domain();
        const reason = typeof ctx.values.reason === 'string' ? ctx.values.reason : undefined;
        // Before the round changes: a wrong STEMKAART_BACKUP_KEEP changes nothing.
        const backups = action === 'open' ? null : cliBackups(ctx);
        const confirmSmall = ctx.values['confirm-small'] === true;
        let round: Round;
        try {
          round = action === 'open' ? rounds.open(id, ACTOR) : action === 'close' ? rounds.close(id, ACTOR, { confirmSmall }) : rounds.cancel(id, reason, ACTOR);
        } catch (err) {
          if (err instanceof ApiError && err.reason === 'small_secret_round') throw smallSecretRound(err.messageIn(consoleLang(ctx.io.env)), err.details ?? {});
          throw err;
        }
        ctx.io.stdout.write(`${describeRound(round, consoleLang(ctx.io.env))}\n`);
        if (!backups || action === 'open') return;
        // As the server does after a round ends: its backup, then no backup left that holds a secret
        // round's ballots as they were cast (a server stopped during the round took some).
        const done = backUpRoundEnd(backups, db, id, action);
        if (!done) return;
        try {
          await done;
        } catch (err) {
          throw new CliError(`round ${id} is ${action === 'close' ? 'closed' : 'cancelled'}, but its backup failed: ${(err as Error).message}`);
        }
      },
      async viaServer(ctx, server) {
        const id = intOption(ctx.values, 'round');
        const body =
          action === 'cancel' && typeof ctx.values.reason === 'string'
            ? { json: { reason: ctx.values.reason } }
            : action === 'close' && ctx.values['confirm-small'] === true
              ? { json: { confirmSmall: true } }
              : undefined;
        let round: Round;
        try {
          round = await server.call<Round>('POST', `/api/rounds/${id}/${action}`, body);
        } catch (err) {
          if (err instanceof ServerError && err.reason === 'small_secret_round') throw smallSecretRound(err.message, err.body);
          throw err;
        }
        ctx.io.stdout.write(`${describeRound(round, consoleLang(ctx.io.env))}\n`);
      },
    }),
  ),
];
