// notify.ts: on(name, listener) and the diagnostics notifications.

export type NoteName = 'queued' | 'sent' | 'dropped' | 'invalid' | 'error';
type Listener = (data: any) => void;

export interface Notifier {
  on(name: NoteName, listener: Listener): () => void;
  _emit(name: NoteName, data: unknown): void;
}

/** `debug` logs every notification to the console (data-debug). */
export function createNotifier(debug?: boolean): Notifier {
  const all: { [name: string]: Set<Listener> } = {};
  return {
    on(name, listener) {
      const set = all[name] || (all[name] = new Set());
      set.add(listener);
      return () => set.delete(listener);
    },
    _emit(name, data) {
      if (debug) console.log('homing ' + name, data);
      // A listener that throws must not break tracking, nor the other listeners.
      for (const l of Array.from(all[name] || [])) try { l(data); } catch (e) { /* page code's own error */ }
    },
  };
}
