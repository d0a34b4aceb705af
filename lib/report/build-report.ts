/**
 * From a store of aggregate tables to the report's HTML: resolves the period, reads the tables of the
 * period (and the headline and goal tables of the period before it) and renders the page.
 */
import { GOALS_DAILY, TRAFFIC_DAILY } from '../aggregate/aggregate-tables.ts';
import type { Store } from '../store/store.ts';
import { aggregateDays, loadAggregates, sitesOf } from './load-aggregates.ts';
import { renderReport } from './render-report.ts';
import { buildReportModel, type ReportModel } from './report-model.ts';
import { resolveRange } from './report-range.ts';

export interface ReportOptions {
  readonly site?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface BuiltReport {
  readonly html: string;
  readonly model: ReportModel;
  /** Aggregate objects that could not be read and were left out. */
  readonly broken: string[];
}

export async function buildReport(store: Store, options: ReportOptions): Promise<BuiltReport> {
  const range = resolveRange(options, await aggregateDays(store));
  const site = options.site ?? null;
  const tables = await loadAggregates(store, range.days, site);
  const previous = await loadAggregates(store, range.previous, site, [TRAFFIC_DAILY.name, GOALS_DAILY.name]);
  const model = buildReportModel(
    range,
    site,
    sitesOf(tables.rows.traffic_daily ?? []),
    tables.rows,
    previous.rows,
  );
  return { html: renderReport(model), model, broken: [...tables.broken, ...previous.broken] };
}
