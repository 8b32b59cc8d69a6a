/**
 * What the store's parts (store-rounds.ts, store-agenda.ts, store-presence.ts, store-kiosks.ts) get
 * from the store (store.ts): the state, the one way to change it, and how a chair action runs.
 */
import type { ChairApi } from './api.ts';
import type { StringKey } from './i18n.ts';
import type { Change, State } from './store-state.ts';

export interface StoreContext {
  readonly api: ChairApi;
  /** The state now (read it anew after every await). */
  readonly state: State;
  /** Changes the state and tells the views what changed. */
  set(patch: Partial<State>, change?: Change): void;
  /** Changes the state without a redraw: for a field that shows it already. */
  quietly(patch: Partial<State>): void;
  /**
   * Runs a chair action: shows the server's message when refused, refreshes over HTTP afterwards.
   * Resolves true when it succeeded.
   */
  run(action: () => Promise<string | void>): Promise<boolean>;
  /** The console's words, in its language now. */
  t(key: StringKey, vars?: Record<string, string | number>): string;
  /** The meeting chosen (0 when none). */
  meetingId(): number;
  /** Re-reads the presence register (and the proxies of a meeting that allows them). */
  loadPresenceList(): Promise<void>;
}
