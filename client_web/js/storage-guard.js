// Guards against evicted storage: ask for persistent storage, and let the worker keep a copy
// of everything unsent as a file.

import { unsentExport } from './store.js';

// 'persisted', 'refused' or 'unsupported'.
export async function requestPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return 'unsupported';
  try {
    if (await navigator.storage.persisted()) return 'persisted';
    return (await navigator.storage.persist()) ? 'persisted' : 'refused';
  } catch {
    return 'refused';
  }
}

export async function downloadUnsent(user) {
  const data = await unsentExport(user.id);
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `fieldbook-unsent-${user.username}-${data.exported_at.slice(0, 16).replace(/[:T]/g, '-')}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return data;
}
