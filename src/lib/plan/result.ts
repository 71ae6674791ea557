/**
 * From the searches to the answer: the evaluated points, the cheapest deployment per GPU type (fewest
 * GPUs, since one type has one price), its cost per hour and per million output tokens, its headroom,
 * and for a GPU type that cannot meet the SLOs, why. Options sort cheapest first: priced, then
 * unpriced (by GPUs), then those that cannot meet the SLOs.
 */
import { meets, type EvalLog } from './driver';
import { noPriceReason } from './candidates';
import { findGpu } from '../catalog/index';
import { rateMultiplier, MAX_RATE_DOUBLINGS, type HeadroomOutcome } from './search';
import type { PlanCandidate, PlanEvaluation, PlanOption, PlanPoint, SearchOutcome } from './types';

/** The evaluated points at the target rate. */
export function planPoints(log: EvalLog, attainment: number): PlanPoint[] {
	return log.targetPoints().map(({ candidate: c, replicas, evaluation: e }) => ({
		id: `${c.id}|r=${replicas}`,
		candidateId: c.id,
		gpu: c.gpuId,
		tp: c.tp,
		weights: c.weights,
		kvDtype: c.kvDtype,
		method: c.method,
		bins: c.bins,
		replicas,
		totalGpus: replicas * c.tp,
		dollarsPerHour: c.usdPerGpuHour === null ? null : c.usdPerGpuHour * replicas * c.tp,
		meetsSlo: meets(e, attainment),
		...e
	}));
}

/** Per GPU type, the candidate whose found size uses the fewest GPUs (ties: higher attainment, then id). */
export function cheapestPerGpu(candidates: PlanCandidate[], searches: Map<string, SearchOutcome>, log: EvalLog): Map<string, PlanCandidate> {
	const out = new Map<string, PlanCandidate>();
	const gpusOf = (c: PlanCandidate) => (searches.get(c.id)?.replicas ?? Infinity) * c.tp;
	const att = (c: PlanCandidate) => log.get(c.id, searches.get(c.id)?.replicas ?? 0, 0)?.sloAttainment ?? 0;
	for (const c of candidates) {
		if (searches.get(c.id)?.replicas == null) continue;
		const cur = out.get(c.gpuId);
		if (!cur || gpusOf(c) < gpusOf(cur) || (gpusOf(c) === gpusOf(cur) && (att(c) > att(cur) || (att(c) === att(cur) && c.id < cur.id)))) out.set(c.gpuId, c);
	}
	return out;
}

const ms = (s: number) => `${(s * 1000).toPrecision(3)} ms`;
const sec = (s: number) => `${s.toPrecision(3)} s`;

/** Which targets the P95s of a run miss, as words ("P95 TTFT 3.1 s over the 2 s target"). */
function missedTargets(e: PlanEvaluation, c: PlanCandidate): string[] {
	const sla = c.scenario.sla;
	const out: string[] = [];
	if (sla.ttftS !== undefined && e.ttftP95S !== null && e.ttftP95S > sla.ttftS) out.push(`P95 TTFT ${sec(e.ttftP95S)} over the ${sec(sla.ttftS)} target`);
	if (e.tpotP95Ms !== null && e.tpotP95Ms > sla.tbtS * 1000) out.push(`P95 TPOT ${ms(e.tpotP95Ms / 1000)} over the ${ms(sla.tbtS)} target`);
	if (sla.e2eS !== undefined && e.e2eP95S !== null && e.e2eP95S > sla.e2eS) out.push(`P95 E2E ${sec(e.e2eP95S)} over the ${sec(sla.e2eS)} target`);
	return out;
}

/** Why a candidate found no size, in one sentence. */
export function failureReason(c: PlanCandidate, s: SearchOutcome | undefined, log: EvalLog, maxGpus: number, attainment: number): string {
	if (c.hopeless) return c.hopeless;
	const maxReplicas = Math.floor(maxGpus / c.tp);
	if (maxReplicas < 1) return `TP ${c.tp} needs ${c.tp} GPUs per replica, more than the maximum fleet of ${maxGpus} GPUs.`;
	const largest = s && s.evaluated.length ? Math.max(...s.evaluated) : maxReplicas;
	const e = log.get(c.id, largest, 0);
	if (!e) return `No run was made up to ${maxReplicas} replicas.`;
	if (e.error) return `The run at ${largest} replica(s) failed: ${e.error}`;
	const att = e.sloAttainment === null ? 'n/a' : `${(e.sloAttainment * 100).toFixed(1)}%`;
	const missed = missedTargets(e, c);
	return (
		`Even at ${largest} replica(s) × TP ${c.tp} = ${largest * c.tp} GPUs (the most allowed: --max-gpus ${maxGpus}) SLO attainment is ${att}, below ${(attainment * 100).toFixed(0)}%` +
		(missed.length ? `: ${missed.join('; ')}.` : '.') +
		(largest === 1 ? ' One replica is already the most that fits the fleet limit.' : ' Raise the fleet limit, loosen the targets, or try another TP or precision.')
	);
}

