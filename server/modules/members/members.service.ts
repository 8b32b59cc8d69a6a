import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { MemberInputSchema, WeightSchemeSchema, type Member, type MemberInput, type WeightScheme } from '../../../shared/schemas.ts';
import { GLOBAL_CHAIN, type Actor } from '../audit/audit.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import { VNG_SCHEME, weightFor } from './weights.ts';

interface MemberRow {
  id: number;
  code: string;
  name: string;
  province: string | null;
  population: number;
  explicit_weight: number | null;
  weight: number;
}

export interface MemberInfo {
  id: number;
  code: string;
  name: string;
  weight: number;
}

const toMember = (r: MemberRow): Member => ({ code: r.code, name: r.name, province: r.province, population: r.population, weight: r.weight });

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
}

/** Parses the CSV of `PUT /api/members` into rows for validation; numbers stay strings until then. */
export function parseMembersCsv(text: string): Record<string, unknown>[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (err) {
    const msg = (err as Error).message;
    throw new ApiError('validation', { nl: `CSV kan niet worden gelezen: ${msg}`, en: `CSV cannot be read: ${msg}` });
  }
  if (records.length > 0) {
    const header = Object.keys(records[0]);
    for (const col of ['code', 'name', 'population']) {
      if (!header.includes(col)) throw new ApiError('validation', { nl: `CSV mist de kolom "${col}"`, en: `CSV lacks the column "${col}"` });
    }
  }
  const toInt = (v: string | undefined) => (v === undefined || v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : v);
  return records.map((r) => ({ code: r.code, name: r.name, province: r.province || null, population: toInt(r.population), weight: toInt(r.weight) ?? null }));
}

export type MembersService = ReturnType<typeof createMembers>;

export function createMembers(ctx: DomainContext) {
  const { db, audit } = ctx;
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const allStmt = db.prepare('SELECT * FROM members ORDER BY name COLLATE NOCASE, code');
  const byCodeStmt = db.prepare('SELECT * FROM members WHERE code = ?');
  const byIdStmt = db.prepare('SELECT * FROM members WHERE id = ?');
  const insertStmt = db.prepare(
    'INSERT INTO members (code, name, province, population, explicit_weight, weight) VALUES (@code, @name, @province, @population, @explicit_weight, @weight)',
  );
  const updateStmt = db.prepare(
    'UPDATE members SET name = @name, province = @province, population = @population, explicit_weight = @explicit_weight, weight = @weight WHERE code = @code',
  );
  const recomputeStmt = db.prepare('UPDATE members SET weight = ? WHERE id = ?');

  /**
   * Names and codes in memory: views and the ballot path never query them. Loaded at start and
   * updated after the commit of every import or scheme change. Inside a transaction a member not
   * in memory yet is read from the database (the demo imports members and issues their cards in
   * one transaction).
   */
  const byId = new Map<number, MemberInfo>();
  const byCode = new Map<string, MemberInfo>();
  const info = (r: MemberRow): MemberInfo => ({ id: r.id, code: r.code, name: r.name, weight: r.weight });
  function remember(r: MemberRow): void {
    const m = info(r);
    byId.set(r.id, m);
    byCode.set(r.code, m);
  }
  for (const r of allStmt.all() as MemberRow[]) remember(r);
  function uncommitted(row: MemberRow | undefined): MemberInfo | undefined {
    return row ? info(row) : undefined;
  }

  function scheme(): WeightScheme {
    const v = getSetting.get('weight_scheme') as string | undefined;
    return v ? WeightSchemeSchema.parse(JSON.parse(v)) : VNG_SCHEME;
  }

  return {
    scheme,
    list(): Member[] {
      return (allStmt.all() as MemberRow[]).map(toMember);
    },
    byId: (id: number): MemberInfo | undefined => byId.get(id) ?? (inOpenTransaction(db) ? uncommitted(byIdStmt.get(id) as MemberRow | undefined) : undefined),
    byCode: (code: string): MemberInfo | undefined => byCode.get(code) ?? (inOpenTransaction(db) ? uncommitted(byCodeStmt.get(code) as MemberRow | undefined) : undefined),
    count: () => byId.size,

    /** Validates every row first, then upserts all in one transaction: all or nothing. */
    import(rows: unknown, actor: Actor): { inserted: number; updated: number } {
      if (!Array.isArray(rows)) throw new ApiError('validation', { nl: 'Verwacht een lijst van leden.', en: 'Expected a list of members.' });
      const seen = new Set<string>();
      const valid: MemberInput[] = rows.map((row, i) => {
        const parsed = MemberInputSchema.safeParse(row);
        const label = `${i + 1}${typeof (row as { code?: unknown })?.code === 'string' ? ` (${(row as { code: string }).code})` : ''}`;
        if (!parsed.success) {
          const detail = describeIssues(parsed.error);
          throw new ApiError('validation', { nl: `Rij ${label}: ${detail}`, en: `Row ${label}: ${detail}` });
        }
        if (seen.has(parsed.data.code)) throw new ApiError('validation', { nl: `Rij ${label}: code komt twee keer voor`, en: `Row ${label}: duplicate code` });
        seen.add(parsed.data.code);
        return parsed.data;
      });
      const s = scheme();
      let inserted = 0;
      let updated = 0;
      inTransaction(db, () => {
        for (const m of valid) {
          const params = {
            code: m.code,
            name: m.name,
            province: m.province ?? null,
            population: m.population,
            explicit_weight: m.weight ?? null,
            weight: m.weight ?? weightFor(s, m.population),
          };
          if (byCodeStmt.get(m.code)) {
            updateStmt.run(params);
            updated++;
          } else {
            insertStmt.run(params);
            inserted++;
          }
        }
        audit.append(GLOBAL_CHAIN, actor, 'members.imported', { inserted, updated, codes: valid.map((m) => m.code) });
        const rows = valid.map((m) => byCodeStmt.get(m.code) as MemberRow);
        afterCommit(db, () => rows.forEach(remember));
      });
      return { inserted, updated };
    },

    setScheme(input: unknown, actor: Actor): WeightScheme {
      const parsed = WeightSchemeSchema.safeParse(input);
      if (!parsed.success) {
        const detail = describeIssues(parsed.error);
        throw new ApiError('validation', { nl: `Ongeldige stemverdeling: ${detail}`, en: `Invalid weight scheme: ${detail}` });
      }
      const next = parsed.data;
      inTransaction(db, () => {
        putSetting.run('weight_scheme', JSON.stringify(next));
        for (const r of allStmt.all() as MemberRow[]) {
          if (r.explicit_weight === null) recomputeStmt.run(weightFor(next, r.population), r.id);
        }
        audit.append(GLOBAL_CHAIN, actor, 'weights.scheme_changed', { scheme: next });
        const rows = allStmt.all() as MemberRow[];
        afterCommit(db, () => rows.forEach(remember));
      });
      return next;
    },
  };
}
