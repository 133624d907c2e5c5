// Fieldbook's service worker: precaches the versioned app shell, serves it cache-first so the
// app opens with no network, and never touches /api/ (records travel only through sync).
// VERSION is filled in by the server (server/web.py) with a digest of the app's files: any
// change makes a new worker, and the page then offers "Update".

const VERSION = 'dev';
const CACHE = `fieldbook-shell-${VERSION}`;

const SHELL = [
  '/',
  '/index.html',
  '/manifest.webmanifest',
  '/css/app.css',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  '/js/main.js',
  '/js/app.js',
  '/js/api.js',
  '/js/db.js',
  '/js/geo.js',
  '/js/session.js',
  '/js/storage-guard.js',
  '/js/store.js',
  '/js/sync.js',
  '/js/theme.js',
  '/js/updates.js',
  '/js/util.js',
  '/js/ui/attention.js',
  '/js/ui/dom.js',
  '/js/ui/entries.js',
  '/js/ui/entry-form.js',
  '/js/ui/form-kit.js',
  '/js/ui/home.js',
  '/js/ui/mediation-form.js',
  '/js/ui/neighborhoods.js',
  '/js/ui/routes.js',
  '/js/ui/settings.js',
  '/js/ui/sign-in.js',
  '/js/ui/status-bar.js',
  '/js/ui/team.js',
  '/js/ui/visit-form.js',
];

// The team-lead screens list their own files; the app works without them.
self.FIELDBOOK_LEAD_FILES = [];
try {
  importScripts('/js/lead/precache-list.js');
} catch (error) {
  self.FIELDBOOK_LEAD_FILES = [];
}

async function precache() {
  const cache = await caches.open(CACHE);
  // cache: 'reload' skips the HTTP cache, so a new version never precaches stale files.
  await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
  const lead = Array.isArray(self.FIELDBOOK_LEAD_FILES) ? self.FIELDBOOK_LEAD_FILES : [];
  await Promise.all(lead.map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => {})));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('fieldbook-shell-') && n !== CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

// The page asks for this only when the worker pressed "Update" (never mid-entry).
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html')) {
    // The app is one page; the router reads the hash.
    event.respondWith(caches.match('/', { cacheName: CACHE }).then((hit) => hit || fetch(event.request)));
    return;
  }
  event.respondWith(
    caches.match(event.request, { cacheName: CACHE, ignoreSearch: true })
      .then((hit) => hit || fetch(event.request)),
  );
});
