/**
 * The one line that opens every results view: which trace (name and SHA-256 prefix), model, GPU,
 * tensor parallelism and precision when the scenario sets them, the offered rate, the SLO and the
 * performance model. A P95 or a GPU count means nothing without these, and a screenshot of the
 * results must carry them. Pure: no DOM, no Svelte (tests/state/results-header.test.ts).
 */
import { describeSlo } from '../sim/metrics/slo';
import type { PerfModelSpec, Scenario } from '../sim/types';

/** One labelled part of the header ("GPU", "H100 SXM"). */
export interface HeaderPart {
	/** Short name, also the key tests and styles use ("trace", "model", ...). */
	key: 'trace' | 'model' | 'gpu' | 'tp' | 'precision' | 'routing' | 'rate' | 'slo' | 'perf';
	label: string;
	value: string;
}

/** How many hex digits of the SHA-256 the page shows: enough to tell files apart by eye. */
export const HASH_PREFIX_CHARS = 12;

/** "sha256 1a2b3c4d5e6f" from a content key, or '' when unknown. */
export function hashPrefix(hash: string | null | undefined): string {
	return hash ? hash.slice(0, HASH_PREFIX_CHARS) : '';
}

/** The performance model in a few words: "per-operator (calibrated …)", "roofline", "fitted α β γ". */
export function perfShort(perf: PerfModelSpec): string {
	// The profile's full label is a sentence; the Setting section below the header carries it.
	if (perf.kind === 'per-op') return `per-operator (${perf.profile.source === 'calibrated' ? 'calibrated profile' : 'default fractions'})`;
	if (perf.kind === 'fitted') return 'fitted latency model';
	return 'roofline';
}

/** What the results ran on besides the scenario: the trace, and the load it was offered at. */
export interface HeaderInput {
	base: Scenario;
	traceName: string;
	/** SHA-256 content key of the trace ('' when unknown). */
	traceHash: string;
	/** "RPS ×200" or "12.5 req/s" (or a quick run's "×200, 1,000 requests"). */
	rate: string;
	/** Share of requests that must meet the SLO (0.95); absent for a single run. */
	attainment?: number;
}

/** The header's parts, in reading order; TP, precision and routing only when the scenario sets them. */
export function resultsHeader(h: HeaderInput): HeaderPart[] {
	const b = h.base;
	const prefix = hashPrefix(h.traceHash);
	const parts: HeaderPart[] = [
		{ key: 'trace', label: 'Trace', value: prefix ? `${h.traceName} (sha256 ${prefix})` : h.traceName },
		{ key: 'model', label: 'Model', value: b.model.name },
		{ key: 'gpu', label: 'GPU', value: b.gpu.name }
	];
	if (b.tp !== undefined) parts.push({ key: 'tp', label: 'TP', value: String(b.tp) });
	if (b.weights !== undefined || b.kvDtype !== undefined) {
		parts.push({ key: 'precision', label: 'Precision', value: `weights ${b.weights ?? 'bf16'}, KV ${b.kvDtype ?? 'bf16'}` });
	}
	if (b.routing !== undefined) parts.push({ key: 'routing', label: 'Routing', value: b.routing });
	parts.push({ key: 'rate', label: 'Rate', value: h.rate });
	const slo = describeSlo(b.sla);
	parts.push({ key: 'slo', label: 'SLO', value: h.attainment === undefined ? slo : `${slo} for ${+(h.attainment * 100).toPrecision(4)}% of requests` });
	parts.push({ key: 'perf', label: 'Performance model', value: perfShort(b.perf) });
	return parts;
}

/** The rate part for a study: a re-timed mean rate, or the arrival compression factor. */
export function studyRate(c: { rpsScale: number; requestsPerS?: number | null }): string {
	return c.requestsPerS ? `${c.requestsPerS.toLocaleString('en-US')} req/s (re-timed)` : `RPS ×${c.rpsScale.toLocaleString('en-US')}`;
}

/** The header as one plain line ("Trace: … · Model: … · …"), for exports and tests. */
export function headerLine(parts: readonly HeaderPart[]): string {
	return parts.map((p) => `${p.label}: ${p.value}`).join(' · ');
}
