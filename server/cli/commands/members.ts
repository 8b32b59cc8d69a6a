/**
 * `stemkaart members import` and `weights show`: the members (municipalities) and their weights.
 */
import type { MemberInput } from '../../../shared/schemas.ts';
import { consoleLang } from '../../lib/console-lang.ts';
import { parseMemberFile } from '../../modules/members/member-file.ts';
import { ACTOR, readInputBytes, type Command, type RunContext } from '../command.ts';

/** The members file, read as a spreadsheet writes it (member-file.ts): validated members, or an error naming row and column. */
function readMembersFile(ctx: RunContext): MemberInput[] {
  const charset = typeof ctx.values.charset === 'string' ? ctx.values.charset : undefined;
  return parseMemberFile({ bytes: readInputBytes(ctx.path(ctx.positionals[0])), charset });
}

export const membersCommands: Command[] = [
  {
    name: 'members import',
    summary: 'Load or update members (municipalities) from a CSV or JSON file',
    usage: 'members import FILE [--charset utf-8|windows-1252] [--db PATH]',
    details:
      'FILE is a CSV with the header code,name,province,population[,weight] (or the Dutch naam, provincie,\n' +
      'inwonertal, gewicht), separated by commas, semicolons (Dutch Excel) or tabs, in UTF-8 (with or without\n' +
      'BOM) or Windows-1252 (detected; --charset names it); or a JSON array of {"code","name","province"?,\n' +
      '"population","weight"?}. Members are upserted by code, upper and lower case alike; a missing weight\n' +
      'comes from the weight scheme. All or nothing: one bad row stops the import and names its row and column.',
    options: { charset: { type: 'string' } },
    positionals: 1,
    createsDatabase: true,
    writes: true,
    run(ctx) {
      // The file first: a bad one stops before a database (and its admin token) is made.
      const rows = readMembersFile(ctx);
      const result = ctx.domain().members.import(rows, ACTOR);
      ctx.io.stdout.write(`${result.inserted} inserted, ${result.updated} updated\n`);
    },
    async viaServer(ctx, server) {
      // Read and checked here (row and column messages as without a server), sent as JSON.
      const result = await server.call<{ inserted: number; updated: number }>('PUT', '/api/members', { json: readMembersFile(ctx) });
      ctx.io.stdout.write(`${result.inserted} inserted, ${result.updated} updated\n`);
    },
  },
  {
    name: 'weights show',
    summary: 'Show the weight scheme and the weight of every member',
    usage: 'weights show [--json] [--db PATH]',
    options: { json: { type: 'boolean' } },
    run(ctx) {
      const domain = ctx.domain();
      const scheme = domain.members.scheme();
      const members = domain.members.list();
      if (ctx.values.json) {
        ctx.io.stdout.write(`${JSON.stringify({ scheme, members }, null, 2)}\n`);
        return;
      }
      const en = consoleLang(ctx.io.env) === 'en';
      const lines: string[] = [];
      if (scheme.kind === 'proportional') {
        const rounding = scheme.rounding === 'floor' ? (en ? 'down' : 'naar beneden') : en ? 'up' : 'naar boven';
        lines.push(
          en
            ? `Scheme: one vote per ${scheme.perInhabitants} inhabitants, rounded ${rounding}, at least ${scheme.min}, at most ${scheme.max}`
            : `Regeling: één stem per ${scheme.perInhabitants} inwoners, afgerond ${rounding}, ten minste ${scheme.min}, ten hoogste ${scheme.max}`,
        );
      } else {
        lines.push(`${en ? 'Scheme: brackets' : 'Regeling: klassen'} ${scheme.brackets.map((b) => `${en ? 'from' : 'vanaf'} ${b.minPopulation}: ${b.weight}`).join('; ')}`);
      }
      const nameWidth = Math.min(40, Math.max(4, ...members.map((m) => m.name.length)));
      const [code, name, population, weight] = en ? ['code', 'name', 'population', 'weight'] : ['code', 'naam', 'inwonertal', 'stemmen'];
      lines.push('', `${code.padEnd(10)}${name.padEnd(nameWidth + 2)}${population.padStart(12)}${weight.padStart(8)}`);
      for (const m of members) lines.push(`${m.code.padEnd(10)}${m.name.slice(0, nameWidth).padEnd(nameWidth + 2)}${String(m.population).padStart(12)}${String(m.weight).padStart(8)}`);
      const total = members.reduce((s, m) => s + m.weight, 0);
      lines.push('', en ? `${members.length} members, ${total} votes in total` : `${members.length} leden, ${total} stemmen in totaal`);
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
    },
  },
];
