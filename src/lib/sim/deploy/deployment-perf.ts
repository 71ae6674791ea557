/**
 * A deployment-aware performance model: wraps any PerfModel (priced for one GPU at BF16) into one for a
 * replica of TP = t GPUs serving weights at precision w and a KV cache at precision kv
 * (DESIGN.md, "Tensor parallelism: step time").
 *
 * Every step gains T_comm(n), two ring all-reduces per layer (allreduce.ts), n = prefill tokens +
 * decoding sequences; fixed costs (per-kernel latency, step overhead) are paid by every GPU and not
 * divided. The operators are re-priced on the sharded, quantized shapes:
 *   linear   × (F/F_w)·κ_w on the compute arm, × β_w/2 on the memory arm, then / t
 *   LM head  / t (vocabulary-parallel; it stays BF16)
 *   attention / t on the compute arm (query heads split), × (s_kv/2)/(t/r) on the memory arm (the KV
 *            bytes each GPU reads, r the KV-head replication)
 * How that re-pricing is applied depends on the inner model's shape (innerShape, found by probing):
 *   whole-step (the datasheet roofline: one max over the step's summed FLOPs and bytes): both arms are
 *     re-priced from the architecture and the max is taken again. Exact in every regime.
 *   per-operator (anything else): each part of the inner breakdown is scaled on its operator's own
 *     arm: the linear part by ρ_w(n) = max(C·(F/F_w)·κ_w, M·β_w/2) / max(C, M), C = 2·P·n/(F·mfu),
 *     M = 2·P/(BW·eta); attention by its compute or memory factor as attention alone is bound. Exact
 *     when the inner model prices each operator on its own roofline (as per-op models do); otherwise an
 *     approximation of per-operator re-pricing whose error is bounded by the gap between the two arms'
 *     ratios on the parts priced on the other arm. A fitted model's breakdown is all fixed cost, so
 *     only communication is added: fit it on the deployment it describes.
 *
 * Decode stretches keep the closed form. With C⁰ the inner coefficients at ctx0 = 0 and C at ctx0:
 *   constS' = fixed + T_comm(b) + (C.constS − fixed)/t
 *   computeS0' = C.computeS0/t,  computeSlopeS' = C.computeSlopeS/t
 *   memoryS0' = C⁰.memoryS0/t + (C.memoryS0 − C⁰.memoryS0)·α_m,  memorySlopeS' = C.memorySlopeS·α_m
 * α_m = (s_kv/2)/(t/r). Then the linear layers are re-priced where the inner model keeps them:
 * whole-step, inside the lines (computeS0' += ((F/F_w)·κ_w − 1)·2·P·b/(F·mfu)/t, memoryS0' +=
 * (β_w/2 − 1)·2·P/(BW·eta)/t); per-operator, in constS (+ (ρ_w(b) − 1)·linear₁/t, linear₁ the inner
 * breakdown's linear part at step 1). Either way the stretch equals the sum of its steps.
 */
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from '../perf/types';
import { stepCommunicationS } from './allreduce';
import { deploymentFactors, type DeploymentFactors, type DeploymentSpec } from './deployment-factors';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from './precision';
import { emptyStepLoad } from '../perf/empty-load';

export { deploymentFactors, type DeploymentFactors, type DeploymentSpec } from './deployment-factors';

/**
 * How the inner model prices a step. 'whole-step': one max over the step's summed FLOPs and bytes
 * (the datasheet roofline), recognised by probing; then both arms are re-priced and the max taken
 * again, so the wrapper is exact in every regime. 'per-operator': anything else; each operator's part
 * is re-priced on its own arm.
 */
export type InnerShape = 'whole-step' | 'per-operator';

/** A decode step whose operators sit on different arms (large batch: matrix products compute-bound,
 * attention memory-bound), so a sum of per-operator maxima and one max of sums differ. */
