/**
 * The team an admin reviews (leads always see their own team, so they get no picker).
 *
 * Admins read any team of their organization; without a choice the reports default to the
 * admin's own team, and the lists (outlines, conflicts) are narrowed to the same team.
 */

import { h } from './dom.js';
import { asList } from './load-report.js';

/** A labelled `select` of the organization's teams, or null when they cannot be listed. */
export async function teamPicker(fetchJSON, selected, onChange) {
  let teams;
  try {
    teams = asList(await fetchJSON('/api/v1/teams'), 'teams');
  } catch {
    return null;
  }
  if (teams.length < 2) return null;
  const select = h(
    'select',
    { id: 'lead-team', name: 'team' },
    teams.map((team) =>
      h('option', { value: team.id, selected: team.id === selected, text: team.name }),
    ),
  );
  select.addEventListener('change', () => onChange(select.value));
  return h('div', { class: 'lead-team' }, h('label', { for: 'lead-team', text: 'Team' }), select);
}
