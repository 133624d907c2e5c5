// Who is signed in, on the server (the cookie) and on this device (meta "session_user").
// Signing out here forgets who is signed in (app.js then drops what they pulled): every
// user's unsent entries stay, keyed by user.

import { ApiError, hasCsrfToken, postJSON, request, setCsrfToken } from './api.js';
import { getMeta, setMeta } from './store.js';

export async function signIn(username, password) {
  const body = await request('/api/v1/auth/login', { method: 'POST', body: { username, password } });
  setCsrfToken(body.csrf_token);
  await setMeta('session_user', body.user);
  return body.user;
}

// Restores the session on start. Answers {user, offline, expired}.
export async function restore() {
  const local = await getMeta('session_user');
  // Signed out on this device, and the server heard it: nothing to ask (and no 401 logged).
  if (!local && !(await getMeta('logout_pending'))) return { user: null };
  try {
    const body = await request('/api/v1/auth/me', { timeout: 8000 });
    setCsrfToken(body.csrf_token);
    if (!local || local.id !== body.user.id) {
      // The device was signed out while offline, but the cookie lived on: end it now.
      await postJSON('/api/v1/auth/logout', {}).catch(() => {});
      await setMeta('logout_pending', false);
      setCsrfToken(null);
      return { user: null, previous: local };
    }
    await setMeta('session_user', body.user);
    return { user: body.user };
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    if (status === 401) {
      if (!local) await setMeta('logout_pending', false);
      return { user: null, previous: local, expired: !!local };
    }
    // No network, or a server in trouble: the worker keeps logging; sync says what failed.
    if (local) return { user: local, offline: true };
    return { user: null, offline: status === 0 };
  }
}

export async function signOut() {
  await setMeta('session_user', null);
  try {
    await postJSON('/api/v1/auth/logout', {});
  } catch {
    // Offline: the next start (restore) ends the server session before anyone can use it.
    await setMeta('logout_pending', true);
  }
  setCsrfToken(null);
}

// Before a sync: an app that started offline has no CSRF token yet; /me gives it (or 401).
// A cookie of another user than the device's counts as no session for this one.
export async function ensureSession(user, force = false) {
  if (hasCsrfToken() && !force) return;
  const body = await request('/api/v1/auth/me');
  if (body.user.id !== user.id) throw new ApiError(401, 'signed in as someone else');
  setCsrfToken(body.csrf_token);
}