function headroomOf(rate: number, h: HeadroomOutcome | undefined): { headroomReqPerS: number | null; headroomNote?: string } {
	if (!h) return { headroomReqPerS: null };
	const metRate = rate * rateMultiplier(h.metK);
	const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
	if (h.missK === null) return { headroomReqPerS: metRate, headroomNote: `Still within the SLOs at ${fmt(metRate)} req/s, the highest rate tried (${2 ** MAX_RATE_DOUBLINGS}× the target): at least that.` };
	const missRate = rate * rateMultiplier(h.missK);
	const precise = h.missK - h.metK <= 1 ? ` (within ${((rateMultiplier(1) - 1) * 100).toFixed(1)}%)` : '';
	return {
		headroomReqPerS: metRate,
		headroomNote: `Within the SLOs at ${fmt(metRate)} req/s, not at ${fmt(missRate)} req/s${precise}.`
	};
}

/** The base of an option row from a candidate (no size yet). */
function optionBase(c: PlanCandidate, modelId: string): Omit<PlanOption, 'replicas' | 'totalGpus' | 'dollarsPerHour' | 'dollarsPerMTok' | 'sloAttainment' | 'ttftP95S' | 'tpotP95Ms' | 'e2eP95S' | 'headroomReqPerS'> {
	return {
		gpu: c.gpuId,
		gpuName: c.gpuName,
		model: modelId,
		tp: c.tp,
		weights: c.weights,
		kvDtype: c.kvDtype,
		method: c.method,
		...(c.method === 'multibin' ? { bins: c.bins } : {}),
		...(c.batch !== undefined ? { batch: c.batch } : {}),
		routing: c.routing,
		usdPerGpuHour: c.usdPerGpuHour,
		nonMonotone: false,
		warnings: c.warnings
	};
}

/** One option row per GPU type among the candidates, cheapest first. */
export function planOptions(
	candidates: PlanCandidate[],
	searches: Map<string, SearchOutcome>,
	headroom: Map<string, HeadroomOutcome>,
	log: EvalLog,
	o: { modelId: string; rateReqPerS: number; maxGpus: number; attainment: number }
): PlanOption[] {
	const chosen = cheapestPerGpu(candidates, searches, log);
	const byGpu = new Map<string, PlanCandidate[]>();
	for (const c of candidates) byGpu.set(c.gpuId, [...(byGpu.get(c.gpuId) ?? []), c]);
	const out: PlanOption[] = [];
	for (const [gpuId, list] of byGpu) {
		const c = chosen.get(gpuId);
		if (!c) {
			// The candidate that came closest speaks for the GPU type.
			const closest = [...list].sort((a, b) => bestAttainment(b, searches, log) - bestAttainment(a, searches, log))[0];
			const reason = failureReason(closest, searches.get(closest.id), log, o.maxGpus, o.attainment);
			out.push({
				...optionBase(closest, o.modelId),
				replicas: null,
				totalGpus: null,
				dollarsPerHour: null,
				dollarsPerMTok: null,
				sloAttainment: null,
				ttftP95S: null,
				tpotP95Ms: null,
				e2eP95S: null,
				headroomReqPerS: null,
				nonMonotone: list.some((x) => searches.get(x.id)?.nonMonotone),
				reason: list.length > 1 ? `${reason} (${list.length} deployment shapes tried; this one came closest.)` : reason
			});
			continue;
		}
		const s = searches.get(c.id) as SearchOutcome;
		const replicas = s.replicas as number;
		const e = log.get(c.id, replicas, 0) as PlanEvaluation;
		const dollarsPerHour = c.usdPerGpuHour === null ? null : c.usdPerGpuHour * replicas * c.tp;
		const tokPerHour = e.outputTokPerS === null ? null : e.outputTokPerS * 3600;
		const gpu = findGpu(gpuId);
		out.push({
			...optionBase(c, o.modelId),
			replicas,
			totalGpus: replicas * c.tp,
			dollarsPerHour,
			dollarsPerMTok: dollarsPerHour !== null && tokPerHour ? (dollarsPerHour / tokPerHour) * 1e6 : null,
			sloAttainment: e.sloAttainment,
			ttftP95S: e.ttftP95S,
			tpotP95Ms: e.tpotP95Ms,
			e2eP95S: e.e2eP95S,
			...headroomOf(o.rateReqPerS, headroom.get(c.id)),
			nonMonotone: s.nonMonotone,
			...(dollarsPerHour === null && gpu ? { reason: noPriceReason(gpu) } : {})
		});
	}
	const rank = (x: PlanOption) => (x.replicas === null ? 2 : x.dollarsPerHour === null ? 1 : 0);
	return out.sort((a, b) => rank(a) - rank(b) || (a.dollarsPerHour ?? 0) - (b.dollarsPerHour ?? 0) || (a.totalGpus ?? 0) - (b.totalGpus ?? 0) || (a.gpu < b.gpu ? -1 : 1));
}

function bestAttainment(c: PlanCandidate, searches: Map<string, SearchOutcome>, log: EvalLog): number {
	const s = searches.get(c.id);
	if (!s || !s.evaluated.length) return -1;
	return Math.max(...s.evaluated.map((r) => log.get(c.id, r, 0)?.sloAttainment ?? 0));
}
