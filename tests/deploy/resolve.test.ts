import { describe, expect, it } from 'vitest';
import { resolveDeployment } from '../../src/lib/sim/deploy/resolve';
import { findInterconnect } from '../../src/lib/catalog/interconnect';
import { EFF, gpu, model } from './fixtures';

const L70 = model('llama-3.1-70b');
const H100 = gpu('h100-sxm');
const link = findInterconnect('h100-sxm');

describe('resolveDeployment', () => {
	it('defaults Llama-3.1-70B on H100 to TP 2 and passes the NVLink figures through', () => {
		const r = resolveDeployment({ model: L70, gpu: H100, efficiency: EFF, weights: 'bf16', kvDtype: 'bf16', link });
		expect(r.ok && r.deployment).toMatchObject({ tp: 2, tpDefaulted: true, link: { busBandwidthGBs: 450, hopLatencyUs: 1.9 }, warnings: [] });
	});
	it('accepts TP 8 and refuses TP 1 with the smallest TP that fits', () => {
		expect(resolveDeployment({ model: L70, gpu: H100, efficiency: EFF, tp: 8, weights: 'bf16', kvDtype: 'bf16', link })).toMatchObject({ ok: true, deployment: { tp: 8, tpDefaulted: false } });
		const r = resolveDeployment({ model: L70, gpu: H100, efficiency: EFF, tp: 1, weights: 'bf16', kvDtype: 'bf16', link });
		expect(!r.ok && r.error.message).toMatch(/TP 2 \(--tp 2\)/);
	});
	it('carries the FP8-fallback warning on a GPU without FP8 cores', () => {
		const a100 = gpu('a100-80gb-sxm');
		const r = resolveDeployment({ model: model('llama-3.1-8b'), gpu: a100, efficiency: EFF, weights: 'fp8', kvDtype: 'bf16', link: findInterconnect(a100.id) });
		expect(r.ok && r.deployment.warnings.join(' ')).toMatch(/no FP8 tensor cores/);
	});
	it('refuses TP > 1 on a GPU without interconnect figures, and a TP beyond its node', () => {
		const r = resolveDeployment({ model: L70, gpu: H100, efficiency: EFF, tp: 4, weights: 'bf16', kvDtype: 'bf16' });
		expect(!r.ok && r.error.message).toMatch(/no interconnect figures/);
		const l4 = gpu('l4');
		const big = resolveDeployment({ model: L70, gpu: l4, efficiency: EFF, weights: 'bf16', kvDtype: 'bf16', link: findInterconnect('l4') });
		expect(big.ok && big.deployment.tp).toBe(8); // 8 × 24 GB: the only size that holds 141 GB of weights
	});
});
