// Registers the service worker and offers a new version with an "Update" button; it never
// reloads while an entry is being written.

import { clear, h } from './ui/dom.js';

let waiting = null;
let requested = false; // set by "Update": only then may a new worker reload the page

function offer(app, message = 'A new version of Fieldbook is ready.') {
  const banner = document.getElementById('update-banner');
  const note = h('p', { class: 'hint', role: 'status' });
  clear(banner).append(
    h('p', {}, message),
    h('button', {
      type: 'button',
      onclick: () => {
        if (app.dirty) {
          note.textContent = 'Save or leave the entry first, then press Update.';
          return;
        }
        requested = true;
        // The registration's own waiting worker: the one tracked may have been replaced since.
        navigator.serviceWorker?.getRegistration().then((reg) => {
          const next = (reg && reg.waiting) || waiting;
          if (next) next.postMessage('skip-waiting');
          else location.reload();
        });
      },
    }, 'Update'),
    note,
  );
  banner.hidden = false;
}

export function initUpdates(app) {
  app.syncer.addEventListener('upgrade-required', async () => {
    const reg = await navigator.serviceWorker?.getRegistration();
    await reg?.update().catch(() => {});
    offer(app, 'This version is too old for the server. Update to send your entries.');
  });
  if (!('serviceWorker' in navigator)) return;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install also changes the controller: reload only when Update was pressed.
    if (requested && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    const track = (worker) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) {
          waiting = worker;
          offer(app);
        }
      });
    };
    if (reg.waiting && navigator.serviceWorker.controller) {
      waiting = reg.waiting;
      offer(app);
    }
    reg.addEventListener('updatefound', () => track(reg.installing));
    setInterval(() => reg.update().catch(() => {}), 30 * 60 * 1000);
  }).catch((error) => console.warn('service worker not registered', error));
}
