// "Team coverage": the team-lead screens, loaded only for leads and admins, only when asked.

import { h, mount } from './dom.js';

export async function teamScreen(main, app) {
  if (!['lead', 'admin'].includes(app.user.role)) {
    mount(main, h('h1', {}, 'Team coverage'), h('p', {}, 'Only team leads and admins see team screens.'));
    return;
  }
  const container = h('div', { class: 'lead-root' });
  mount(main, container);
  let lead;
  try {
    lead = await import('/js/lead/index.js');
  } catch {
    lead = null;
  }
  if (!lead || typeof lead.renderLeadDashboard !== 'function') {
    mount(container, h('h1', {}, 'Team coverage'), h('p', {}, 'Team screens not available.'));
    return;
  }
  await lead.renderLeadDashboard(container, {
    user: app.user, fetchJSON: app.fetchJSON, postJSON: app.postJSON, online: navigator.onLine,
  });
}
