/**
 * `stemkaart meeting create` and `agenda import`: a meeting, and the agenda items and motions it
 * votes on.
 */
import { AgendaInputSchema, type AgendaItem, type Meeting } from '../../../shared/schemas.ts';
import { inTransaction } from '../../db/transaction.ts';
import { ACTOR, CliError, intOption, parseJson, readInput, stringOption, usage, type Command, type RunContext } from '../command.ts';
import { proxiesOption } from './proxies.ts';

/** The agenda file: its items (checked against the schema), and a meeting to create if it has one. */
function readAgendaFile(ctx: RunContext): { items: unknown; meetingInput: unknown } {
  const file = ctx.path(ctx.positionals[0]);
  const data = parseJson(readInput(file), file);
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('items' in data)) {
    throw new CliError(`${file}: expected an object with "items" (the agenda), optionally with "meeting"`);
  }
  const { meeting: meetingInput, items } = data as { meeting?: unknown; items: unknown };
  const parsed = AgendaInputSchema.safeParse({ items });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${file}: items.${issue.path.join('.')}: ${issue.message}`);
  }
  if (ctx.values.meeting === undefined && meetingInput === undefined) throw usage('--meeting is required (the file has no "meeting" to create)');
  return { items, meetingInput };
}

/** The body of POST /api/meetings from `meeting create`'s flags (the schema checks each value). */
function meetingInput(ctx: RunContext) {
  const title = stringOption(ctx.values, 'title');
  const date = stringOption(ctx.values, 'date');
  return {
    title,
    date,
    venue: typeof ctx.values.venue === 'string' ? ctx.values.venue : null,
    requireCheckIn: !ctx.values['no-check-in'],
    allowSplit: ctx.values['allow-split'] === true,
    ...(typeof ctx.values['time-zone'] === 'string' ? { timeZone: ctx.values['time-zone'] } : {}),
    ...(typeof ctx.values['secret-min-ballots'] === 'string' ? { secretMinBallots: intOption(ctx.values, 'secret-min-ballots') } : {}),
    ...proxiesOption(ctx.values),
  };
}

function describeAgenda(items: { motions: unknown[] }[]): string {
  const motions = items.reduce((n, i) => n + i.motions.length, 0);
  return `${items.length} agenda item${items.length === 1 ? '' : 's'} and ${motions} motion${motions === 1 ? '' : 's'}`;
}

export const meetingCommands: Command[] = [
  {
    name: 'meeting create',
    summary: 'Create a meeting',
    usage:
      'meeting create --title TITLE --date YYYY-MM-DD [--venue VENUE] [--no-check-in] [--allow-split]\n' +
      '                       [--time-zone ZONE] [--secret-min-ballots N] [--proxies MAX] [--db PATH]',
    details:
      '--no-check-in: the scan at the voting desk is the proof of presence (no check-in desk).\n' +
      '--allow-split: a member may divide its votes over for, against and abstain (split votes; off by default).\n' +
      '--time-zone: the IANA zone every time is shown in (default Europe/Amsterdam).\n' +
      '--secret-min-ballots: a secret round with fewer ballots closes only when the chair confirms (default 5).\n' +
      '--proxies MAX: proxy votes (volmacht) allowed, at most MAX per holder (not allowed without it).',
    options: {
      title: { type: 'string' },
      date: { type: 'string' },
      venue: { type: 'string' },
      'no-check-in': { type: 'boolean' },
      'allow-split': { type: 'boolean' },
      'time-zone': { type: 'string' },
      'secret-min-ballots': { type: 'string' },
      proxies: { type: 'string' },
    },
    createsDatabase: true,
    writes: true,
    run(ctx) {
      const meeting = ctx.domain().meetings.create(meetingInput(ctx), ACTOR);
      ctx.io.stdout.write(`meeting ${meeting.id} created: ${meeting.title}, ${meeting.date}\n`);
    },
    async viaServer(ctx, server) {
      const meeting = await server.call<Meeting>('POST', '/api/meetings', { json: meetingInput(ctx) });
      ctx.io.stdout.write(`meeting ${meeting.id} created: ${meeting.title}, ${meeting.date}\n`);
    },
  },
  {
    name: 'agenda import',
    summary: "Add agenda items and motions to a meeting from a JSON file",
    usage: 'agenda import [--meeting ID] FILE.json [--db PATH]',
    details:
      'FILE.json has the shape of POST /api/meetings/:id/agenda: {"items":[{"number","title","motions":[...]}]}.\n' +
      'A file with a "meeting" key as well (like data/demo-meeting.json) creates that meeting when --meeting is\n' +
      'not given, and adds the agenda to it.',
    options: { meeting: { type: 'string' } },
    positionals: 1,
    writes: true,
    run(ctx) {
      const { items, meetingInput } = readAgendaFile(ctx);
      const domain = ctx.domain();
      if (ctx.values.meeting === undefined) {
        // Meeting and agenda together or not at all.
        const result = inTransaction(domain.db, () => {
          const m = domain.meetings.create(meetingInput, ACTOR);
          return { id: m.id, items: domain.meetings.addAgenda(m.id, { items }, ACTOR) };
        });
        ctx.io.stdout.write(`meeting ${result.id} created with ${describeAgenda(result.items)}\n`);
        return;
      }
      const meetingId = intOption(ctx.values, 'meeting');
      domain.meetings.get(meetingId);
      const added = domain.meetings.addAgenda(meetingId, { items }, ACTOR);
      ctx.io.stdout.write(`added ${describeAgenda(added)} to meeting ${meetingId}\n`);
    },
    async viaServer(ctx, server) {
      const { items, meetingInput } = readAgendaFile(ctx);
      if (ctx.values.meeting !== undefined) {
        const meetingId = intOption(ctx.values, 'meeting');
        const added = await server.call<{ items: AgendaItem[] }>('POST', `/api/meetings/${meetingId}/agenda`, { json: { items } });
        ctx.io.stdout.write(`added ${describeAgenda(added.items)} to meeting ${meetingId}\n`);
        return;
      }
      // Two requests (the API has no single one for both): say so when the second fails.
      const meeting = await server.call<Meeting>('POST', '/api/meetings', { json: meetingInput });
      let added: { items: AgendaItem[] };
      try {
        added = await server.call<{ items: AgendaItem[] }>('POST', `/api/meetings/${meeting.id}/agenda`, { json: { items } });
      } catch (err) {
        throw new CliError(`meeting ${meeting.id} was created, but its agenda was not added: ${(err as Error).message}`);
      }
      ctx.io.stdout.write(`meeting ${meeting.id} created with ${describeAgenda(added.items)}\n`);
    },
  },
];
