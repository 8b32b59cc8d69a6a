import type { AuditVerify, Tally } from '../../../shared/schemas.ts';
import type { Db } from '../../db/database.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
import { recount } from '../rounds/tally.ts';
import type { Audit } from './audit.ts';
import { canonicalJson } from './canonical.ts';

interface BallotEntry {
  seq: number;
  data: { roundId: number; memberCode: string; weight?: number; choices?: unknown; receipt?: string; secret?: boolean };
}

/**
 * Verifies a meeting: the hash chain of its audit log, and every closed round recounted from the
 * stored ballots against the outcome recorded at close (and its head hash in the chain).
 */
export function verifyMeeting(deps: { db: Db; audit: Audit; rounds: RoundsService }, meetingId: number): AuditVerify {
  const { db, audit, rounds } = deps;
  const chain = audit.verifyChain(meetingId);
  if (!chain.ok) return { ok: false, brokenAt: chain.brokenAt, entries: chain.entries, problems: [`audit entry ${chain.brokenAt} does not match its hash chain`] };

  const problems: string[] = [];
  let brokenAt: number | null = null;
  const closedEntries = new Map<number, { seq: number; hash: string; data: { tallies: Tally[] } }>();
  // Every ballot is in the chain when it is cast: open rounds with member, weight, choices and
  // receipt; secret rounds only that the member voted. A stored ballot that differs from its entry
  // (or has none) is named by its receipt.
  const ballotEntries = new Map<number, BallotEntry[]>();
  for (const e of audit.entries(meetingId)) {
    if (e.action === 'round.closed') closedEntries.set((e.data as { roundId: number }).roundId, { seq: e.seq, hash: e.hash, data: e.data as { tallies: Tally[] } });
    if (e.action === 'ballot.cast' || e.action === 'ballot.changed') {
      const entry = { seq: e.seq, data: e.data as BallotEntry['data'] };
      // Appended in place: copying the list per ballot made verifying 100,000 ballots quadratic.
      const list = ballotEntries.get(entry.data.roundId);
      if (list) list.push(entry);
      else ballotEntries.set(entry.data.roundId, [entry]);
    }
  }
  const memberCode = db.prepare('SELECT code FROM members WHERE id = ?').pluck();
  const closed = db.prepare("SELECT id FROM rounds WHERE meeting_id = ? AND state = 'closed' ORDER BY id").pluck().all(meetingId) as number[];
  for (const roundId of closed) {
    const row = rounds.row(roundId);
    const entry = closedEntries.get(roundId);
    const view = rounds.view(roundId, 'public');
    const stored = rounds.storedBallots(row);
    const counted = recount(view.motionIds, stored);
    const fail = (msg: string) => {
      problems.push(msg);
      brokenAt ??= entry?.seq ?? chain.entries;
    };
    if (!entry) {
      fail(`round ${roundId} is closed but its close is not in the audit log`);
      continue;
    }
    if (row.head_hash !== entry.hash) fail(`round ${roundId}: the head hash recorded at close differs from the audit log`);
    const logged = ballotEntries.get(roundId) ?? [];
    if (row.secret) {
      if (stored.length !== logged.length) fail(`round ${roundId}: ${stored.length} secret ballots are stored but ${logged.length} members voted according to the audit log`);
    } else {
      const byReceipt = new Map(logged.map((l) => [l.data.receipt, l]));
      for (const b of stored) {
        const l = byReceipt.get(b.receipt ?? '');
        const code = memberCode.get(b.memberId) as string | undefined;
        if (!l) {
          fail(`round ${roundId}: ballot ${b.receipt} of ${code} is not in the audit log`);
        } else if (l.data.memberCode !== code || l.data.weight !== b.weight || canonicalJson(l.data.choices) !== canonicalJson(b.choices)) {
          problems.push(`round ${roundId}: ballot ${b.receipt} of ${code} differs from audit entry ${l.seq}`);
          brokenAt ??= l.seq;
        }
      }
    }
    for (const t of view.tallies ?? []) {
      const c = counted.get(t.motionId)!;
      const logged = entry.data.tallies.find((x) => x.motionId === t.motionId);
      for (const k of ['for', 'against', 'abstain'] as const) {
        if (c[k].weight !== t[k].weight || c[k].count !== t[k].count) fail(`round ${roundId}, ${t.ref}: recount of "${k}" (${c[k].weight}) differs from the recorded result (${t[k].weight})`);
        if (logged && (logged[k].weight !== t[k].weight || logged[k].count !== t[k].count)) fail(`round ${roundId}, ${t.ref}: the recorded "${k}" differs from the audit log`);
      }
      if (logged && logged.outcome !== t.outcome) fail(`round ${roundId}, ${t.ref}: the recorded outcome differs from the audit log`);
    }
  }
  if (problems.length > 0) return { ok: false, brokenAt: brokenAt ?? chain.entries, entries: chain.entries, problems };
  return { ok: true, entries: chain.entries, head: chain.head };
}
