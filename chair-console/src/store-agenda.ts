/**
 * The store's part that owns the agenda (store.ts composes it): manual results, withdrawals, edits
 * of motions and items, and what the projector shows.
 */
import { ApiFailure } from '../../client-kit/api.ts';
import type { ManualResultInput } from '../../shared/chair.ts';
import type { AgendaItem, AgendaItemPatch, Motion, MotionPatch } from '../../shared/schemas.ts';
import type { StoreContext } from './store-context.ts';

export function agendaActions(ctx: StoreContext) {
  const { api, set, run, t, meetingId } = ctx;
  /** An edit of the agenda: a 409 gets a sentence that says why and what can be done instead. */
  async function edit(action: () => Promise<string>): Promise<boolean> {
    return run(async () => {
      try {
        return await action();
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 409) throw new Error(`${error.message} ${t('editRefusedHint')}`, { cause: error });
        throw error;
      }
    });
  }

  return {
    recordManualResult: (motion: Motion, input: ManualResultInput) =>
      run(async () => {
        await api.recordManualResult(motion.id, input);
        return t('manualSaved', { ref: motion.ref });
      }),
    withdraw: (motion: Motion) =>
      run(async () => {
        await api.withdrawMotion(motion.id);
        return t('withdrawn', { ref: motion.ref });
      }),
    editMotion: (motion: Motion, patch: MotionPatch) =>
      edit(async () => {
        const changed = await api.patchMotion(motion.id, patch);
        return t('motionSaved', { ref: changed.ref });
      }),
    deleteMotion: (motion: Motion) =>
      edit(async () => {
        await api.deleteMotion(motion.id);
        return t('motionDeleted', { ref: motion.ref });
      }),
    editItem: (item: AgendaItem, patch: AgendaItemPatch) =>
      edit(async () => {
        const changed = await api.patchItem(item.id, patch);
        return t('itemSaved', { number: changed.number });
      }),
    deleteItem: (item: AgendaItem) =>
      edit(async () => {
        await api.deleteItem(item.id);
        return t('itemDeleted', { number: item.number });
      }),

    // ---------- the projector ----------
    showOnProjector: (motion: Motion) =>
      run(async () => {
        const projector = await api.setProjector(meetingId(), { show: 'motion', motionId: motion.id });
        set({ projector }, 'meeting');
        return t('projectorShows', { ref: motion.ref });
      }),
    projectorAuto: () =>
      run(async () => {
        const projector = await api.setProjector(meetingId(), { show: 'auto' });
        set({ projector }, 'meeting');
        return t('projectorAutoDone');
      }),
  };
}
