/**
 * The "How it works" step-through: about 20 requests on one GPU, batched by each method. The timings
 * come from servescope's reference simulator (src/lib/sim-reference), which steps every token by the
 * engine's rules and which the differential tests hold to the engine's own per-request times; the
 * methods use the study's presets (static B = 8, dynamic up to 128, continuous with the vLLM-like
 * defaults). The study itself always uses the engine (src/lib/sim).
 */
import { referenceRun, type ReferenceSettings } from '../sim-reference/index';
import { assignBins, equalMassEdges } from '../sim/bins';
import type { PerfModel } from '../sim/perf/index';
import { DEFAULT_CONTINUOUS, DYNAMIC_MAX_BATCH, STATIC_BATCH } from '../sim/presets';
import type { SizingSpec } from '../sim/types';

/** One request of the teaching workload. */
export interface TeachRequest {
	id: number;
	arrivalS: number;
	prompt: number;
	output: number;
}

/** When a request waited, started and finished, and which batch (or admission step) served it. */
export interface TeachTiming {
	id: number;
	arrivalS: number;
	startS: number;
	firstTokenS: number;
	endS: number;
	/** Batch number (request-level) or the step that admitted it (continuous): colours the bar. */
	batch: number;
	/** Bin the request was queued in (multibin), else 0. */
	bin: number;
}

/** The teaching methods and their one-line rule. */
export const TEACH_METHODS = {
	static: `Static: take up to B = ${STATIC_BATCH} queued requests, run them until the longest is done.`,
	dynamic: `Dynamic: b = min(b_mem, b_SLA), up to ${DYNAMIC_MAX_BATCH}: the batch shrinks when KV memory could overflow or decode steps run slower than the TBT target, and grows back when they are fast.`,
	multibin: 'Multi-bin: two equal-count bins by output length; a batch comes from one bin, so short jobs are not padded to long ones.',
	continuous: `Continuous: every step admits waiting requests while the token budget (${DEFAULT_CONTINUOUS.tokenBudget}), the batch cap (${DEFAULT_CONTINUOUS.maxBatch}) and free KV blocks allow, prefills in chunks, and retires finished requests (vLLM-style).`
} as const;
export type TeachMethod = keyof typeof TEACH_METHODS;

/** A deterministic little workload: bursts of arrivals with mixed short and long outputs. */
export function teachWorkload(n = 20, seed = 7): TeachRequest[] {
	let s = seed >>> 0;
	const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
	const out: TeachRequest[] = [];
	let t = 0;
	for (let i = 0; i < n; i++) {
		t += rnd() < 0.3 ? 0 : rnd() * 0.4;
		const long = rnd() < 0.35;
		out.push({ id: i + 1, arrivalS: Math.round(t * 1000) / 1000, prompt: 64 + Math.floor(rnd() * 900), output: long ? 250 + Math.floor(rnd() * 350) : 10 + Math.floor(rnd() * 90) });
	}
	return out;
}

/** The scheduling settings of a teaching method: the study's presets, one GPU. */
function teachSettings(method: TeachMethod, tbtS: number): ReferenceSettings {
	const dynamic: SizingSpec = { kind: 'dynamic', maxBatch: DYNAMIC_MAX_BATCH, epsMem: 0.01, tolerance: 0.1 };
	return {
		gpus: 1,
		regime: method === 'continuous' ? 'iteration' : 'request',
		sizing: method === 'static' ? { kind: 'fixed', batch: STATIC_BATCH } : dynamic,
		bins: method === 'multibin' ? 2 : 1,
		binPolicy: 'oldest',
		continuous: { ...DEFAULT_CONTINUOUS },
		sla: { tbtS }
	};
}

/**
 * Timings of every request under a method, in id order. A request whose prompt + output exceeds the
 * KV capacity can never run and is left out (the teaching workload's requests are far smaller).
 */
export function teachSimulate(reqs: TeachRequest[], perf: PerfModel, method: TeachMethod, kvCapacity: number, tbtS: number): TeachTiming[] {
	// The simulators queue requests in arrival order.
	const sorted = [...reqs].sort((a, b) => a.arrivalS - b.arrivalS || a.id - b.id);
	const outputs = Uint32Array.from(sorted, (r) => r.output);
	const dropCode = Uint8Array.from(sorted, (r) => (r.prompt + r.output > kvCapacity ? 1 : 0));
	const settings = teachSettings(method, tbtS);
	// Bins over the true output lengths (an oracle predictor), equal-count like the study's.
	const servable = dropCode.map((c) => (c === 0 ? 1 : 0));
	const bin = assignBins(outputs, settings.bins > 1 ? equalMassEdges(outputs, settings.bins, servable) : [Infinity]);
	const rows = sorted.map((r) => ({ arrivalS: r.arrivalS, prompt: r.prompt, output: r.output }));
	const rec = referenceRun(rows, settings, { perf, kvCapacityTokens: kvCapacity, bin, dropCode });
	const out: TeachTiming[] = [];
	sorted.forEach((r, i) => {
		if (rec.dropCode[i] !== 0) return;
		out.push({ id: r.id, arrivalS: r.arrivalS, startS: rec.startS[i], firstTokenS: rec.firstTokenS[i], endS: rec.lastTokenS[i], batch: rec.batchOf[i], bin: bin[i] });
	});
	return out.sort((a, b) => a.id - b.id);
}

/** Mean and max E2E, and makespan, of a set of timings. */
export function teachStats(ts: TeachTiming[]): { meanE2eS: number; maxE2eS: number; makespanS: number; meanTtftS: number } {
	if (!ts.length) return { meanE2eS: 0, maxE2eS: 0, makespanS: 0, meanTtftS: 0 };
	const e2e = ts.map((x) => x.endS - x.arrivalS);
	return {
		meanE2eS: e2e.reduce((a, b) => a + b, 0) / e2e.length,
		maxE2eS: Math.max(...e2e),
		makespanS: Math.max(...ts.map((x) => x.endS)) - Math.min(...ts.map((x) => x.arrivalS)),
		meanTtftS: ts.reduce((a, x) => a + x.firstTokenS - x.arrivalS, 0) / ts.length
	};
}
