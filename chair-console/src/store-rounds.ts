/**
 * The store's part that owns the rounds (store.ts composes it): the draft of a new round, opening,
 * closing, cancelling and revoting, the practice round, the secrecy checks, and the audit of the
 * results tab.
 */
import type { Round } from '../../shared/schemas.ts';
import type { SecrecyCheck, SecretRoundCheck } from '../../shared/secrecy.ts';
import type { StoreContext } from './store-context.ts';
import { emptyDraft, practiceMotions, SMALL_SECRET_ROUND, type RoundDraft } from './store-state.ts';
import { sortForVote } from './order.ts';

export function roundActions(ctx: StoreContext) {
  const { api, set, run, t, meetingId } = ctx;
  /** The secrecy check being asked (round:count), so that redraws do not ask it twice. */
  let secrecyAsked: string | null = null;

  const act = {
    chooseMotion(id: number, chosen: boolean): void {
      const selected = new Set(ctx.state.draft.selected);
      if (chosen) selected.add(id);
      else selected.delete(id);
      set({ draft: { ...ctx.state.draft, selected } });
    },
    chooseOnly(id: number): void {
      set({ draft: { ...ctx.state.draft, selected: new Set([id]) } });
    },
    setDraft(patch: Partial<Omit<RoundDraft, 'selected'>>): void {
      const draft = { ...ctx.state.draft, ...patch };
      // A secret ballot cannot be changed later: it has no link to its member.
      if (draft.secret) draft.allowChange = false;
      set({ draft });
    },
    /** Prepares a round of the chosen motions (in the usual order), and opens it when asked. */
    async createRound(andOpen: boolean): Promise<void> {
      const meeting = ctx.state.meeting;
      const draft = ctx.state.draft;
      if (!meeting) return;
      if (draft.selected.size === 0) {
        set({ flash: { kind: 'error', text: t('chooseAtLeastOne') } });
        return;
      }
      const ok = await run(async () => {
        const round = await api.createRound(meeting.id, {
          motionIds: sortForVote(meeting.agenda, draft.selected),
          secret: draft.secret,
          allowChange: draft.secret ? false : draft.allowChange,
          showLive: draft.showLive,
          majority: draft.majority,
          quorumPercent: draft.quorumPercent,
        });
        if (!andOpen) return t('roundCreated', { id: round.number });
        await api.openRound(round.id);
        set({ focusLive: true });
        return t('roundOpened', { id: round.number });
      });
      if (ok) set({ draft: emptyDraft(draft.majority) });
    },
    /**
     * "Proefstemming houden": a round on the practice motions (the demo's 1.P), opened at once. Open,
     * simple majority, no quorum, the tally on the hall screen: it decides nothing.
     */
    async holdPractice(): Promise<void> {
      const meeting = ctx.state.meeting;
      const motions = practiceMotions(ctx.state);
      if (!meeting || motions.length === 0) {
        set({ flash: { kind: 'error', text: t('noPracticeMotion') } });
        return;
      }
      await run(async () => {
        const round = await api.createRound(meeting.id, {
          motionIds: motions.map((m) => m.id),
          secret: false,
          allowChange: true,
          showLive: true,
          majority: 'simple',
          quorumPercent: 0,
        });
        await api.openRound(round.id);
        set({ focusLive: true });
        return t('practiceOpened', { id: round.number });
      });
    },
    /**
     * What the chair must know before a secret round opens: the server's check, or (a server
     * without it) the same rule over the presence the console holds.
     */
    async secretRoundCheck(): Promise<SecretRoundCheck> {
      try {
        return await api.secretRoundCheck(meetingId());
      } catch {
        const present = ctx.state.presence;
        return { present, minimumPresent: SMALL_SECRET_ROUND, fewPresent: present.count < SMALL_SECRET_ROUND, uniqueWeights: 0 };
      }
    },
    openRound: (id: number) =>
      run(async () => {
        const opened = await api.openRound(id);
        set({ focusLive: true });
        return t('roundOpened', { id: opened.number });
      }),
    closeRound: (id: number, confirmSmall = false) => run(async () => t('roundClosed', { id: (await api.closeRound(id, confirmSmall)).id })),
    /**
     * The secrecy check of an open secret round, asked again when its number of ballots changed (at
     * most one request at a time per round and count); null when it cannot be had.
     */
    async secrecyCheck(round: Round): Promise<SecrecyCheck | null> {
      const key = `${round.id}:${round.voted.count}`;
      if (ctx.state.secrecy?.roundId === round.id && ctx.state.secrecy.count === round.voted.count) return ctx.state.secrecy.check;
      if (secrecyAsked === key) return null;
      secrecyAsked = key;
      try {
        const check = await api.secrecyCheck(round.id);
        set({ secrecy: { roundId: round.id, count: round.voted.count, check } });
        return check;
      } catch {
        return null;
      } finally {
        if (secrecyAsked === key) secrecyAsked = null;
      }
    },
    cancelRound: (id: number, reason: string) => run(async () => t('roundCancelled', { id: (await api.cancelRound(id, reason)).id })),
    revote: (id: number) =>
      run(async () => {
        const fresh = await api.revoteRound(id);
        set({ focusLive: true });
        return t('revoteDone', { id: fresh.number });
      }),

    // ---------- results ----------
    async loadAudit(): Promise<void> {
      if (ctx.state.meetingId === null) return;
      set({ audit: await api.verifyAudit(ctx.state.meetingId) });
    },
    checkAudit: () => run(act.loadAudit),
  };
  return act;
}
