/**
 * Running out of memory inside a parse or a run is a message, not a crash: the trace columns'
 * allocator and the engine entry point are monkeypatched to throw what V8 throws when an ArrayBuffer
 * cannot be allocated, and every layer above must turn that into a clear, named failure.
 */
import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Rows after which the patched column allocator fails (Infinity = never). */
const oom = vi.hoisted(() => ({ afterRows: Infinity, simulate: false, rows: 0 }));

vi.mock('../../src/lib/trace/columns', async (importOriginal) => {
	const mod = await importOriginal<typeof import('../../src/lib/trace/columns')>();
	return {
		...mod,
		pushRow: (...a: Parameters<typeof mod.pushRow>) => {
			if (++oom.rows > oom.afterRows) throw new RangeError('Array buffer allocation failed');
			return mod.pushRow(...a);
		}
	};
});

vi.mock('../../src/lib/sim/index', async (importOriginal) => {
	const mod = await importOriginal<typeof import('../../src/lib/sim/index')>();
	return {
		...mod,
		simulate: (...a: Parameters<typeof mod.simulate>) => {
			// Only the 2-GPU runs "run out of memory", so the others show the study goes on.
			if (oom.simulate && a[1].gpus === 2) throw new RangeError('Array buffer allocation failed');
			return mod.simulate(...a);
		}
	};
});

const { parseTraceBytes } = await import('../../src/lib/trace/parse');
const { runOne } = await import('../../src/lib/study/run-one');
const { runStudy } = await import('../../src/lib/study/run-study');
const { inProcessExecutor } = await import('../../src/lib/study/in-process');
const { studyConfig } = await import('../../src/lib/study/config');
const { planStep1 } = await import('../../src/lib/study/plan');
const { studyFiles } = await import('../../src/lib/study/export');
const { testWorkloads } = await import('../study/workload');

afterEach(() => {
	oom.afterRows = Infinity;
	oom.simulate = false;
	oom.rows = 0;
});

function csv(rows: number): Uint8Array {
	const lines = ['Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'];
	for (let i = 0; i < rows; i++) lines.push(`${i},ChatGPT,${100 + (i % 50)},${20 + (i % 30)},${120 + (i % 50) + (i % 30)},Conversation log`);
	return new TextEncoder().encode(lines.join('\n') + '\n');
}

describe('parse: an allocation failure while the columns grow', () => {
	it.each([
		['plain CSV', (b: Uint8Array) => b, 'big.csv'],
		['gzip CSV (rows grow inside the decompressor callback)', (b: Uint8Array) => gzipSync(b), 'big.csv.gz']
	])('%s gives an out-of-memory error naming the line and rows read', (_name, wrap, name) => {
		oom.afterRows = 1500;
		const r = parseTraceBytes(wrap(csv(3000)), { name });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.error.code).toBe('out-of-memory');
		expect(r.error.message).toContain(`Reading "${name}" ran out of memory near line`);
		expect(r.error.message).toContain('after 1,500 requests');
		expect(r.error.message).toMatch(/Array buffer allocation failed.*18 bytes per request.*smaller file/);
		expect(r.error.message).not.toMatch(/servescope bug/);
		expect(r.error.line).toBeGreaterThan(1500);
	});

	it('the next parse works: nothing is left broken', () => {
		oom.afterRows = 10;
		expect(parseTraceBytes(csv(100), { name: 'a.csv' }).ok).toBe(false);
		oom.afterRows = Infinity;
		const r = parseTraceBytes(csv(100), { name: 'b.csv' });
		expect(r.ok && r.trace.arrivalS.length).toBe(100);
	});
});

describe('run: an allocation failure inside the engine', () => {
	const workloads = testWorkloads([300, 600]);
	const config = studyConfig({ sizes: [300, 600], gpuCounts: [1, 2, 4], binCounts: [1, 2], methods: ['static', 'dynamic'] });

	it('runOne returns a message naming what ran out and what to do', () => {
		oom.simulate = true;
		const spec = planStep1(config).find((s) => s.gpus === 2 && s.size === 600);
		if (!spec) throw new Error('no 2-GPU spec');
		const o = runOne(workloads[1].workload, spec);
		expect(o.ok).toBe(false);
		if (o.ok) return;
		expect(o.error).toMatch(/^The simulation ran out of memory \(Array buffer allocation failed\): its per-request arrays for 600 requests need about \d+ KiB/);
		expect(o.error).toMatch(/Reduce the workload size or the number of workers/);
	});

	it('a study records the failed runs by configuration and completes every other run, with clean exports', async () => {
		oom.simulate = true;
		const r = await runStudy({ workloads }, config, inProcessExecutor());
		const bad = r.failures.filter((f) => f.step === 1);
		// Every 2-GPU Step 1 run (multi-bin bins and the continuous row) fails; no other does.
		const twoGpu = planStep1(config).filter((x) => x.gpus === 2);
		expect(bad.map((f) => [f.size, f.gpus]).sort()).toEqual(twoGpu.map((x) => [x.size, x.gpus]).sort());
		expect(bad.length).toBeGreaterThanOrEqual(4);
		for (const f of r.failures) expect(f.reason).toMatch(/ran out of memory/);
		expect(r.step1.length + r.oracleRuns.length).toBe(planStep1(config).length - twoGpu.length);
		for (const f of studyFiles(r)) expect(f.text).not.toMatch(/NaN|Infinity|undefined/);
		expect(studyFiles(r)[0].text).toMatch(/failed,.*ran out of memory/);
	});
});
