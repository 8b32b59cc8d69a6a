/**
 * The store's part that owns the registration desk (store.ts composes it): presence by hand, written
 * proxies (volmacht) and the members' voting cards.
 */
import type { Member } from '../../shared/schemas.ts';
import type { StoreContext } from './store-context.ts';
import { resolveMember } from './store-state.ts';

export function presenceActions(ctx: StoreContext) {
  const { api, set, quietly, run, t, meetingId, loadPresenceList } = ctx;
  const act = {
    setPresenceFilter(presenceFilter: string): void {
      set({ presenceFilter });
    },
    setPresenceMember(presenceMember: string): void {
      // The field shows it already: nothing to redraw.
      quietly({ presenceMember });
    },
    /** Checks a member in or out by hand. */
    setPresence: (memberCode: string, direction: 'in' | 'out') =>
      run(async () => {
        const result = await api.setPresence(meetingId(), memberCode, direction);
        return t(result.present ? 'checkedIn' : 'checkedOut', { name: result.member.name });
      }),
    /** Checks the member typed in the presence form in or out; false (and a message) when no member matches. */
    checkTypedMember(direction: 'in' | 'out'): boolean {
      const member = resolveMember(ctx.state, ctx.state.presenceMember);
      if (!member) {
        set({ flash: { kind: 'error', text: t('unknownMember') } });
        return false;
      }
      void run(async () => {
        const result = await api.setPresence(meetingId(), member.code, direction);
        set({ presenceMember: '' });
        return t(result.present ? 'checkedIn' : 'checkedOut', { name: result.member.name });
      });
      return true;
    },

    // ---------- proxies (volmacht) ----------
    setProxyField(field: 'principal' | 'holder' | 'reference', value: string): void {
      // The field shows it already: nothing to redraw.
      quietly({ proxyForm: { ...ctx.state.proxyForm, [field]: value } });
    },
    /** Registers the written proxy typed in the form; false (and a message) when a member does not match. */
    addTypedProxy(): boolean {
      const principal = resolveMember(ctx.state, ctx.state.proxyForm.principal);
      const holder = resolveMember(ctx.state, ctx.state.proxyForm.holder);
      if (!principal || !holder) {
        set({ flash: { kind: 'error', text: t('unknownMember') } });
        return false;
      }
      void run(async () => {
        const proxy = await api.addProxy(meetingId(), { principal: principal.code, holder: holder.code, reference: ctx.state.proxyForm.reference.trim() || null });
        set({ proxyForm: { principal: '', holder: '', reference: '' } });
        await loadPresenceList();
        return t('proxyRegistered', { principal: proxy.principalName, holder: proxy.holderName });
      });
      return true;
    },
    endProxy: (proxyId: number) =>
      run(async () => {
        const proxy = await api.endProxy(proxyId);
        await loadPresenceList();
        return t('proxyEnded', { principal: proxy.principalName, holder: proxy.holderName });
      }),

    // ---------- cards ----------
    setCardFilter(cardFilter: string): void {
      set({ cardFilter });
    },
    async loadCards(): Promise<void> {
      if (ctx.state.meetingId === null) return;
      const list = await api.listCards(ctx.state.meetingId);
      set({ cards: new Map(list.map((c) => [c.memberCode, c])) });
    },
    reissue: (member: Member) =>
      run(async () => {
        const outcome = await api.reissueCard(meetingId(), member.code);
        if (ctx.state.lastCard?.outcome.kind === 'pdf') URL.revokeObjectURL(ctx.state.lastCard.outcome.url);
        set({ lastCard: { name: member.name, outcome } });
        await act.loadCards();
        return t('reissued', { name: member.name });
      }),
    revoke: (member: Member) =>
      run(async () => {
        await api.revokeCard(meetingId(), member.code);
        set({ lastCard: null });
        await act.loadCards();
        return t('revoked', { name: member.name });
      }),
  };
  return act;
}
