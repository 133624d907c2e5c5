// Home: today's entries, the storage warning, and whatever just happened (saved, signed in).

import { h, mount } from './dom.js';
import { entryList, todaysEntries } from './entries.js';
import { downloadUnsent } from '../storage-guard.js';

export async function homeScreen(main, app) {
  const items = await todaysEntries(app.user.id);
  // The last save's message stays a little while: a sync redraws home right after a save.
  const recent = app.flash && Date.now() - app.flashAt < 15000;
  const flash = recent ? h('p', { class: 'notice ok', role: 'status' }, app.flash) : null;
  const storage = app.storage === 'persisted' ? null : h('section', { class: 'notice warn', 'aria-label': 'Storage warning' },
    h('p', {}, 'This browser did not promise to keep your saved entries: it may clear them when space runs low. '
      + 'Sync often, or keep a copy of what is not sent yet.'),
    h('button', { type: 'button', class: 'secondary', onclick: () => downloadUnsent(app.user) }, 'Save unsent entries as a file'));
  mount(main, 
    h('h1', {}, `Hello, ${app.user.display_name || app.user.username}`),
    flash, storage,
    h('h2', {}, 'Today'),
    entryList(items, app, 'No entries today yet.'),
  );
}
