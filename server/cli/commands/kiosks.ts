/**
 * `stemkaart kiosks create|list|remove`: the check-in and voting desks of a meeting, paired by a
 * link with a token.
 */
import type { Lang } from '../../../shared/errors.ts';
import type { Kiosk } from '../../../shared/schemas.ts';
import { consoleLang } from '../../lib/console-lang.ts';
import { formatDateTimeNl } from '../../modules/pdf/format.ts';
import { ACTOR, intOption, stringOption, usage, type Command, type RunContext } from '../command.ts';

function kioskInput(values: RunContext['values']): { name: string; mode: 'checkin' | 'voting' } {
  const name = stringOption(values, 'name');
  const mode = stringOption(values, 'mode');
  if (mode !== 'checkin' && mode !== 'voting') throw usage(`--mode must be checkin or voting, not "${mode}"`);
  return { name, mode };
}

function printPairedKiosk(ctx: RunContext, meetingId: number, kiosk: Kiosk & { token: string; url: string }): void {
  if (ctx.values.json) {
    ctx.io.stdout.write(`${JSON.stringify(kiosk)}\n`);
    return;
  }
  ctx.io.stdout.write(`kiosk ${kiosk.id} (${kiosk.name}, ${kiosk.mode}) paired to meeting ${meetingId}\n  link:  ${kiosk.url}\n  token: ${kiosk.token}\n`);
}

/** What `kiosks list` says of a kiosk: removed, never opened on a device, or when it was last seen. */
function kioskState(k: Kiosk, lang: Lang, timeZone: string): string {
  const time = (at: string) => formatDateTimeNl(at, timeZone);
  if (k.revokedAt) return lang === 'en' ? `removed ${time(k.revokedAt)}` : `verwijderd ${time(k.revokedAt)}`;
  if (!k.lastSeenAt) return lang === 'en' ? 'never opened on a device' : 'nog nooit geopend op een apparaat';
  return lang === 'en' ? `last seen ${time(k.lastSeenAt)}` : `laatst gezien ${time(k.lastSeenAt)}`;
}

function printKiosks(ctx: RunContext, kiosks: Kiosk[], timeZone: string): void {
  if (ctx.values.json) {
    ctx.io.stdout.write(`${JSON.stringify(kiosks, null, 2)}\n`);
    return;
  }
  if (kiosks.length === 0) {
    ctx.io.stdout.write('no kiosks\n');
    return;
  }
  const width = Math.max(4, ...kiosks.map((k) => k.name.length));
  const lang = consoleLang(ctx.io.env);
  const lines = [`${'id'.padStart(4)}  ${'name'.padEnd(width)}  ${'mode'.padEnd(7)}  state`];
  for (const k of kiosks) lines.push(`${String(k.id).padStart(4)}  ${k.name.padEnd(width)}  ${k.mode.padEnd(7)}  ${kioskState(k, lang, timeZone)}`);
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
}

export const kiosksCommands: Command[] = [
  {
    name: 'kiosks create',
    summary: 'Pair a kiosk (check-in desk or voting desk) and print its link',
    usage: 'kiosks create --meeting ID --name NAME --mode checkin|voting [--json] [--db PATH]',
    details:
      'Prints the kiosk id, the link that opens the kiosk page already paired, and its token (for\n' +
      'scripts: Authorization: Bearer TOKEN); --json prints the answer of POST /api/meetings/:id/kiosks.\n' +
      'Both are shown only now; "kiosks remove" stops the token.\n' +
      'The link starts with $STEMKAART_PUBLIC_URL (default http://127.0.0.1:$STEMKAART_PORT).',
    options: { meeting: { type: 'string' }, name: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' } },
    writes: true,
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      printPairedKiosk(ctx, meetingId, ctx.domain().kiosks.pair(meetingId, kioskInput(ctx.values), ACTOR));
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      printPairedKiosk(ctx, meetingId, await server.call<Kiosk & { token: string; url: string }>('POST', `/api/meetings/${meetingId}/kiosks`, { json: kioskInput(ctx.values) }));
    },
  },
  {
    name: 'kiosks list',
    summary: "List a meeting's kiosks (without their tokens)",
    usage: 'kiosks list --meeting ID [--json] [--db PATH]',
    details: 'Per kiosk when it was last seen (its link last used, to the minute), or that it was never opened on a device.',
    options: { meeting: { type: 'string' }, json: { type: 'boolean' } },
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const domain = ctx.domain();
      printKiosks(ctx, domain.kiosks.list(meetingId), domain.meetings.get(meetingId).timeZone);
    },
  },
  {
    name: 'kiosks remove',
    summary: 'Remove a kiosk: its token stops working',
    usage: 'kiosks remove --kiosk ID [--db PATH]',
    details: 'A lost or stolen tablet: its token is refused from now on.',
    options: { kiosk: { type: 'string' } },
    writes: true,
    run(ctx) {
      const kiosk = ctx.domain().kiosks.revoke(intOption(ctx.values, 'kiosk'), ACTOR);
      ctx.io.stdout.write(`kiosk ${kiosk.id} (${kiosk.name}) removed\n`);
    },
    async viaServer(ctx, server) {
      const kiosk = await server.call<Kiosk>('DELETE', `/api/kiosks/${intOption(ctx.values, 'kiosk')}`);
      ctx.io.stdout.write(`kiosk ${kiosk.id} (${kiosk.name}) removed\n`);
    },
  },
];
