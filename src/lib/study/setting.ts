/**
 * The setting a study's numbers hold for: model, GPU, performance model, trace and load, SLO targets,
 * predictor and price. Every view and export names it, since a P95 or a GPU count means nothing
 * without the load and hardware it was measured under.
 */
import { describeSlo } from '../sim/metrics/slo';
import { describePredictor } from '../sim/methods/predictors';
import { resolveScenarioDeployment, scenarioPrecisions } from '../sim/deploy/scenario-deployment';
import { DEFAULT_ROUTING } from '../sim/deploy/routing/registry';
import type { KvPrecision, RoutingPolicyId, WeightPrecision } from '../sim/types';
import type { PerfModelSpec } from '../sim/types';
import type { StudyConfig, StudyResult } from './types';

/** "roofline (mfu 0.5, eta 0.8, 1 ms/step)" or "fitted α 0.05965 s, β 0.005742 s, γ 0.316". */
export function describePerf(perf: PerfModelSpec, eff: StudyConfig['base']['efficiency']): string {
	if (perf.kind === 'fitted') return `fitted latency model (α ${perf.alphaS} s, β ${perf.betaS} s, γ ${perf.gamma})`;
	// The per-operator model does not read MFU or η: naming them would describe a model that did not run.
	if (perf.kind === 'per-op') return `per-operator model, ${perf.profile.label} (memUtil ${eff.memUtil})`;
	return `roofline (MFU ${eff.mfu}, bandwidth share ${eff.eta}, ${+(eff.stepOverheadS * 1000).toPrecision(4)} ms per step, memUtil ${eff.memUtil})`;
}

/** The setting as plain fields (the JSON export's `setting` block and the CSVs' setting columns). */
export interface StudySetting {
	model: string;
	modelName: string;
	gpu: string;
	gpuName: string;
	perfModel: string;
	/** The trace the workloads were cut from (the largest workload's label). */
	trace: string;
	rpsScale: number;
	/** The mean request rate the workloads were re-timed to; null when arrivals were scaled by rpsScale. */
	requestsPerS: number | null;
	ttftSloS: number | null;
	tpotSloMs: number;
	e2eSloS: number | null;
	attainmentTarget: number;
	slo: string;
	predictor: string;
	costPerGpuHourUsd: number | null;
	/** Tensor-parallel GPUs per replica every run used (null when the model fits at no TP: every run failed). */
	tp: number | null;
	/** Whether tp is the default (the smallest TP with a useful KV cache) rather than chosen. */
	tpDefaulted: boolean;
	weights: WeightPrecision;
	kvDtype: KvPrecision;
	routing: RoutingPolicyId;
}

/** The study's setting. */
export function studySetting(r: Pick<StudyResult, 'config' | 'workloads'>): StudySetting {
	const c = r.config;
	const b = c.base;
	const largest = [...r.workloads].sort((x, y) => y.size - x.size)[0];
	const dep = resolveScenarioDeployment(b);
	return {
		tp: dep.ok ? dep.deployment.tp : (b.tp ?? null),
		tpDefaulted: b.tp === undefined,
		...scenarioPrecisions(b),
		routing: b.routing ?? DEFAULT_ROUTING,
		model: b.model.id,
		modelName: b.model.name,
		gpu: b.gpu.id,
		gpuName: b.gpu.name,
		perfModel: describePerf(b.perf, b.efficiency),
		trace: largest?.label ?? '',
		rpsScale: c.rpsScale,
		requestsPerS: c.requestsPerS ?? null,
		ttftSloS: b.sla.ttftS ?? null,
		tpotSloMs: b.sla.tbtS * 1000,
		e2eSloS: b.sla.e2eS ?? null,
		attainmentTarget: c.attainment,
		slo: `${describeSlo(b.sla)}, ${+(c.attainment * 100).toPrecision(4)}% of requests`,
		predictor: describePredictor(b.predictor),
		costPerGpuHourUsd: b.costPerGpuHour > 0 ? b.costPerGpuHour : null
	};
}

const rate = (x: number | null, unit: string) => (x === null ? 'n/a' : `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3)} ${unit}`);

/**
 * One paragraph a person reads above the results: "Qwen3 1.7B on RTX 4080 12GB (roofline ...), trace
 * ..., RPS ×200; offered 1,083 req/s and 151,000 output tok/s at 10,000 requests; SLO TTFT ≤ 2 s, ...".
 */
export function settingSentence(r: Pick<StudyResult, 'config' | 'workloads'>): string {
	const s = studySetting(r);
	const loads = r.workloads
		.map((w) => `${w.size.toLocaleString('en-US')} requests: ${rate(w.offeredReqPerS ?? null, 'req/s')}, ${rate(w.offeredTokPerS, 'output tok/s')}`)
		.join('; ');
	const prec = [s.weights !== 'bf16' ? `${s.weights.toUpperCase()} weights` : '', s.kvDtype !== 'bf16' ? `${s.kvDtype.toUpperCase()} KV cache` : ''].filter(Boolean);
	const deploy = s.tp !== null && s.tp > 1 ? `, each replica TP ${s.tp} (${s.tp} GPUs)${s.tpDefaulted ? ' by default' : ''}` : '';
	return (
		`${s.modelName} on ${s.gpuName}${deploy}${prec.length ? `, ${prec.join(', ')}` : ''}, ${s.perfModel}. Trace: ${s.trace}${/RPS ×|req\/s/.test(s.trace) ? '' : s.requestsPerS ? `, re-timed to ${s.requestsPerS} req/s` : `, arrivals compressed ×${s.rpsScale}`}. ` +
		`Offered load: ${loads}. SLO: ${s.slo}. Multi-bin uses the ${s.predictor}.` +
		(s.costPerGpuHourUsd !== null ? ` Price: $${s.costPerGpuHourUsd}/GPU-hour.` : '')
	);
}
