// A tiny typed event hub: the app core emits engine snapshots and token events; Electron main
// forwards them to the window, the web preview to its Server-Sent Events stream.
import type { Events } from '../../shared/ipc/contract';
import type { EventName } from '../../shared/ipc/methods';

type Listener<E extends EventName> = (payload: Events[E]) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // One broken subscriber (a closed window) must not stop the others.
        console.error(`event ${name}: listener failed: ${(error as Error).message}`);
      }
    }
  }
}
