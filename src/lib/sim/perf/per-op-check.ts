/**
 * Range checks of per-operator parameters, shared by scenario validation (sim/validate.ts) and profile
 * loading (calibrate/profile-file.ts). Upper bounds keep simulated times finite and physical.
 */
import { PER_OP_PARAM_NAMES, type PerOpParams } from './per-op-profile';

/** [min, max] of each parameter; fractions of a datasheet peak stay in (0, 1]. */
const RANGES: Record<keyof PerOpParams, [number, number, string]> = {
	matmulEff: [1e-3, 1, 'a share of the datasheet peak FLOP/s, in (0, 1]'],
	matmulHalfTiles: [0, 1e6, 'output tiles, from 0 to 1,000,000'],
	memEff: [1e-3, 1, 'a share of the datasheet memory bandwidth, in (0, 1]'],
	attnEff: [1e-3, 1, 'a share of the datasheet peak FLOP/s, in (0, 1]'],
	ctxMaskWaste: [0, 1, 'a share of the masked pairs, from 0 to 1'],
	attnBlocksPerKvHead: [1e-3, 1e3, 'thread blocks per (sequence, KV head), from 0.001 to 1000'],
	actPasses: [0, 1e3, 'passes over the activations, from 0 to 1000'],
	layerLatencyS: [0, 1, 'seconds per layer, from 0 to 1'],
	stepLatencyS: [0, 10, 'seconds per step, from 0 to 10']
};

/** The first parameter out of range (or missing), with what it must be; null when all are fine. */
export function perOpParamsProblem(params: unknown): { field: string; message: string } | null {
	if (params === null || typeof params !== 'object') return { field: 'params', message: 'missing: the per-operator parameters (see docs/design/performance-model.md, "Parameters").' };
	const p = params as Record<string, unknown>;
	for (const k of PER_OP_PARAM_NAMES) {
		const v = p[k];
		const [min, max, what] = RANGES[k];
		if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return { field: k, message: `is ${JSON.stringify(v)}; it must be ${what}.` };
	}
	return null;
}
