/**
 * The dynamic sizer's defaults, in one place: the presets, the continuous engine's SLA cap and the
 * CLI read them from here. maxBatch 128 bounds the batch; epsMem 0.01 allows a 1% chance that a
 * batch's KV demand overflows; tolerance 0.1 is the ±10% band around the TBT target (Pang et al. 2025).
 */
import type { SizingSpec } from '../types';

export const DYNAMIC_SIZING_DEFAULTS: Readonly<Extract<SizingSpec, { kind: 'dynamic' }>> = Object.freeze({
	kind: 'dynamic',
	maxBatch: 128,
	epsMem: 0.01,
	tolerance: 0.1
});
