import { ApiError } from '../../../shared/errors.ts';
import { MeetingPatchSchema, ProxyInputSchema, type Meeting, type MemberRef, type Proxy, type ProxyRule, type WeightCount } from '../../../shared/schemas.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../audit/audit.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { DomainContext } from '../context.ts';
import { zodMessage, type MeetingsService } from '../meetings/meetings.service.ts';
import type { MemberInfo, MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { ProxyFileRow } from './proxy-file.ts';

interface ProxyRow {
  id: number;
  meeting_id: number;
  principal_id: number;
  holder_id: number;
  reference: string | null;
  created_at: string;
  ended_at: string | null;
}

/** A proxy that has not ended, as memory keeps it. */
interface LiveProxy {
  id: number;
  principalId: number;
  holderId: number;
}

/** A meeting's proxy rule and its proxies that have not ended. */
interface MeetingProxies {
  rule: ProxyRule;
  byPrincipal: Map<number, LiveProxy>;
  byHolder: Map<number, LiveProxy[]>;
}

/** A principal whose proxy the holder can use now, with the principal's frozen weight. */
export interface ActiveProxy {
  member: MemberInfo;
  weight: number;
}

export type ProxiesService = ReturnType<typeof createProxies>;

/**
 * Proxy votes (volmacht, docs/api.md "Proxy votes"). Owns the `proxies` table and, per meeting, the
 * proxy rule and the proxies that have not ended, in memory: read on first use, changed after the
 * commit of a rule change, a new proxy or an ended one (nothing else writes them). Whether a proxy is
 * active is not stored: it follows from presence and cards at the moment it is asked (the holder
 * present with an active card, the principal entitled and not present), so a check-in, a check-out
 * or a revoked card changes it at once without an invalidation here.
 */
export function createProxies(ctx: DomainContext, deps: { members: MembersService; meetings: MeetingsService; cards: CardsService; presence: PresenceService }) {
  const { db, audit, events, now } = ctx;
  const { members, meetings, cards, presence } = deps;
  const ofMeetingStmt = db.prepare('SELECT * FROM proxies WHERE meeting_id = ? ORDER BY id');
  const liveOfMeetingStmt = db.prepare('SELECT id, principal_id, holder_id FROM proxies WHERE meeting_id = ? AND ended_at IS NULL ORDER BY id');
  const byIdStmt = db.prepare('SELECT * FROM proxies WHERE id = ?');
  const insertStmt = db.prepare('INSERT INTO proxies (meeting_id, principal_id, holder_id, reference, created_at) VALUES (?, ?, ?, ?, ?)');
  const endStmt = db.prepare('UPDATE proxies SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
  // Read only: whether a round of the meeting was ever opened (the rule is fixed from then on).
  const everOpenedStmt = db.prepare('SELECT 1 FROM rounds WHERE meeting_id = ? AND opened_at IS NOT NULL LIMIT 1').pluck();

  const cache = new Map<number, MeetingProxies>();

  function build(rule: ProxyRule, rows: { id: number; principal_id: number; holder_id: number }[]): MeetingProxies {
    const mp: MeetingProxies = { rule, byPrincipal: new Map(), byHolder: new Map() };
    for (const r of rows) remember(mp, { id: r.id, principalId: r.principal_id, holderId: r.holder_id });
    return mp;
  }
  function remember(mp: MeetingProxies, p: LiveProxy): void {
    mp.byPrincipal.set(p.principalId, p);
    const list = mp.byHolder.get(p.holderId);
    if (list) list.push(p);
    else mp.byHolder.set(p.holderId, [p]);
  }
  function forget(mp: MeetingProxies, p: LiveProxy): void {
    mp.byPrincipal.delete(p.principalId);
    const rest = (mp.byHolder.get(p.holderId) ?? []).filter((q) => q.id !== p.id);
    if (rest.length > 0) mp.byHolder.set(p.holderId, rest);
    else mp.byHolder.delete(p.holderId);
  }

  /** The meeting's rule and live proxies; kept only when read outside a transaction. */
  function of(meetingId: number, meeting?: Meeting): MeetingProxies {
    let mp = cache.get(meetingId);
    if (!mp) {
      mp = build((meeting ?? meetings.get(meetingId)).proxies, liveOfMeetingStmt.all(meetingId) as ProxyRow[]);
      if (!inOpenTransaction(db)) cache.set(meetingId, mp);
    }
    return mp;
  }

  /** Active: the meeting allows proxies, the holder is present with an active card, the principal is entitled and not present. */
  function isActive(meetingId: number, p: LiveProxy, holderPresent?: boolean): boolean {
    const entitled = cards.entitled(meetingId);
    return (
      entitled.has(p.holderId) &&
      entitled.has(p.principalId) &&
      (holderPresent ?? presence.isPresent(meetingId, p.holderId)) &&
      !presence.isPresent(meetingId, p.principalId)
    );
  }

  function view(meetingId: number, row: ProxyRow): Proxy {
    const principal = members.byId(row.principal_id)!;
    const holder = members.byId(row.holder_id)!;
    const mp = of(meetingId);
    const live = mp.byPrincipal.get(row.principal_id);
    const state = row.ended_at !== null ? 'ended' : mp.rule.allowed && live && isActive(meetingId, live) ? 'active' : 'suspended';
    return {
      id: row.id,
      principal: principal.code,
      holder: holder.code,
      principalName: principal.name,
      holderName: holder.name,
      reference: row.reference,
      state,
      createdAt: row.created_at,
      endedAt: row.ended_at,
    };
  }

  const invalid = (nl: string, en: string) => new ApiError('validation', { nl, en });
  function entitledMember(meetingId: number, code: string, role: { nl: string; en: string }): MemberInfo {
    const m = members.byCode(code);
    if (!m) throw invalid(`${role.nl} ${code} is geen lid.`, `${role.en} ${code} is not a member.`);
    if (!cards.entitled(meetingId).has(m.id)) throw invalid(`${role.nl} ${m.code} heeft geen stemkaart in deze vergadering.`, `${role.en} ${m.code} has no card in this meeting.`);
    return m;
  }

  // Presence counts a member represented by an active proxy as present (docs/api.md, "Proxy votes").
  presence.countRepresented((meetingId) => {
    const mp = of(meetingId);
    if (!mp.rule.allowed) return null;
    const entitled = cards.entitled(meetingId);
    const r: WeightCount = { count: 0, weight: 0 };
    for (const p of mp.byPrincipal.values()) {
      if (isActive(meetingId, p)) {
        r.count++;
        r.weight += entitled.get(p.principalId)!;
      }
    }
    return r;
  });

  return {
    rule: (meetingId: number): ProxyRule => of(meetingId).rule,

    /** `PATCH /api/meetings/:id`: the proxy rule, while no round of the meeting was ever opened. */
    setRule(meetingId: number, input: unknown, actor: Actor): Meeting {
      const meeting = meetings.get(meetingId);
      const parsed = MeetingPatchSchema.safeParse(input);
      if (!parsed.success) throw invalid(zodMessage(parsed.error.issues), zodMessage(parsed.error.issues));
      const rule = parsed.data.proxies;
      if (everOpenedStmt.get(meetingId) !== undefined) {
        throw new ApiError('invalid_state', {
          nl: 'De regel voor volmachten ligt vast zodra een stemronde van de vergadering is geopend.',
          en: 'The proxy rule is fixed once a round of the meeting has been opened.',
        });
      }
      const mp = of(meetingId, meeting);
      const most = Math.max(0, ...Array.from(mp.byHolder.values(), (l) => l.length));
      if (mp.byPrincipal.size > 0 && (!rule.allowed || most > rule.maxPerHolder)) {
        throw new ApiError('invalid_state', {
          nl: `Er zijn ${mp.byPrincipal.size} volmachten geregistreerd (tot ${most} per gevolmachtigde): beëindig die eerst.`,
          en: `${mp.byPrincipal.size} proxies are registered (up to ${most} per holder): end them first.`,
        });
      }
      inTransaction(db, () => {
        meetings.writeProxyRule(meetingId, rule);
        audit.append(meetingId, actor, 'meeting.proxies_changed', { proxies: rule });
        events.emit('presence-changed', { meetingId });
        afterCommit(db, () => {
          const known = cache.get(meetingId);
          if (known) known.rule = rule;
        });
      });
      return meetings.get(meetingId);
    },

    /** `POST /api/meetings/:id/proxies`. */
    add(meetingId: number, input: unknown, actor: Actor): Proxy {
      const meeting = meetings.get(meetingId);
      const parsed = ProxyInputSchema.safeParse(input);
      if (!parsed.success) throw invalid(zodMessage(parsed.error.issues), zodMessage(parsed.error.issues));
      // Inside a larger transaction (a file of proxies) the proxies added before it are not in memory yet.
      const mp = inOpenTransaction(db) ? build(meeting.proxies, liveOfMeetingStmt.all(meetingId) as ProxyRow[]) : of(meetingId, meeting);
      if (!mp.rule.allowed) throw new ApiError('proxies_not_allowed');
      const principal = entitledMember(meetingId, parsed.data.principal, { nl: 'Volmachtgever', en: 'Principal' });
      const holder = entitledMember(meetingId, parsed.data.holder, { nl: 'Gevolmachtigde', en: 'Holder' });
      if (principal.id === holder.id) throw invalid('Volmachtgever en gevolmachtigde zijn hetzelfde lid.', 'The principal and the holder are the same member.');
      if (mp.byPrincipal.has(principal.id)) throw new ApiError('proxy_exists', { nl: `${principal.name} heeft al een volmacht gegeven.`, en: `${principal.name} has already given a proxy.` });
      if (mp.byPrincipal.has(holder.id)) throw new ApiError('proxy_chain', { nl: `${holder.name} heeft zelf een volmacht gegeven.`, en: `${holder.name} has given a proxy.` });
      if (mp.byHolder.has(principal.id)) throw new ApiError('proxy_chain', { nl: `${principal.name} heeft zelf volmachten.`, en: `${principal.name} holds proxies.` });
      if ((mp.byHolder.get(holder.id)?.length ?? 0) >= mp.rule.maxPerHolder) {
        throw new ApiError('proxy_limit', { nl: `${holder.name} heeft al ${mp.rule.maxPerHolder} volmacht(en), het maximum.`, en: `${holder.name} already holds ${mp.rule.maxPerHolder} proxies, the maximum.` });
      }
      const reference = parsed.data.reference || null;
      const id = inTransaction(db, () => {
        const id = Number(insertStmt.run(meetingId, principal.id, holder.id, reference, now()).lastInsertRowid);
        audit.append(meetingId, actor, 'proxy.registered', { proxyId: id, principal: principal.code, holder: holder.code, reference });
        events.emit('presence-changed', { meetingId });
        afterCommit(db, () => {
          const known = cache.get(meetingId);
          if (known) remember(known, { id, principalId: principal.id, holderId: holder.id });
        });
        return id;
      });
      return view(meetingId, byIdStmt.get(id) as ProxyRow);
    },

    /** A file of proxies (`stemkaart proxies import`): all or nothing; a refusal names the file's row. */
    importRows(meetingId: number, rows: ProxyFileRow[], actor: Actor): Proxy[] {
      return inTransaction(db, () =>
        rows.map((r) => {
          try {
            return this.add(meetingId, { principal: r.principal, holder: r.holder, reference: r.reference }, actor);
          } catch (err) {
            if (!(err instanceof ApiError)) throw err;
            throw new ApiError(err.reason, { nl: `Rij ${r.row}: ${err.messageIn('nl')}`, en: `Row ${r.row}: ${err.messageIn('en')}` });
          }
        }),
      );
    },

    /** `DELETE /api/proxies/:id`: the proxy ends; ballots it cast stay. Ending an ended proxy changes nothing. */
    end(proxyId: number, actor: Actor): Proxy {
      const row = byIdStmt.get(proxyId) as ProxyRow | undefined;
      if (!row) throw new ApiError('not_found', { nl: `Volmacht ${proxyId} bestaat niet.`, en: `Proxy ${proxyId} does not exist.` });
      if (row.ended_at === null) {
        inTransaction(db, () => {
          endStmt.run(now(), proxyId);
          audit.append(row.meeting_id, actor, 'proxy.ended', { proxyId, principal: members.byId(row.principal_id)!.code, holder: members.byId(row.holder_id)!.code });
          events.emit('presence-changed', { meetingId: row.meeting_id });
          afterCommit(db, () => {
            const known = cache.get(row.meeting_id);
            const live = known?.byPrincipal.get(row.principal_id);
            if (known && live?.id === proxyId) forget(known, live);
          });
        });
      }
      return view(row.meeting_id, byIdStmt.get(proxyId) as ProxyRow);
    },

    /** `GET /api/meetings/:id/proxies`: every proxy of the meeting, ended ones included, with its state now. */
    list(meetingId: number): Proxy[] {
      meetings.get(meetingId);
      return (ofMeetingStmt.all(meetingId) as ProxyRow[]).map((r) => view(meetingId, r));
    },

    /** True when the meeting allows proxies (the scan then says which ones the card's member can use). */
    allowed: (meetingId: number): boolean => of(meetingId).rule.allowed,

    /**
     * The proxies a card's member holds, split into those it can use now and those suspended (the
     * principal present, or its card withdrawn). `holderPresent`: the holder counts as present (a
     * meeting without check-in, where a ballot checks in).
     */
    held(meetingId: number, holderId: number, holderPresent: boolean): { active: ActiveProxy[]; suspended: MemberRef[] } {
      const mp = of(meetingId);
      const active: ActiveProxy[] = [];
      const suspended: MemberRef[] = [];
      if (!mp.rule.allowed) return { active, suspended };
      const entitled = cards.entitled(meetingId);
      for (const p of mp.byHolder.get(holderId) ?? []) {
        const m = members.byId(p.principalId)!;
        const weight = entitled.get(p.principalId) ?? m.weight;
        if (isActive(meetingId, p, holderPresent)) active.push({ member: m, weight });
        else suspended.push({ code: m.code, name: m.name, weight });
      }
      return { active, suspended };
    },

    /**
     * The member a ballot `onBehalfOf` names (whether its proxy applies is asked after a resend was
     * ruled out: a resend of an acknowledged ballot answers its receipt even when the proxy has ended since).
     */
    principalOf(meetingId: number, holderId: number, code: string): MemberInfo {
      const m = members.byCode(code);
      if (!m || m.id === holderId) throw new ApiError('proxy_inactive');
      return m;
    },

    /** The principal named by `code` when the holder can use its proxy now; otherwise `409 proxy_inactive`. */
    activeFor(meetingId: number, holderId: number, code: string, holderPresent: boolean): ActiveProxy {
      const mp = of(meetingId);
      const m = members.byCode(code);
      const p = m ? mp.byPrincipal.get(m.id) : undefined;
      if (!m || !p || p.holderId !== holderId || !mp.rule.allowed || !isActive(meetingId, p, holderPresent)) throw new ApiError('proxy_inactive');
      return { member: m, weight: cards.entitled(meetingId).get(m.id)! };
    },

    /**
     * Inside the ballot's transaction: the proxy still applies (the principal did not check in, the
     * proxy was not ended, the holder's card was not withdrawn while the ballot was on its way).
     */
    assertStillActive(meetingId: number, holderId: number, principalId: number, holderPresent: boolean): void {
      const p = of(meetingId).byPrincipal.get(principalId);
      if (!p || p.holderId !== holderId || !isActive(meetingId, p, holderPresent)) throw new ApiError('proxy_inactive');
    },
  };
}
