/**
 * A/B speed check of two checkouts' engines in one process, alternating runs so that a loaded machine
 * slows both alike: `node --expose-gc --import tsx tests/sim/parity/ab-bench.ts OLD NEW [requests] [rounds] [case prefix]`. Reports median
 * CPU milliseconds per case (continuous on 16 and 100 GPUs, static / dynamic / multibin on 16).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

if (!process.argv[2]) {
	console.error('usage: ab-bench.ts OLD_CHECKOUT [NEW_CHECKOUT (default .)] [requests] [rounds] [case prefix]');
	process.exit(2);
}
const [rootA, rootB] = [resolve(process.argv[2]), resolve(process.argv[3] ?? '.')];
const n = Number(process.argv[4] ?? 200_000);
const rounds = Number(process.argv[5] ?? 5);
const only = process.argv[6];
const load = (root: string, p: string) => import(pathToFileURL(resolve(root, p)).href);

async function engine(root: string) {
	return {
		sim: await load(root, 'src/lib/sim/index.ts'),
		presets: await load(root, 'src/lib/sim/presets.ts'),
		iter: await load(root, 'src/lib/sim/batching/iteration-level.ts'),
		req: await load(root, 'src/lib/sim/batching/request-level.ts')
	};
}
const A = await engine(rootA);
const B = await engine(rootB);
const synth = await load(rootB, 'src/lib/trace/synth.ts');
const shape = await load(rootB, 'src/lib/trace/workload.ts');
const shaped = shape.shapeWorkload(synth.synthesizeBurstGpt(n, 42), { size: n, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 200 } });
const w = shaped.workload;

const cases = [
	{ name: 'continuous/16', method: 'continuous', gpus: 16 },
	{ name: 'continuous/100', method: 'continuous', gpus: 100 },
	{ name: 'static/16', method: 'static', gpus: 16 },
	{ name: 'dynamic/16', method: 'dynamic', gpus: 16 },
	{ name: 'multibin/16', method: 'multibin', gpus: 16 },
	{ name: 'multibin/100', method: 'multibin', gpus: 100 }
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const c of cases.filter((x) => !only || x.name.startsWith(only))) {
	const times: Record<string, number[]> = { A: [], B: [] };
	for (let r = 0; r < rounds; r++) {
		for (const [label, E] of [['A', A], ['B', B]] as const) {
			const s = E.presets.methodScenario(c.method, E.presets.defaultScenario({ perf: { kind: 'roofline' } }), { gpus: c.gpus });
			const { ctx } = E.sim.prepareContext(w, s);
			(globalThis as { gc?: () => void }).gc?.();
			const c0 = process.cpuUsage();
			if (c.method === 'continuous') E.iter.runIterationLevel(w, s, ctx);
			else E.req.runRequestLevel(w, s, ctx);
			const d = process.cpuUsage(c0);
			times[label].push((d.user + d.system) / 1000);
		}
	}
	const a = median(times.A);
	const b = median(times.B);
	const minA = Math.min(...times.A);
	const minB = Math.min(...times.B);
	console.log(
		`${c.name.padEnd(16)} median A ${a.toFixed(0).padStart(6)} ms  B ${b.toFixed(0).padStart(6)} ms  B/A ${(b / a).toFixed(3)};  min A ${minA.toFixed(0)} B ${minB.toFixed(0)} B/A ${(minB / minA).toFixed(3)}`
	);
}
