import type { AuditVerify, Tally } from '../../../shared/schemas.ts';
import type { Db } from '../../db/database.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
import type { SecretBallots } from '../rounds/secret-ballots.ts';
import { applyChoices, ChoiceSets, emptyTotals, type MotionTotals } from '../rounds/tally.ts';
import type { Audit } from '../audit/audit.ts';
import { canonicalJson } from '../audit/canonical.ts';

interface BallotEntryData {
  roundId: number;
  memberCode: string;
  weight?: number;
  choices?: unknown;
  receipt?: string;
  secret?: boolean;
}

interface VerifyDeps {
  db: Db;
  audit: Audit;
  rounds: RoundsService;
  members: MembersService;
  secretBallots: SecretBallots;
}

/** `GET /api/meetings/:id/audit/verify` and `stemkaart audit verify`: an unknown meeting is not_found. */
export function createVerification(deps: VerifyDeps & { meetings: MeetingsService }): (meetingId: number) => AuditVerify {
  return (meetingId) => {
    deps.meetings.get(meetingId);
    return verifyMeeting(deps, meetingId);
  };
}

/**
 * Verifies a meeting: the hash chain of its audit log, and every closed round recounted from the
 * stored ballots against the outcome recorded at close (and its head hash in the chain).
 *
 * Memory stays proportional to one round's ballots, not to the log: the chain is checked in one
 * streaming pass (remembering only the close entries), then each closed round's stored ballots are
 * streamed once (recount, and a fingerprint per receipt) and its ballot entries are read back from
 * the log by round.
 */
