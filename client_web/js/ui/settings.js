// Settings: theme, storage, a file copy of unsent entries; and the sign-out warning.

import * as store from '../store.js';
import { currentTheme, applyTheme } from '../theme.js';
import { downloadUnsent } from '../storage-guard.js';
import { field, h, mount, options } from './dom.js';

export async function settingsScreen(main, app) {
  const theme = h('select', { name: 'theme' }, options(['dark', 'light'], currentTheme(), (t) => (t === 'dark' ? 'Dark' : 'Light')));
  theme.addEventListener('change', () => applyTheme(theme.value));
  const storage = {
    persisted: 'This browser keeps your entries until you remove them.',
    refused: 'This browser may clear your entries when space runs low: sync often or save a copy as a file.',
  }[app.storage] || 'This browser does not say whether it keeps your entries: sync often.';
  mount(main, 
    h('h1', {}, 'Settings'),
    field('Theme', theme),
    h('h2', {}, 'Storage'),
    h('p', {}, storage),
    h('button', { type: 'button', class: 'secondary', onclick: () => downloadUnsent(app.user) }, 'Save unsent entries as a file'),
    h('p', { class: 'hint' }, `Signed in as ${app.user.username} (${app.user.role}).`),
  );
}

export async function signOutScreen(main, app) {
  const pending = await store.pendingCount(app.user.id);
  const rejected = (await store.listRejected(app.user.id)).length;
  if (!pending && !rejected) {
    await app.signOut();
    return;
  }
  mount(main, 
    h('h1', {}, 'Sign out?'),
    h('p', { class: 'notice warn', role: 'alert' },
      `You have ${pending + rejected} unsent ${pending + rejected === 1 ? 'entry' : 'entries'}. `
      + 'They stay on this phone, for you only (nobody else who signs in here sees them), '
      + 'and are sent the next time you sign in.'),
    h('button', { type: 'button', class: 'secondary', onclick: () => downloadUnsent(app.user) }, 'Save unsent entries as a file'),
    h('button', { type: 'button', class: 'danger', onclick: () => app.signOut() }, 'Sign out anyway'),
    h('button', { type: 'button', class: 'secondary', onclick: () => app.go('#/') }, 'Cancel'),
  );
}
