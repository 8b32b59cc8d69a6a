/**
 * `stemkaart audit verify`, `results export` and `report`: what a meeting's votes leave for the
 * minutes, and the check that its audit chain is whole.
 */
import { consoleLang } from '../../lib/console-lang.ts';
import { reportPdf, resultsCsv } from '../../modules/reports/reports.service.ts';
import { CliError, csvLangOption, intOption, stringOption, type Command } from '../command.ts';
import { openOutput } from '../output.ts';

export const resultsCommands: Command[] = [
  {
    name: 'audit verify',
    summary: "Verify a meeting's audit chain and recount its closed rounds",
    usage: 'audit verify --meeting ID [--json] [--db PATH]',
    details: 'Exit code 0 when the chain verifies, 1 when it is broken.',
    options: { meeting: { type: 'string' }, json: { type: 'boolean' } },
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const result = ctx.domain().verify(meetingId);
      if (ctx.values.json) ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.ok) {
        if (!ctx.values.json) ctx.io.stdout.write(`ok: ${result.entries} entries, head ${result.head}\n`);
        return;
      }
      const problems = (result.problems ?? []).map((p) => `\n  ${p}`).join('');
      throw new CliError(`audit chain of meeting ${meetingId} is BROKEN at entry ${result.brokenAt}${problems}`);
    },
  },
  {
    name: 'results export',
    summary: "Export a round's roll call and totals as CSV",
    usage: 'results export --round ID [--out FILE.csv] [--lang nl|en] [--db PATH]',
    details:
      'For a Dutch spreadsheet: UTF-8 with BOM, semicolons, columns soort;stemronde;voorstel-id;voorstel;titel;code;\n' +
      'lid;keuze;stemmen;aantal;uitslag and the words voor, tegen, onthouding, aangenomen, verworpen, geen besluit.\n' +
      '--lang en: English headers and words, commas. Without --out the CSV goes to stdout. A secret round has totals only.',
    options: { round: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } },
    run(ctx) {
      const roundId = intOption(ctx.values, 'round');
      const lang = csvLangOption(ctx.values);
      const domain = ctx.domain();
      const csv = resultsCsv(domain, roundId, 'admin', lang);
      if (typeof ctx.values.out === 'string') {
        const outPath = ctx.path(ctx.values.out);
        openOutput(outPath).write(csv);
        const number = domain.rounds.view(roundId, 'admin').number;
        ctx.io.stdout.write(consoleLang(ctx.io.env) === 'en' ? `round ${number} written to ${outPath}\n` : `stemronde ${number} geschreven naar ${outPath}\n`);
      } else {
        ctx.io.stdout.write(csv);
      }
    },
  },
  {
    name: 'report',
    summary: "Write the meeting's results report (PDF) for the minutes",
    usage: 'report --meeting ID --out FILE.pdf [--db PATH]',
    options: { meeting: { type: 'string' }, out: { type: 'string' } },
    async run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const outPath = ctx.path(stringOption(ctx.values, 'out'));
      const domain = ctx.domain();
      domain.meetings.get(meetingId);
      const out = openOutput(outPath);
      try {
        out.write(await reportPdf(domain, meetingId, 'admin'));
      } finally {
        out.discard();
      }
      ctx.io.stdout.write(`report written to ${outPath}\n`);
    },
  },
];
