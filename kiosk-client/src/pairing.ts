/**
 * Pairing: the admin's kiosk URL carries the token in the fragment (`/kiosk/#token=...`), so it never
 * reaches a server log. The page keeps it in localStorage (pairing survives a reload) and removes it
 * from the address bar at once.
 */
export const TOKEN_KEY = 'stemkaart.kiosk.token';
export const LANG_KEY = 'stemkaart.kiosk.lang';
export const DIRECTION_KEY = 'stemkaart.kiosk.direction';
export const CAMERA_KEY = 'stemkaart.kiosk.camera';

export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token && token.length <= 512 && !/\s/.test(token) ? token : null;
}

interface PairingPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** The token of this kiosk: a new one from the URL wins over the stored one. */
export function takePairing({ location, history, storage }: PairingPlace): string | null {
  const fromUrl = tokenFromHash(location.hash);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function forgetPairing(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(TOKEN_KEY);
}
