/** What the page sends its parse worker to shape a study: transferred copies, never its own columns. */
import { describe, expect, it } from 'vitest';
import { shapeOffThread, shapeRequest, transferableTrace } from '../../src/lib/state/trace-worker';
import { studyTracePrefix, studyWorkloads } from '../../src/lib/study/shape';
import type { StudyConfig } from '../../src/lib/study/types';
import { studyConfig } from '../../src/lib/study/config';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { Trace } from '../../src/lib/trace/types';

/** Every typed column of a trace, by name. */
function columns(t: Trace): Record<string, ArrayLike<number>> {
	const out: Record<string, ArrayLike<number>> = { arrivalS: t.arrivalS, promptTokens: t.promptTokens, outputTokens: t.outputTokens, modelCode: t.modelCode, logTypeCode: t.logTypeCode };
	if (t.sessionKey) out.sessionKey = t.sessionKey;
	if (t.prefixBlocks) Object.assign(out, { offsets: t.prefixBlocks.offsets, ids: t.prefixBlocks.ids });
	return out;
}

describe('transferableTrace', () => {
	const trace = withPromptSharing(synthesizeBurstGpt(3000, 7), { systemPromptTokens: 256, meanTurns: 3 }, 7);

	it('copies the page own trace, so transferring the copy leaves every column of the page intact', () => {
		const before = Object.fromEntries(Object.entries(columns(trace)).map(([k, c]) => [k, Array.from(c)]));
		expect(trace.prefixBlocks).toBeDefined();
		const sent = transferableTrace(trace, true);
		expect(sent.transfer).toHaveLength(Object.keys(before).length);
		// structuredClone with a transfer list detaches the buffers, exactly as postMessage does.
		const arrived = structuredClone(sent.trace, { transfer: sent.transfer });
		for (const [k, c] of Object.entries(columns(trace))) expect(Array.from(c), k).toEqual(before[k]);
		for (const [k, c] of Object.entries(columns(arrived))) expect(Array.from(c), k).toEqual(before[k]);
		expect(sent.trace.arrivalS.byteLength).toBe(0);
	});

	it('sends a prefix cut for the study as it is (it already owns its buffers)', () => {
		const part = studyTracePrefix(trace, { sizes: [1000], keepFailed: true });
		expect(part).not.toBe(trace);
		const sent = transferableTrace(part, false);
		expect(sent.trace).toBe(part);
		expect(new Set(sent.transfer).size).toBe(sent.transfer.length);
		structuredClone(sent.trace, { transfer: sent.transfer });
		expect(trace.arrivalS.length).toBe(3000);
	});
});

describe('shapeOffThread without workers', () => {
	it('gives the workloads studyWorkloads gives, and a shaping error as its message', async () => {
		const trace = synthesizeBurstGpt(5000, 2);
		const config: StudyConfig = studyConfig({ sizes: [1000, 4000] });
		const got = await shapeOffThread(trace, shapeRequest(config));
		const want = studyWorkloads(trace, config);
		expect(got.ok && want.ok).toBe(true);
		if (got.ok && want.ok) expect(got.workloads.map((w) => Array.from(w.workload.arrivalS))).toEqual(want.workloads.map((w) => Array.from(w.workload.arrivalS)));
		const bad = await shapeOffThread(trace, shapeRequest({ ...config, rpsScale: -1 }));
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.error.message.length).toBeGreaterThan(10);
	});
});