export function verifyMeeting(deps: VerifyDeps, meetingId: number): AuditVerify {
  const { db, audit, rounds, members, secretBallots } = deps;
  const closedEntries = new Map<number, { seq: number; hash: string; data: { tallies: Tally[] } }>();
  const chain = audit.verifyChain(meetingId, (e) => {
    if (e.action === 'round.closed') {
      const data = JSON.parse(e.data) as { roundId: number; tallies: Tally[] };
      closedEntries.set(data.roundId, { seq: e.seq, hash: e.hash, data });
    }
  });
  if (!chain.ok) return { ok: false, brokenAt: chain.brokenAt, entries: chain.entries, problems: [`audit entry ${chain.brokenAt} does not match its hash chain`] };

  // Every ballot is in the chain when it is cast: open rounds with member, weight, choices and
  // receipt; secret rounds only that the member voted. A stored ballot that differs from its entry
  // (or has none) is named by its receipt.
  const loggedBallots = db.prepare(`SELECT seq, data FROM audit_log WHERE meeting_id = ? AND action IN ('ballot.cast', 'ballot.changed')
    AND json_extract(data, '$.roundId') = ? ORDER BY seq`);
  const loggedCount = db
    .prepare(`SELECT COUNT(*) FROM audit_log WHERE meeting_id = ? AND action IN ('ballot.cast', 'ballot.changed') AND json_extract(data, '$.roundId') = ?`)
    .pluck();
  const closed = db.prepare("SELECT id FROM rounds WHERE meeting_id = ? AND state = 'closed' ORDER BY id").pluck().all(meetingId) as number[];
  const codeOf = (memberId: number | null): string | undefined => (memberId === null ? undefined : members.byId(memberId)?.code);
  // Who voted in a secret round, with their frozen weights: what the sealed ballots' weights add up to.
  const votedWeight = db
    .prepare(`SELECT COALESCE(SUM(mm.weight), 0) FROM participations p JOIN rounds r ON r.id = p.round_id
      JOIN meeting_members mm ON mm.meeting_id = r.meeting_id AND mm.member_id = p.member_id WHERE p.round_id = ?`)
    .pluck();

  const problems: string[] = [];
  let brokenAt: number | null = null;
  for (const roundId of closed) {
    const row = rounds.row(roundId);
    const entry = closedEntries.get(roundId);
    const fail = (msg: string) => {
      problems.push(msg);
      brokenAt ??= entry?.seq ?? chain.entries;
    };
    if (!entry) {
      fail(`round ${roundId} is closed but its close is not in the audit log`);
      continue;
    }
    if (row.head_hash !== entry.hash) fail(`round ${roundId}: the head hash recorded at close differs from the audit log`);

    const recorded = rounds.recordedTallies(row);
    const counted = new Map<number, MotionTotals>(recorded.map((t) => [t.motionId, emptyTotals()]));
    // receipt → what the log must say of that ballot: member, weight, choices (canonical JSON).
    const unmatched = new Map<string, { memberId: number | null; weight: number; choices: string }>();
    let storedCount = 0;
    // A secret round's ballots are sealed without weight (a weight would name its voter): they are
    // recounted by number, and the weight of every motion's votes must be that of who voted.
    if (row.secret) {
      const sets = new ChoiceSets();
      for (const b of secretBallots.eachSealed(roundId)) {
        storedCount++;
        applyChoices(counted, sets.get(b.choices), 0, 1);
      }
    }
    for (const b of row.secret ? [] : rounds.eachStoredBallot(row)) {
      storedCount++;
      applyChoices(counted, b.choices, b.weight, 1);
      const receipt = b.receipt ?? '';
      if (unmatched.has(receipt)) fail(`round ${roundId}: receipt ${receipt} is stored for two ballots (of ${codeOf(unmatched.get(receipt)!.memberId)} and ${codeOf(b.memberId)})`);
      else unmatched.set(receipt, { memberId: b.memberId, weight: b.weight, choices: canonicalJson(b.choices) });
    }

    if (row.secret) {
      const logged = loggedCount.get(meetingId, roundId) as number;
      if (storedCount !== logged) fail(`round ${roundId}: ${storedCount} secret ballots are stored but ${logged} members voted according to the audit log`);
    } else {
      // Earlier ballots of members who changed their vote are in the log too; only the stored ones are compared.
      for (const l of loggedBallots.iterate(meetingId, roundId) as Iterable<{ seq: number; data: string }>) {
        const data = JSON.parse(l.data) as BallotEntryData;
        const stored = unmatched.get(data.receipt ?? '');
        if (!stored) continue;
        unmatched.delete(data.receipt!);
        if (data.memberCode !== codeOf(stored.memberId) || data.weight !== stored.weight || canonicalJson(data.choices) !== stored.choices) {
          problems.push(`round ${roundId}: ballot ${data.receipt} of ${codeOf(stored.memberId)} differs from audit entry ${l.seq}`);
          brokenAt ??= l.seq;
        }
      }
      for (const [receipt, stored] of unmatched) fail(`round ${roundId}: ballot ${receipt} of ${codeOf(stored.memberId)} is not in the audit log`);
    }

    const secretWeight = row.secret ? (votedWeight.get(roundId) as number) : 0;
    for (const t of recorded) {
      const c = counted.get(t.motionId)!;
      const logged = entry.data.tallies.find((x) => x.motionId === t.motionId);
      if (row.secret && t.for.weight + t.against.weight + t.abstain.weight !== secretWeight) {
        fail(`round ${roundId}, ${t.ref}: the recorded weights (${t.for.weight + t.against.weight + t.abstain.weight}) differ from the weight of the members who voted (${secretWeight})`);
      }
      for (const k of ['for', 'against', 'abstain'] as const) {
        if (row.secret ? c[k].count !== t[k].count : c[k].weight !== t[k].weight || c[k].count !== t[k].count) {
          fail(`round ${roundId}, ${t.ref}: recount of "${k}" (${row.secret ? `${c[k].count} ballots` : c[k].weight}) differs from the recorded result (${row.secret ? `${t[k].count} ballots` : t[k].weight})`);
        }
        if (logged && (logged[k].weight !== t[k].weight || logged[k].count !== t[k].count)) fail(`round ${roundId}, ${t.ref}: the recorded "${k}" differs from the audit log`);
      }
      if (logged && logged.outcome !== t.outcome) fail(`round ${roundId}, ${t.ref}: the recorded outcome differs from the audit log`);
    }
  }
  if (problems.length > 0) return { ok: false, brokenAt: brokenAt ?? chain.entries, entries: chain.entries, problems };
  return { ok: true, entries: chain.entries, head: chain.head };
}
