/**
 * Fetches one report: coverage (required) and the other parts (each optional).
 *
 * A part that fails (an endpoint not deployed yet, a 403, a timeout) leaves its section with a
 * message instead of blanking the whole dashboard; only coverage failing fails the report.
 */

import { weeksToShow } from './date-range.js';

/** The hours after which a device counts as silent. */
export const SILENT_HOURS = 48;

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  return search.toString();
}

/** The URLs of a report's parts, for the range (and a team, for admins). */
export function reportPaths(range, teamId) {
  const team = { team_id: teamId };
  const dates = { start: range.start, end: range.end, ...team };
  return {
    coverage: `/api/v1/reports/coverage?${query(dates)}`,
    weekly: `/api/v1/reports/weekly?${query({ weeks: weeksToShow(range), ...team })}`,
    mediations: `/api/v1/reports/mediations?${query(dates)}`,
    devices: `/api/v1/reports/devices?${query({ hours: SILENT_HOURS, ...team })}`,
    neighborhoods: `/api/v1/neighborhoods${teamId ? `?${query(team)}` : ''}`,
    conflicts: `/api/v1/reviews/conflicts${teamId ? `?${query(team)}` : ''}`,
  };
}

/** A list from either a plain list or `{"items": [...]}` (or another single list property). */
export function asList(body, name) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.items)) return body.items;
  if (body && name && Array.isArray(body[name])) return body[name];
  return [];
}

function describe(error) {
  if (error?.status === 404) return 'not available on this server yet';
  if (error?.status === 403) return 'not allowed for your account';
  if (error?.status) return `the server answered ${error.status}`;
  return 'could not reach the server';
}

/**
 * `{savedAt, range, parts: {coverage, ...}, errors: {part: message}}`.
 * Throws the coverage request's error when coverage itself fails.
 */
export async function loadReport(fetchJSON, range, teamId = null) {
  const paths = reportPaths(range, teamId);
  const names = Object.keys(paths);
  const settled = await Promise.allSettled(names.map((name) => fetchJSON(paths[name])));
  const parts = {};
  const errors = {};
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') parts[names[i]] = result.value;
    else errors[names[i]] = describe(result.reason);
  });
  if (!parts.coverage) {
    throw settled[names.indexOf('coverage')].reason;
  }
  return { savedAt: new Date().toISOString(), range, teamId, parts, errors };
}
