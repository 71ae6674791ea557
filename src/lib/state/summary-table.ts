/**
 * Every number of a SimSummary as a table row at full precision: the text is JSON's rendering of the
 * value (the shortest string that reads back as the same double, "null" for n/a), exactly what
 * `cli simulate --json` prints, so the page and the CLI can be compared digit for digit.
 */
import type { SimSummary } from '../sim/types';

/** Readable names of the summary keys (units in brackets); keys not listed show their own name. */
export const SUMMARY_LABELS: Partial<Record<keyof SimSummary, string>> = {
	requests: 'Requests',
	completed: 'Completed',
	dropped: 'Dropped (never fit)',
	failed: 'Failed rows',
	makespanS: 'Makespan (s)',
	outputTokens: 'Output tokens',
	promptTokens: 'Prompt tokens',
	outputTokPerS: 'Output tok/s',
	totalTokPerS: 'Total tok/s',
	requestsPerS: 'Requests/s',
	e2eP50S: 'P50 E2E (s)',
	e2eP95S: 'P95 E2E (s)',
	e2eP99S: 'P99 E2E (s)',
	ttftP50S: 'P50 TTFT (s)',
	ttftP95S: 'P95 TTFT (s)',
	ttftP99S: 'P99 TTFT (s)',
	tbtP50Ms: 'P50 TPOT (ms)',
	tbtP95Ms: 'P95 TPOT (ms)',
	tbtP99Ms: 'P99 TPOT (ms)',
	queueP50S: 'P50 queue (s)',
	queueP95S: 'P95 queue (s)',
	queueP99S: 'P99 queue (s)',
	e2eMeanS: 'Mean E2E (s)',
	slaViolationRate: 'TPOT target violation (share)',
	e2eViolationRate: 'E2E target violation (share)',
	ttftViolationRate: 'TTFT target violation (share)',
	goodputRps: 'Goodput (req/s; older name)',
	gpuUtilization: 'GPU utilisation (share)',
	tokPerSPerGpu: 'Output tok/s per GPU',
	costPerMTokUsd: '$ per million output tokens',
	offeredTokPerS: 'Offered output tok/s',
	meanBatchSize: 'Mean batch size',
	batches: 'Batches',
	preemptions: 'Preemptions',
	sloAttainment: 'SLO attainment (share of completed + dropped)',
	goodputReqPerS: 'Goodput (req/s meeting the SLO)',
	itlP50Ms: 'P50 ITL (ms)',
	itlP95Ms: 'P95 ITL (ms)',
	itlP99Ms: 'P99 ITL (ms)',
	offeredReqPerS: 'Offered req/s'
};

/** One row: the summary key, its label, the exact text and the raw value. */
export interface SummaryEntry {
	key: string;
	label: string;
	text: string;
	raw: string;
}

/** The summary's numeric (or null) fields in the summary's own key order. */
export function summaryEntries(s: SimSummary): SummaryEntry[] {
	const out: SummaryEntry[] = [];
	for (const [key, v] of Object.entries(s) as [keyof SimSummary, unknown][]) {
		if (v !== null && typeof v !== 'number') continue;
		const text = v === null || !Number.isFinite(v) ? 'null' : JSON.stringify(v);
		out.push({ key, label: SUMMARY_LABELS[key] ?? key, text, raw: text });
	}
	return out;
}
