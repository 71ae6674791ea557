/**
 * The fitted latency model, from a person's own measurements: T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b),
 * so a prefill costs alpha and a decode step beta·(1 + gamma·(b−1)/b), independent of context
 * (sim/fit.ts fits it). It has no operators: the whole step is reported as a fixed cost.
 */
import type { PerfModelSpec } from '../types';
import { stretchTimeS } from './stretch';
import type { PerfModel, StepBreakdown, StepLoad, StretchCoefficients } from './types';

export type FittedSpec = Extract<PerfModelSpec, { kind: 'fitted' }>;

export function createFittedModel(spec: FittedSpec): PerfModel {
	const decodeStep = (b: number) => spec.betaS * (1 + (spec.gamma * (b - 1)) / b);
	const stepTimeS = (s: StepLoad): number => (s.prefillTokens > 0 ? spec.alphaS : 0) + (s.decodeSeqs > 0 ? decodeStep(s.decodeSeqs) : 0);
	// A context-free constant step: both lines flat at 0, the step in constS.
	const stretchCoefficients = (b: number, _ctx0: number, out: StretchCoefficients): void => {
		out.constS = b > 0 ? decodeStep(b) : 0;
		out.computeS0 = 0;
		out.computeSlopeS = 0;
		out.memoryS0 = 0;
		out.memorySlopeS = 0;
	};
	const scratch: StretchCoefficients = { constS: 0, computeS0: 0, computeSlopeS: 0, memoryS0: 0, memorySlopeS: 0 };
	const stepBreakdown = (s: StepLoad): StepBreakdown => {
		const totalS = stepTimeS(s);
		return { linearS: 0, attentionS: 0, lmHeadS: 0, fixedS: totalS, communicationS: 0, totalS };
	};
	return {
		kind: 'fitted',
		label: `fitted latency model: alpha ${+(spec.alphaS * 1e3).toFixed(3)} ms, beta ${+(spec.betaS * 1e3).toFixed(3)} ms, gamma ${+spec.gamma.toFixed(3)}`,
		stepTimeS,
		stepBreakdown,
		stretchCoefficients,
		decodeStretchS: (b, ctx0, steps) => {
			if (!(steps > 0 && b > 0)) return 0;
			stretchCoefficients(b, ctx0, scratch);
			return stretchTimeS(scratch, steps);
		},
		prefillS: (pSum) => (pSum > 0 ? spec.alphaS : 0)
	};
}
