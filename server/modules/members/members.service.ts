import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { WeightSchemeSchema, type Member, type WeightScheme } from '../../../shared/schemas.ts';
import { GLOBAL_CHAIN, type Actor } from '../audit/audit.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import { readMembersJson, validateMemberRows } from './member-file.ts';
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

function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
}

export type MembersService = ReturnType<typeof createMembers>;

export function createMembers(ctx: DomainContext) {
  const { db, audit } = ctx;
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const allStmt = db.prepare('SELECT * FROM members ORDER BY name COLLATE NOCASE, code');
  const byCodeStmt = db.prepare('SELECT * FROM members WHERE code = ?');
  const byIdStmt = db.prepare('SELECT * FROM members WHERE id = ?');
  const byCodeNoCaseStmt = db.prepare('SELECT * FROM members WHERE code = ? COLLATE NOCASE');
  const allCodesStmt = db.prepare('SELECT code FROM members').pluck();
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
    byCode.set(r.code.toUpperCase(), m);
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
    /** Case-insensitive: `gm0363` is `GM0363`. */
    byCode: (code: string): MemberInfo | undefined =>
      byCode.get(code.toUpperCase()) ?? (inOpenTransaction(db) ? uncommitted(byCodeNoCaseStmt.get(code) as MemberRow | undefined) : undefined),
    count: () => byId.size,

    /**
     * Validates every row first (see member-file.ts), then upserts all in one transaction: all or
     * nothing. Codes are matched without regard to case; an existing member keeps its code as stored.
     */
    import(rows: unknown, actor: Actor): { inserted: number; updated: number } {
      const valid = validateMemberRows(readMembersJson(rows));
      const s = scheme();
      let inserted = 0;
      let updated = 0;
      const codes: string[] = [];
      inTransaction(db, () => {
        // Stored codes by their upper case, read in the transaction (members added earlier in it are
        // not in memory yet); one query, not one scan per row.
        const stored = new Map((allCodesStmt.all() as string[]).map((code) => [code.toUpperCase(), code]));
        for (const m of valid) {
          // Codes are stored and shown in their canonical form, upper case, however the file typed them.
          const code = m.code.toUpperCase();
          const existing = stored.get(code);
          const params = {
            code: existing ?? code,
            name: m.name,
            province: m.province ?? null,
            population: m.population,
            explicit_weight: m.weight ?? null,
            weight: m.weight ?? weightFor(s, m.population),
          };
          if (existing) {
            updateStmt.run(params);
            updated++;
          } else {
            insertStmt.run(params);
            inserted++;
          }
          codes.push(params.code);
        }
        audit.append(GLOBAL_CHAIN, actor, 'members.imported', { inserted, updated, codes });
        const rows = codes.map((code) => byCodeStmt.get(code) as MemberRow);
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
