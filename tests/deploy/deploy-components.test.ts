/**
 * The page's deployment components render the engine's live numbers: DeploymentFields offers the TP
 * sizes that fit (auto resolved), each precision with its explanation, and the replica they give;
 * HowDeployments tabulates memory, KV capacity and step time at TP 1/2/4/8 and each precision.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import DeploymentFields from '../../src/lib/components/DeploymentFields.svelte';
import HowDeployments from '../../src/lib/components/HowDeployments.svelte';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { tpLayout } from '../../src/lib/sim/deploy/tensor-parallel';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';
import { defaultParams } from '../../src/lib/state/params';
import { scenarioState } from '../../src/lib/state/scenario.svelte';

const text = (html: string) => html.replace(/<!--[^]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('DeploymentFields', () => {
	it('Llama-3.1-70B on H100, auto: TP 2 chosen, TP 1 disabled with its reason, the replica shown', () => {
		scenarioState.reset();
		scenarioState.params.model = 'llama-3.1-70b';
		scenarioState.params.gpu = 'h100-sxm';
		const { body } = render(DeploymentFields);
		const t = text(body);
		expect(t).toContain('auto (TP 2)');
		expect(body).toMatch(/<option value="1" disabled[^>]*title="[^"]*does not fit on one NVIDIA H100/);
		expect(t).toMatch(/TP 2 \(auto\): 2 × NVIDIA H100 80GB SXM5/);
		expect(t).toContain('41,241 tokens');
		expect(t).toMatch(/100 replicas = 200 GPUs/);
		expect(t).toContain('The catalog default: 2 bytes per weight');
	});

	it('TP 8 with FP8 KV: the replica capacity follows, and the explanations change with the choice', () => {
		scenarioState.reset();
		Object.assign(scenarioState.params, { model: 'llama-3.1-70b', gpu: 'h100-sxm', tp: 8, weights: 'int4', kvDtype: 'fp8' });
		const t = text(render(DeploymentFields).body);
		const want = tpLayout(findModel('llama-3.1-70b')!, findGpu('h100-sxm')!, DEFAULT_EFFICIENCY, 8, 'int4', 'fp8').kvCapacityTokens;
		expect(t).toContain(`${want.toLocaleString('en-US')} tokens`);
		expect(t).toContain('4-bit weights (AWQ/GPTQ-style)');
		expect(t).toContain('twice the tokens fit');
		scenarioState.reset();
	});
});

describe('HowDeployments', () => {
	it('tabulates every TP and precision for Llama-3.1-8B on H100 with live step times and the link figures', () => {
		const p = { ...defaultParams(), model: 'llama-3.1-8b', gpu: 'h100-sxm', tp: 2 };
		const t = text(render(HowDeployments, { props: { params: p } }).body);
		expect(t).toContain('B_bus = 450 GB/s, λ = 1.9 µs');
		expect(t).toMatch(/at TP 2: T_comm\(n\) = [\d.]+ µs \+ [\d.]+ µs × n/);
		for (const tp of ['1', '2 (chosen)', '4', '8']) expect(t).toContain(` ${tp} `);
		for (const w of ['BF16', 'FP8 (W8A8)', 'INT8 (weight-only, W8A16)', 'INT4 (weight-only, W4A16)']) expect(t).toContain(w);
		expect((t.match(/ ms /g) ?? []).length).toBeGreaterThan(15);
	});
	it('a model that fits at no TP 1 shows the reason in its row', () => {
		const p = { ...defaultParams(), model: 'llama-3.1-70b', gpu: 'h100-sxm' };
		const t = text(render(HowDeployments, { props: { params: p } }).body);
		expect(t).toMatch(/does not fit on one NVIDIA H100 .* TP 2 \(--tp 2\)/);
		expect(t).toContain('2 (chosen)');
	});
});
