// notify.ts: on(name, listener) and the diagnostics notifications.

export type NoteName = 'queued' | 'sent' | 'dropped' | 'invalid' | 'error';
type Listener = (data: any) => void;

export interface Notifier {
  on(name: NoteName, listener: Listener): () => void;
  emit(name: NoteName, data: unknown): void;
}

/** `debug` logs every notification to the console (data-debug). */
export function createNotifier(debug?: boolean): Notifier {
  const all: { [name: string]: Listener[] } = {};
  return {
    on(name, listener) {
      const list = all[name] || (all[name] = []);
      list.push(listener);
      return () => {
        const i = list.indexOf(listener);
        if (i >= 0) list.splice(i, 1);
      };
    },
    emit(name, data) {
      if (debug) console.log('homing ' + name, data);
      // A listener that throws must not break tracking, nor the other listeners.
      for (const l of (all[name] || []).slice()) try { l(data); } catch (e) { /* page code's own error */ }
    },
  };
}
