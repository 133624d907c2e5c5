// The app: session, router, status and sync triggers. Screens live in ui/, one per file.

import { fetchJSON, postJSON } from './api.js';
import * as session from './session.js';
import * as store from './store.js';
import { LOCK, Syncer, TIMER_MS } from './sync.js';
import { requestPersistence } from './storage-guard.js';
import { initUpdates } from './updates.js';
import { applyTheme } from './theme.js';
import { clear, h } from './ui/dom.js';
import { renderStatus } from './ui/status-bar.js';
import { routes } from './ui/routes.js';

const SESSION_ENDED = 'Your session ended. Sign in again to send your unsent entries; they are kept on this phone.';
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('fieldbook') : null;

export const app = {
  user: null,
  syncer: new Syncer(),
  dirty: false,
  storage: 'unknown',
  notice: null,
  main: null,
  fetchJSON,
  postJSON,
  go(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  // After a save: tell other tabs, refresh the status, send it if online.
  async saved() {
    app.dirty = false;
    channel?.postMessage('changed');
    if (app.reloadAfterSave) {
      location.reload();
      return;
    }
    await refreshStatus();
    if (navigator.onLine) app.syncer.sync('save');
  },
  // The server ended the session: ask to sign in, but never over an entry being written.
  sessionEnded() {
    app.previousUser = app.user || app.previousUser;
    app.notice = SESSION_ENDED;
    if (app.dirty) {
      refreshStatus();
      return;
    }
    app.user = null;
    render();
  },
  // "Keep working offline" on the sign-in screen: entries are saved, sent after signing in.
  keepWorking() {
    app.user = app.previousUser;
    app.syncer.pause(app.user);
    app.go('#/');
  },
  refreshStatus: () => refreshStatus(),
  signIn: (user) => signedIn(user),
  // An explicit sign-out: the user's unsent entries stay for them, what they pulled goes.
  async signOut() {
    const user = app.user;
    app.syncer.setUser(null); // no sync starts for them from here on
    await session.signOut();
    channel?.postMessage('session');
    if (user) await forgetPulled(user);
    app.user = null;
    app.previousUser = null;
    app.notice = null;
    app.go('#/');
  },
};

// A shared or lost phone keeps nothing of a signed-out user that the server can give again
// (roster, neighborhoods, a lead's team entries, cached reports); the next sign-in pulls anew.
// A sync still running (in any tab: the sync lock) finishes first, so it cannot write after.
async function forgetPulled(user) {
  await app.syncer.running;
  const drop = () => store.resetPulled(user.id);
  await (navigator.locks ? navigator.locks.request(LOCK, drop) : drop());
  try {
    (await import('/js/lead/report-store.js')).clearCachedReports();
  } catch {
    // No team screens in this build: nothing of theirs was cached.
  }
}

async function refreshStatus() {
  const el = document.getElementById('status');
  if (!app.user) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const [pending, rejected, lastSuccess] = await Promise.all([
    store.pendingCount(app.user.id),
    store.listRejected(app.user.id).then((r) => r.length),
    store.getMeta(`last_sync:${app.user.id}`),
  ]);
  if (!app.user) return; // signed out while counting
  renderStatus(el, {
    online: navigator.onLine, pending, rejected, lastSuccess, status: app.syncer.status,
    onSync: () => (app.syncer.paused ? app.sessionEnded() : app.syncer.sync('manual')),
  });
}

function renderNav() {
  const nav = document.getElementById('nav');
  clear(nav);
  nav.hidden = !app.user;
  if (!app.user) return;
  const current = location.hash.split('/')[1] || '';
  const items = [
    ['visit', 'Log visit'], ['mediation', 'Log mediation'], ['', 'Home'], ['entries', 'My entries'],
    ['neighborhoods', 'My neighborhoods'], ['attention', 'Needs attention'],
  ];
  if (['lead', 'admin'].includes(app.user.role)) items.push(['team', 'Team coverage']);
  items.push(['settings', 'Settings'], ['signout', 'Sign out']);
  for (const [route, label] of items) {
    const primary = route === 'visit' || route === 'mediation';
    nav.append(h('button', {
      type: 'button', class: primary ? 'primary' : '',
      'aria-current': route === current ? 'page' : null,
      onclick: () => {
        if (app.dirty && !confirm('Leave this entry without saving it?')) return;
        app.dirty = false;
        app.go(route === 'visit' || route === 'mediation' ? `#/${route}/new` : `#/${route}`);
      },
    }, label));
  }
}

// New data arrived: redraw the screen, except a form the worker has started filling in.
function rerender() {
  if (app.user && app.dirty) refreshStatus();
  else render();
}

export async function render() {
  const main = app.main;
  renderNav();
  refreshStatus();
  if (!app.user) {
    await routes.signin(main, app);
    return;
  }
  const [, name = '', ...args] = location.hash.split('/');
  if (name !== 'visit' && name !== 'mediation') app.dirty = false; // left the form (e.g. Back)
  const screen = routes[name] || routes[''];
  await screen(main, app, ...args);
  if (location.hash !== lastRoute) {
    // A new screen starts at its top, and a screen reader hears it from there.
    lastRoute = location.hash;
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
}

let lastRoute = null;

async function signedIn(user) {
  app.user = user;
  app.notice = null;
  app.previousUser = null;
  app.syncer.setUser(user);
  channel?.postMessage('session');
  app.storage = await requestPersistence();
  if (location.hash !== '#/') app.go('#/');
  else render();
  app.syncer.sync('start');
}

export async function start() {
  applyTheme();
  app.main = document.getElementById('main');
  initUpdates(app);
  app.syncer.addEventListener('status', () => refreshStatus());
  app.syncer.addEventListener('changed', () => { channel?.postMessage('changed'); rerender(); });
  app.syncer.addEventListener('signed-out', () => app.sessionEnded());
  window.addEventListener('hashchange', () => render());
  window.addEventListener('online', () => { refreshStatus(); app.syncer.sync('online'); });
  window.addEventListener('offline', () => {
    if (app.syncer.status.phase !== 'syncing' && !app.syncer.paused) {
      app.syncer.report('offline', 'Offline: entries are kept on this phone and sent when online.');
    }
    refreshStatus();
  });
  // A phone taken out of a pocket: sync now rather than at the next tick.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) app.syncer.sync('visible');
  });
  setInterval(() => {
    if (document.visibilityState === 'visible' && navigator.onLine) app.syncer.sync('timer');
  }, TIMER_MS);
  channel?.addEventListener('message', async (event) => {
    if (event.data === 'session') {
      const local = await store.getMeta('session_user');
      // Another tab signed in or out: start over, but never over an entry being written.
      if ((local && local.id) !== (app.user && app.user.id)) {
        if (app.dirty) app.reloadAfterSave = true;
        else location.reload();
      }
    } else rerender();
  });

  const restored = await session.restore();
  if (restored.user) {
    app.user = restored.user;
    app.syncer.setUser(restored.user);
    app.storage = await requestPersistence();
    await render();
    app.syncer.sync('start');
    return;
  }
  if (restored.expired) {
    app.notice = SESSION_ENDED;
    app.previousUser = restored.previous;
  } else if (restored.offline) {
    app.notice = 'You are offline. Signing in needs a connection once.';
  }
  await render();
}
