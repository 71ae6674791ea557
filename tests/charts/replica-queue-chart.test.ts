/**
 * The per-replica queue chart: one line per replica from a real run's SimSeries.replicaQueues, whole-
 * number y ticks, a caption that says how it is sampled and which replicas are left out, and nothing
 * for results made before the series existed.
 */
import { describe, expect, test } from 'vitest';
import { lineLayout } from '../../src/lib/charts/line-layout';
import { replicaQueueCaption, replicaQueueChart } from '../../src/lib/charts/replica-queue-chart';
import { defaultScenario, methodScenario, simulate } from '../../src/lib/sim/index';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { shapeWorkload } from '../../src/lib/trace/workload';

function run(gpus: number, routing?: 'global' | 'round-robin') {
	const shaped = shapeWorkload(synthesizeBurstGpt(1500, 3), { size: 1500, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 30 } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	return simulate(shaped.workload, { ...methodScenario('continuous', defaultScenario({ seed: 3 }), { gpus }), ...(routing ? { routing } : {}) }).series;
}

describe('queue length per replica', () => {
	test('one line per replica, named by GPU, with whole-number ticks', () => {
		const series = run(4);
		const spec = replicaQueueChart(series, '1.5K requests, 4 GPUs', 'quick')!;
		expect(spec.series.map((s) => s.name)).toEqual(['GPU 1', 'GPU 2', 'GPU 3', 'GPU 4']);
		expect(spec.id).toBe('quick-replica-queues');
		expect(spec.series[0].points).toHaveLength(series.replicaQueues!.tS.length);
		const layout = lineLayout(spec);
		for (const t of layout.yTicks) expect(Number.isInteger(t.value)).toBe(true);
		expect(replicaQueueCaption(series.replicaQueues!)).toMatch(/^Routing least-outstanding: requests waiting in each GPU's own queue[\s\S]*sampled at \d+ instants/);
	});
	test('the shared queue is one line; more than 16 GPUs are said to be cut', () => {
		const shared = run(4, 'global');
		expect(replicaQueueChart(shared, 'x', 'x')!.series.map((s) => s.name)).toEqual(['Shared queue (all GPUs)']);
		expect(replicaQueueCaption(shared.replicaQueues!)).toMatch(/^Routing global: every GPU pulls from one shared queue/);
		const wide = run(20, 'round-robin');
		expect(replicaQueueChart(wide, 'x', 'x')!.series).toHaveLength(16);
		expect(replicaQueueCaption(wide.replicaQueues!)).toMatch(/Only the first 16 of 20 GPUs are drawn\.$/);
	});
	test('nothing to draw for a result without the series', () => {
		const { replicaQueues: _, ...old } = run(2);
		expect(replicaQueueChart(old, 'x', 'x')).toBeNull();
	});
});
