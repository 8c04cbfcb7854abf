// saved-store.js: the visitor's saved homes, kept in localStorage on this device.
const KEY = 'harbourview:saved';

export function savedIds() {
  try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch { return []; }
}

export function isSaved(id) { return savedIds().includes(id); }

/** Adds or removes `id`; returns true when it is now saved. */
export function toggleSaved(id) {
  const ids = savedIds();
  const on = !ids.includes(id);
  const next = on ? ids.concat(id) : ids.filter((x) => x !== id);
  try { localStorage.setItem(KEY, JSON.stringify(next)); } catch { /* private mode: the button still flips */ }
  return on;
}