const PROBES: StepLoad[] = [
	{ prefillTokens: 0, prefillSeqs: 0, prefillAttnPairs: 0, decodeSeqs: 4096, decodeAttnCtx: 4096 * 4097, emitters: 4096, kvReadTokens: 4096 * 4096, kvWriteTokens: 4096 },
	{ prefillTokens: 512, prefillSeqs: 1, prefillAttnPairs: (512 * 513) / 2, decodeSeqs: 0, decodeAttnCtx: 0, emitters: 1, kvReadTokens: 0, kvWriteTokens: 512 }
];

/** Recognises the whole-step roofline of the model on the GPU: its steps equal one max of the summed arms. */
export function innerShape(inner: PerfModel, f: DeploymentFactors): { shape: InnerShape; fixedS: number } {
	let fixedS = NaN;
	for (const p of PROBES) {
		const b = inner.stepBreakdown(p);
		const a = f.operatorArms(p);
		const maxOfSums = Math.max(a.linearCompute + a.lmHeadCompute + a.attentionCompute, a.linearMemory + a.lmHeadMemory + a.attentionMemory);
		const body = b.totalS - b.fixedS - b.communicationS;
		if (!(Math.abs(body - maxOfSums) <= 1e-9 * b.totalS) || (!Number.isNaN(fixedS) && fixedS !== b.fixedS)) return { shape: 'per-operator', fixedS: NaN };
		fixedS = b.fixedS;
	}
	return { shape: 'whole-step', fixedS };
}

