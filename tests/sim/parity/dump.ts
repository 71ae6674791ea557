/**
 * Writes the engine-parity snapshot: every PARITY_CASES scenario simulated by the checkout at argv[2]
 * (default: this one), summary + per-bin + warnings as JSON on stdout. Run it on the old and the new
 * engine to compare, e.g. `npx tsx tests/sim/parity/dump.ts ../servescope-before > before.json`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PARITY_CASES } from './cases';

const root = resolve(process.argv[2] ?? '.');
const load = (p: string) => import(pathToFileURL(resolve(root, p)).href);

const sim = await load('src/lib/sim/index.ts');
const presets = await load('src/lib/sim/presets.ts');
const synth = await load('src/lib/trace/synth.ts');
const shape = await load('src/lib/trace/workload.ts');

const out: Record<string, unknown> = {};
for (const c of PARITY_CASES) {
	const trace = synth.synthesizeBurstGpt(c.requests, 7);
	const shaped = shape.shapeWorkload(trace, { size: c.requests, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: c.rpsScale } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	// Routing 'global' (the shared queue): the snapshot pins the schedulers' shared-queue path.
	const base = presets.defaultScenario({ perf: { kind: 'roofline' }, routing: 'global' });
	const s0 = presets.methodScenario(c.method, base, c.opts);
	const scenario = { ...s0, ...c.over(s0) };
	const r = sim.simulate(shaped.workload, scenario);
	out[c.name] = { summary: r.summary, perBin: r.series.perBin, warnings: r.warnings, dropReasons: r.dropReasons };
}
process.stdout.write(JSON.stringify(out, null, 1));
