// Sign-in: `Username`, `Password`, `Sign in`. Needs the network once; entries never depend on it.

import { ApiError } from '../api.js';
import * as session from '../session.js';
import { field, h, mount } from './dom.js';

export async function signInScreen(main, app) {
  const username = h('input', { name: 'username', autocomplete: 'username', autocapitalize: 'none', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'sign-in' },
    field('Username', username), field('Password', password), h('div', { class: 'actions' }, button), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    try {
      const user = await session.signIn(username.value.trim(), password.value);
      await app.signIn(user);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      message.textContent = status === 0 ? 'No connection: signing in needs the network once.'
        : status === 401 ? 'Wrong username or password.' : error.message;
      button.disabled = false;
    }
  });
  // A worker whose session ended may be far from any signal: logging goes on meanwhile.
  const offline = app.previousUser ? h('button', {
    type: 'button', class: 'secondary', onclick: () => app.keepWorking(),
  }, 'Keep working offline') : null;
  mount(main, h('h1', {}, 'Sign in'),
    app.notice ? h('p', { class: 'notice warn' }, app.notice) : null, form, offline);
}