/** Wraps `inner` (one GPU, BF16) into the replica's model. At TP 1, BF16/BF16 it returns the inner prices. */
export function createDeploymentPerfModel(
	inner: PerfModel,
	d: DeploymentSpec
): PerfModel & { readonly warnings: readonly string[]; readonly innerShape: InnerShape } {
	const f = deploymentFactors(d);
	const t = f.tp;
	const comm = (n: number) => stepCommunicationS(d.model, n, t, d.link);
	const shape = innerShape(inner, f);

	/** Per-operator inner: each part re-priced on its own arm. */
	const perOperatorBreakdown = (load: StepLoad): StepBreakdown => {
		const b = inner.stepBreakdown(load);
		const n = load.prefillTokens + load.decodeSeqs;
		const linearS = (f.linearRatio(n) * b.linearS) / t;
		const lmHeadS = b.lmHeadS / t;
		const attentionS = b.attentionS * (f.attentionComputeBound(load) ? f.attentionCompute : f.attentionMemory);
		const communicationS = b.communicationS + comm(n);
		return { linearS, attentionS, lmHeadS, fixedS: b.fixedS, communicationS, totalS: linearS + attentionS + lmHeadS + b.fixedS + communicationS };
	};

	/** Whole-step roofline: both arms re-priced per operator, then one max; parts on the winning arm. */
	const wholeStepBreakdown = (load: StepLoad): StepBreakdown => {
		const a = f.operatorArms(load);
		const c = { linear: (a.linearCompute * f.linearArms.compute) / t, lmHead: a.lmHeadCompute / t, attention: a.attentionCompute * f.attentionCompute };
		const m = { linear: (a.linearMemory * f.linearArms.memory) / t, lmHead: a.lmHeadMemory / t, attention: a.attentionMemory * f.attentionMemory };
		const w = c.linear + c.lmHead + c.attention >= m.linear + m.lmHead + m.attention ? c : m;
		const communicationS = comm(load.prefillTokens + load.decodeSeqs);
		const totalS = w.linear + w.lmHead + w.attention + shape.fixedS + communicationS;
		return { linearS: w.linear, attentionS: w.attention, lmHeadS: w.lmHead, fixedS: shape.fixedS, communicationS, totalS };
	};

	const stepBreakdown = shape.shape === 'whole-step' ? wholeStepBreakdown : perOperatorBreakdown;
	const stepTimeS = (load: StepLoad): number => stepBreakdown(load).totalS;

	const c0: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	const firstStep: StepLoad = emptyStepLoad();
	const stretchCoefficients = (batch: number, ctx0: number, out: StretchCoefficients): void => {
		inner.stretchCoefficients(batch, 0, c0);
		inner.stretchCoefficients(batch, ctx0, out);
		// Step 1 of the stretch: b sequences holding ctx0 tokens read them and write one each.
		firstStep.decodeSeqs = batch;
		firstStep.decodeAttnCtx = ctx0 + batch;
		firstStep.emitters = batch;
		firstStep.kvReadTokens = ctx0;
		firstStep.kvWriteTokens = batch;
		const b1 = inner.stepBreakdown(firstStep);
		const alphaM = f.attentionMemory;
		const fixed = b1.fixedS + b1.communicationS;
		out.constS = fixed + comm(batch) + (out.constS - fixed) / t;
		out.computeS0 /= t;
		out.computeSlopeS /= t;
		out.memoryS0 = c0.memoryS0 / t + (out.memoryS0 - c0.memoryS0) * alphaM;
		out.memorySlopeS *= alphaM;
		if (shape.shape === 'whole-step') {
			// The matrix products sit inside the two lines: re-price each arm by its own ratio.
			const a = f.operatorArms(firstStep);
			out.computeS0 += ((f.linearArms.compute - 1) * a.linearCompute) / t;
			out.memoryS0 += ((f.linearArms.memory - 1) * a.linearMemory) / t;
		} else {
			// Per-operator models price the matrix products in constS: re-price them there.
			out.constS += ((f.linearRatio(batch) - 1) * b1.linearS) / t;
		}
	};

	const scratch: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	const decodeStretchS = (batch: number, ctx0: number, steps: number): number => {
		if (steps <= 0 || batch <= 0) return 0;
		stretchCoefficients(batch, ctx0, scratch);
		return stretchSum(scratch, steps);
	};

	const prefillS = (pSum: number, pSqSum: number, seqs: number): number =>
		stepTimeS({
			prefillTokens: pSum,
			prefillSeqs: seqs,
			prefillAttnPairs: (pSqSum + pSum) / 2,
			decodeSeqs: 0,
			decodeAttnCtx: 0,
			emitters: seqs,
			kvReadTokens: 0,
			kvWriteTokens: pSum
		});

	const parts = [`TP ${t}`, `${WEIGHT_PRECISIONS[d.weights].label} weights`, `${KV_PRECISIONS[d.kvDtype].label} KV`];
	if (t > 1) parts.push(`ring all-reduce at ${d.link.busBandwidthGBs} GB/s, ${d.link.hopLatencyUs} µs per hop`);
	return {
		kind: inner.kind,
		label: `${inner.label}; ${parts.join(', ')}`,
		stepTimeS,
		stepBreakdown,
		stretchCoefficients,
		decodeStretchS,
		prefillS,
		warnings: f.warnings,
		innerShape: shape.shape
	};
}

/**
 * Σ_{k=1..n} constS + max(computeS0 + computeSlopeS·k, memoryS0 + memorySlopeS·k): the contract's closed
 * form (src/lib/sim/perf/stretch.ts holds the engine's copy; this file may import only types from sim).
 */
export function stretchSum(c: StretchCoefficients, n: number): number {
	if (n <= 0) return 0;
	const series = (a: number, b: number, from: number, to: number) => (to < from ? 0 : a * (to - from + 1) + (b * (from + to) * (to - from + 1)) / 2);
	const { computeS0: a1, computeSlopeS: b1, memoryS0: a2, memorySlopeS: b2 } = c;
	let sum: number;
	if (b1 === b2) sum = a1 >= a2 ? series(a1, b1, 1, n) : series(a2, b2, 1, n);
	else {
		const split = Math.min(n, Math.max(0, Math.floor((a2 - a1) / (b1 - b2))));
		sum = b1 < b2 ? series(a1, b1, 1, split) + series(a2, b2, split + 1, n) : series(a2, b2, 1, split) + series(a1, b1, split + 1, n);
	}
	return sum + c.constS * n;
}
