/**
 * The last report a lead viewed, kept in localStorage for offline viewing.
 *
 * One entry per signed-in user (key `fieldbook-lead:v1:<user id>`), so a shared phone never shows
 * one lead's report to the next person who signs in. Storage errors (quota, private mode) only
 * cost the offline copy, never the screen. Conflicts are left out: they carry the workers' notes
 * word for word and cannot be acted on offline, so keeping them would only widen a leak.
 */

const PREFIX = 'fieldbook-lead:v1:';

function key(user) {
  return PREFIX + (user?.id ?? 'anonymous');
}

/** `{savedAt, range, parts, errors}` or null. */
export function readCachedReport(user) {
  try {
    const text = localStorage.getItem(key(user));
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function saveReport(user, report) {
  const { conflicts, ...parts } = report.parts;
  const errors = { ...report.errors, conflicts: 'shown only online' };
  try {
    localStorage.setItem(key(user), JSON.stringify({ ...report, parts, errors }));
    return true;
  } catch {
    return false;
  }
}

/** Forget every user's cached report (e.g. on sign-out, if the app wants to). */
export function clearCachedReports() {
  try {
    for (const name of Object.keys(localStorage)) {
      if (name.startsWith(PREFIX)) localStorage.removeItem(name);
    }
  } catch {
    // Nothing cached, nothing to clear.
  }
}
