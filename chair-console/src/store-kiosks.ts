/**
 * The store's part that owns the kiosks (store.ts composes it): pairing one with its link as a QR
 * code, revoking it, and the staff PIN the kiosks ask before Beheer.
 */
import type { Kiosk, KioskMode } from '../../shared/schemas.ts';
import type { StoreContext } from './store-context.ts';

export function kioskActions(ctx: StoreContext) {
  const { api, set, run, t, meetingId } = ctx;
  async function drawQr(url: string): Promise<void> {
    try {
      const { qrSvg } = await import('../../client-kit/qr.ts');
      if (ctx.state.lastKiosk?.url === url) set({ lastKiosk: { ...ctx.state.lastKiosk, qrSvg: qrSvg(url) } });
    } catch {
      if (ctx.state.lastKiosk?.url === url) set({ lastKiosk: { ...ctx.state.lastKiosk, qrFailed: true } });
    }
  }

  const act = {
    async loadKiosks(): Promise<void> {
      if (ctx.state.meetingId === null) return;
      set({ kiosks: await api.listKiosks(ctx.state.meetingId) });
      set({ kioskPinSet: (await api.getKioskPin(ctx.state.meetingId)).pinSet });
    },
    setKioskPin: (pin: string | null) =>
      run(async () => {
        set({ kioskPinSet: (await api.setKioskPin(meetingId(), pin)).pinSet });
        return pin === null ? t('staffPinRemoved') : t('staffPinSaved');
      }),
    pairKiosk: (name: string, mode: KioskMode) =>
      run(async () => {
        const kiosk = await api.pairKiosk(meetingId(), name, mode);
        set({ lastKiosk: { name: kiosk.name, url: kiosk.url, qrSvg: null, qrFailed: false } });
        void drawQr(kiosk.url);
        await act.loadKiosks();
        return t('paired', { name: kiosk.name });
      }),
    revokeKiosk: (kiosk: Kiosk) =>
      run(async () => {
        await api.revokeKiosk(kiosk.id);
        await act.loadKiosks();
        return t('kioskRevoked', { name: kiosk.name });
      }),
  };
  return act;
}
