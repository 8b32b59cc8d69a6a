/**
 * `stemkaart proxies add|list|remove|import`: proxy votes (volmacht) from the command line, on the
 * database or through a running server (docs/api.md, "Proxy votes (volmacht)").
 */
import { consoleLang } from '../../lib/console-lang.ts';
import type { Meeting, Proxy } from '../../../shared/schemas.ts';
import { readProxyCsv, type ProxyFileRow } from '../../modules/proxies/proxy-file.ts';
import { ACTOR, intOption, readInput, stringOption, usage, type Command, type RunContext } from '../command.ts';
import type { ServerClient } from '../server-client.ts';

/** `--proxies MAX` of `meeting create`: proxies allowed, at most MAX per holder; nothing when not given. */
export function proxiesOption(values: RunContext['values']): { proxies?: Meeting['proxies'] } {
  return values.proxies === undefined ? {} : { proxies: { allowed: true, maxPerHolder: intOption(values, 'proxies') } };
}

/** `12  GM0363 Gemeente A  → GM0599 Gemeente B  active   (Volmacht 17)` per proxy. */
function describeProxies(proxies: Proxy[]): string {
  if (proxies.length === 0) return 'no proxies\n';
  const width = Math.max(...proxies.map((p) => p.principalName.length), 4);
  const lines = proxies.map(
    (p) =>
      `${String(p.id).padStart(4)}  ${p.principal.padEnd(8)} ${p.principalName.padEnd(width)}  -> ${p.holder.padEnd(8)} ${p.holderName}  ${p.state}${p.reference ? `  (${p.reference})` : ''}`,
  );
  const active = proxies.filter((p) => p.state === 'active').length;
  const current = proxies.filter((p) => p.state !== 'ended').length;
  return `${lines.join('\n')}\n${current} proxies, ${active} active now${current < proxies.length ? `, ${proxies.length - current} ended` : ''}\n`;
}

const describeOne = (p: Proxy, verb: string) => `proxy ${p.id} ${verb}: ${p.principal} ${p.principalName} by ${p.holder} ${p.holderName} (${p.state})\n`;

const meetingOf = (ctx: RunContext) => intOption(ctx.values, 'meeting');
const addInput = (ctx: RunContext) => ({
  principal: stringOption(ctx.values, 'principal'),
  holder: stringOption(ctx.values, 'holder'),
  reference: typeof ctx.values.reference === 'string' ? ctx.values.reference : null,
});
const fileRows = (ctx: RunContext): ProxyFileRow[] => {
  const file = ctx.positionals[0];
  if (!file) throw usage('name the CSV file of proxies');
  return readProxyCsv(readInput(ctx.path(file)));
};
const proxyId = (ctx: RunContext): number => {
  const raw = ctx.positionals[0];
  if (!raw || !/^\d+$/.test(raw) || Number(raw) < 1) throw usage(`name the proxy by its id (a positive whole number), not "${raw ?? ''}"`);
  return Number(raw);
};

export const proxiesCommands: Command[] = [
  {
    name: 'proxies add',
    summary: 'Register a proxy (volmacht): the principal authorises the holder',
    usage: 'proxies add --meeting ID --principal CODE --holder CODE [--reference TEXT] [--db PATH]',
    details: '--reference names the written or electronic authorisation (e.g. the number on the form).',
    options: { meeting: { type: 'string' }, principal: { type: 'string' }, holder: { type: 'string' }, reference: { type: 'string' } },
    writes: true,
    run(ctx) {
      ctx.io.stdout.write(describeOne(ctx.domain().proxies.add(meetingOf(ctx), addInput(ctx), ACTOR), 'registered'));
    },
    async viaServer(ctx, server) {
      ctx.io.stdout.write(describeOne(await server.call<Proxy>('POST', `/api/meetings/${meetingOf(ctx)}/proxies`, { json: addInput(ctx) }), 'registered'));
    },
  },
  {
    name: 'proxies list',
    summary: 'The proxies of a meeting and whether each is active now',
    usage: 'proxies list --meeting ID [--db PATH]',
    options: { meeting: { type: 'string' } },
    run(ctx) {
      ctx.io.stdout.write(describeProxies(ctx.domain().proxies.list(meetingOf(ctx))));
    },
    async viaServer(ctx, server) {
      ctx.io.stdout.write(describeProxies(await server.call<Proxy[]>('GET', `/api/meetings/${meetingOf(ctx)}/proxies`)));
    },
  },
  {
    name: 'proxies remove',
    summary: 'End a proxy (ballots it cast stay)',
    usage: 'proxies remove ID [--db PATH]',
    options: {},
    positionals: 1,
    writes: true,
    run(ctx) {
      ctx.io.stdout.write(describeOne(ctx.domain().proxies.end(proxyId(ctx), ACTOR), 'ended'));
    },
    async viaServer(ctx, server) {
      ctx.io.stdout.write(describeOne(await server.call<Proxy>('DELETE', `/api/proxies/${proxyId(ctx)}`), 'ended'));
    },
  },
  {
    name: 'proxies import',
    summary: 'Register many proxies from a CSV file (principal;holder;reference)',
    usage: 'proxies import --meeting ID FILE.csv [--db PATH]',
    details:
      'FILE.csv has one proxy per line: principal;holder;reference (member codes; "," or a tab also\n' +
      'separate; the reference may be empty), with or without the header principal;holder;reference or\n' +
      'volmachtgever;gevolmachtigde;referentie. On the database all or nothing: one refused line stops the\n' +
      'import and names its row. Through a running server the lines are sent one by one and the first\n' +
      'refused line stops it, saying how many were registered before.',
    options: { meeting: { type: 'string' } },
    positionals: 1,
    writes: true,
    run(ctx) {
      const added = ctx.domain().proxies.importRows(meetingOf(ctx), fileRows(ctx), ACTOR);
      ctx.io.stdout.write(`${added.length} proxies registered in meeting ${meetingOf(ctx)}\n`);
    },
    async viaServer(ctx, server) {
      await importViaServer(ctx, server, meetingOf(ctx), fileRows(ctx));
    },
  },
];

async function importViaServer(ctx: RunContext, server: ServerClient, meetingId: number, rows: ProxyFileRow[]): Promise<void> {
  let done = 0;
  for (const r of rows) {
    try {
      await server.call<Proxy>('POST', `/api/meetings/${meetingId}/proxies`, { json: { principal: r.principal, holder: r.holder, reference: r.reference } });
    } catch (err) {
      // In the console's language, as the message it wraps (issue 24.5).
      (err as Error).message =
        consoleLang(ctx.io.env) === 'en'
          ? `row ${r.row}: ${(err as Error).message} (${done} proxies registered before it)`
          : `rij ${r.row}: ${(err as Error).message} (${done} volmacht(en) vastgelegd vóór deze rij)`;
      throw err;
    }
    done++;
  }
  ctx.io.stdout.write(`${done} proxies registered in meeting ${meetingId}\n`);
}
