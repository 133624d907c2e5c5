/**
 * The team lead's dashboard: coverage of every neighborhood against its target, and the rest of
 * what a lead reviews daily. Mounted by the worker app: `renderLeadDashboard(section, deps)`.
 *
 * Online, each report is fetched and saved; offline (or when the server cannot be reached) the
 * last saved report is shown with the time it was made, so a lead is never misled about how
 * fresh the figures are.
 */

import { dashboardView } from './dashboard-view.js';
import { rangeControls, thisWeek } from './date-range.js';
import { h } from './dom.js';
import { dateTime } from './format.js';
import { loadReport } from './load-report.js';
import { readCachedReport, saveReport } from './report-store.js';
import { teamPicker } from './team-picker.js';
import { viewState } from './view-state.js';

function asOfLine(report, note) {
  const parts = [
    note ? h('strong', { text: `${note} ` }) : '',
    `Report for ${report.range.start} to ${report.range.end}, as of `,
    h('time', { datetime: report.savedAt, text: dateTime(report.savedAt) }),
    '.',
  ];
  return parts;
}

export async function renderLeadDashboard(container, { user, fetchJSON, postJSON, online }) {
  const isOnline = () => navigator.onLine !== false;
  const cached = readCachedReport(user);
  const startOnline = online !== false && isOnline();
  const state = viewState(user);
  let range = state.range || (!startOnline && cached ? cached.range : thisWeek());
  // Leads see their own team (the server's default); an admin picks one, their own at first.
  if (user?.role === 'admin' && !state.teamId) state.teamId = user.team_id || null;
  const teamId = () => (user?.role === 'admin' ? state.teamId : null);

  const teamBox = h('div', { class: 'lead-team-box' });
  const controls = h('div', { class: 'lead-controls' });
  const status = h('p', { class: 'lead-asof', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'lead-body' });
  const root = h(
    'div',
    { class: 'lead-dashboard' },
    h('h1', { text: 'Team coverage' }),
    teamBox,
    controls,
    status,
    body,
  );
  container.replaceChildren(root);

  const show = (report, note = '') => {
    status.replaceChildren(...asOfLine(report, note));
    body.replaceChildren(
      ...dashboardView(report, { fetchJSON, postJSON, isOnline, teamId: report.teamId, state }),
    );
  };
  const showCached = (reason) => {
    const saved = readCachedReport(user);
    if (saved) {
      show(saved, reason);
    } else {
      status.textContent = `${reason} No saved report yet: open this screen once online.`;
      body.replaceChildren();
    }
  };

  let latest = 0;
  const load = async (next) => {
    const ticket = ++latest; // a slow answer for an older range must not replace a newer one
    range = next;
    state.range = next;
    // Redrawn controls would drop the keyboard focus of the preset just pressed: put it back.
    const pressed = controls.contains(document.activeElement)
      ? document.activeElement.textContent
      : null;
    controls.replaceChildren(rangeControls(range, choose, state.rangeDraft));
    [...controls.querySelectorAll('button')]
      .find((b) => pressed && b.textContent === pressed)
      ?.focus();
    if (!isOnline()) {
      showCached('Offline: showing the last saved report.');
      return;
    }
    status.textContent = `Loading the report for ${range.start} to ${range.end}…`;
    root.setAttribute('aria-busy', 'true');
    try {
      const report = await loadReport(fetchJSON, range, teamId());
      if (ticket !== latest) return;
      saveReport(user, report);
      show(report);
    } catch (error) {
      if (ticket !== latest) return;
      if (error?.status === 401 || error?.status === 403) {
        status.textContent =
          error.status === 401
            ? 'Your session ended: sign in again.'
            : 'Team reports are for leads and admins.';
        body.replaceChildren();
      } else {
        showCached(
          `Could not load the report (${error?.message || 'no answer'}): showing the last saved one.`,
        );
      }
    } finally {
      if (ticket === latest) root.removeAttribute('aria-busy');
    }
  };

  // A range the lead chose: the typed-but-unshown dates are spent.
  const choose = (next) => {
    state.rangeDraft = {};
    return load(next);
  };

  const onOnline = () => {
    if (!root.isConnected) window.removeEventListener('online', onOnline);
    else load(range);
  };
  window.addEventListener('online', onOnline);
  if (user?.role === 'admin' && startOnline) {
    const picker = await teamPicker(fetchJSON, state.teamId, (id) => {
      state.teamId = id;
      load(range);
    });
    if (picker) teamBox.replaceChildren(picker);
  }
  await load(range);
}
