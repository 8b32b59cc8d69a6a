import { EventEmitter } from 'node:events';

/**
 * A typed EventEmitter over an event map `{ name: payload }`. `deliver` decides when listeners run
 * (the domain's bus passes `afterCommit`, so an emit inside a transaction waits for its commit).
 */
export class TypedEmitter<Events extends object> {
  private readonly inner = new EventEmitter({ captureRejections: false });
  constructor(private readonly deliver: (send: () => void) => void = (send) => send()) {
    this.inner.setMaxListeners(100);
  }
  on<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): () => void {
    this.inner.on(event, listener);
    return () => this.inner.off(event, listener);
  }
  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    this.deliver(() => this.inner.emit(event, payload));
  }
}
