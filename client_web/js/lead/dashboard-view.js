/** Lays out one report's sections; knows nothing about fetching or caching. */

import { asList } from './load-report.js';
import { conflictsReview } from './conflicts-review.js';
import { coverageMap } from './coverage-map.js';
import { exportLinks } from './export-links.js';
import { mediationsTable } from './mediations-table.js';
import { neighborhoodsTable } from './neighborhoods-table.js';
import { summaryFigures } from './summary-figures.js';
import { weeklyBars } from './weekly-bars.js';
import { workersList } from './workers-list.js';

/** Looks up display names by id, from the coverage report's rows. */
function namesFrom(coverage) {
  const hoods = new Map((coverage.neighborhoods || []).map((r) => [r.neighborhood_id, r.name]));
  const people = new Map((coverage.workers || []).map((r) => [r.worker_id, r.name]));
  return {
    neighborhood: (id) => hoods.get(id) || 'a neighborhood',
    worker: (id) => people.get(id) || 'a worker',
  };
}

/** The report's sections, in the order a lead reads them on a phone. */
export function dashboardView(report, { fetchJSON, postJSON, isOnline, teamId, state }) {
  const { parts, errors } = report;
  const coverage = parts.coverage;
  const rows = coverage.neighborhoods || [];
  const names = namesFrom(coverage);
  const mapNote = parts.neighborhoods ? '' : `Outlines: ${errors.neighborhoods || 'not loaded'}.`;
  return [
    summaryFigures(coverage.totals, rows),
    coverageMap(rows, asList(parts.neighborhoods), mapNote, state),
    neighborhoodsTable(rows, state),
    weeklyBars(parts.weekly, errors.weekly),
    workersList(coverage, parts.devices, errors.devices),
    mediationsTable(parts.mediations, errors.mediations, names),
    conflictsReview(parts.conflicts, errors.conflicts, {
      fetchJSON,
      postJSON,
      isOnline,
      names,
      drafts: state.drafts,
    }),
    exportLinks(report.range, teamId),
  ];
}
