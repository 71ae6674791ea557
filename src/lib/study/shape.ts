/**
 * The study's workloads: the first N requests of the trace for each size, rebased and RPS-scaled
 * (trace/workload.ts shapeWorkload), one per size. Sizes fit the trace: a size larger than the trace's
 * usable rows runs the whole trace once (sizes that all exceed it collapse into one), with a notice, so
 * the default sizes (1K..1M) give a study on any trace.
 */
import { shapeWorkload } from '../trace/workload';
import type { Trace, UserError } from '../trace/types';
import { uniqueSorted } from './plan';
import type { StudyConfig, StudyWorkload } from './types';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Rows a study may use: every row, or only those with output when failed rows are dropped. */
export function usableRows(trace: Trace, keepFailed: boolean): number {
	if (keepFailed) return trace.arrivalS.length;
	let n = 0;
	for (let i = 0; i < trace.outputTokens.length; i++) if (trace.outputTokens[i] > 0) n++;
	return n;
}

/**
 * The leading part of the trace that the study's workloads come from: every workload is the first N
 * usable rows, so rows after the largest size's last one are never read. The page sends the trace to
 * its parse worker to shape the workloads, and a structured clone copies every row: for a 5.3M-row
 * trace and the default sizes (up to 1M) that was a 1.25 s pause of the page. The part is a copy (a
 * view would carry its whole buffer through the clone), or the trace itself when every row is needed,
 * including when the trace has fewer usable rows than the largest size (the sizes are then fitted to
 * the whole trace). studyWorkloads gives the same workloads, notices and sizes on either.
 */
export function studyTracePrefix(trace: Trace, config: Pick<StudyConfig, 'sizes' | 'keepFailed'>): Trace {
	const n = trace.arrivalS.length;
	const largest = Math.ceil(Math.max(0, ...config.sizes));
	// Sizes that studyWorkloads will refuse are refused on the whole trace, with its own message.
	if (!Number.isFinite(largest) || largest < 1) return trace;
	let rows = n;
	if (config.keepFailed) rows = Math.min(n, largest);
	else {
		let usable = 0;
		for (let i = 0; i < n; i++) {
			if (trace.outputTokens[i] > 0 && ++usable === largest) {
				rows = i + 1;
				break;
			}
		}
	}
	if (rows >= n || rows < 1) return trace;
	return leadingRows(trace, rows);
}

/** A copy of the trace's first `rows` rows, every column in a buffer of its own (all rows: a whole copy). */
export function leadingRows(trace: Trace, rows: number): Trace {
	const part: Trace = {
		...trace,
		arrivalS: trace.arrivalS.slice(0, rows),
		promptTokens: trace.promptTokens.slice(0, rows),
		outputTokens: trace.outputTokens.slice(0, rows),
		modelCode: trace.modelCode.slice(0, rows),
		logTypeCode: trace.logTypeCode.slice(0, rows)
	};
	if (trace.sessionKey) part.sessionKey = trace.sessionKey.slice(0, rows);
	if (trace.prefixBlocks) {
		const { blockTokens, offsets, ids } = trace.prefixBlocks;
		part.prefixBlocks = { blockTokens, offsets: offsets.slice(0, rows + 1), ids: ids.slice(0, offsets[rows]) };
	}
	return part;
}

/**
 * Every buffer a trace's columns sit in, each once: the list to transfer the trace with (a buffer
 * listed twice cannot be transferred). A trace from leadingRows owns exactly these buffers.
 */
export function traceBuffers(t: Trace): ArrayBuffer[] {
	const columns = [t.arrivalS, t.promptTokens, t.outputTokens, t.modelCode, t.logTypeCode, t.sessionKey, t.prefixBlocks?.offsets, t.prefixBlocks?.ids];
	return [...new Set(columns.filter((c) => c !== undefined).map((c) => c.buffer as ArrayBuffer))];
}

/**
 * The sizes that fit `rows` usable rows: each size above it becomes `rows` (once), with a notice that
 * says which sizes were clamped. An empty trace keeps no size (the caller reports it).
 */
export function fitSizes(sizes: number[], rows: number, traceName: string): { sizes: number[]; notices: string[] } {
	const wanted = uniqueSorted(sizes);
	const over = wanted.filter((s) => s > rows);
	if (over.length === 0 || rows < 1) return { sizes: rows < 1 ? [] : wanted, notices: [] };
	const fitted = uniqueSorted(wanted.map((s) => Math.min(s, rows)));
	const list = over.map(fmt).join(', ');
	return {
		sizes: fitted,
		notices: [
			`${traceName} has ${fmt(rows)} usable requests, fewer than the size${over.length > 1 ? 's' : ''} ${list}: ` +
				`${over.length > 1 ? 'they run' : 'it runs'} as one workload of the whole trace (${fmt(rows)} requests), once.`
		]
	};
}

/**
 * The configuration with its sizes fitted to the trace (fitSizes over the usable rows) and the notices
 * of the fit, without cutting any workload: one pass over the rows, a few milliseconds at a million.
 * Each fitted size's workload then has exactly that many requests (the first N usable rows), so a
 * study can be planned before its workloads are cut. Or the error of a trace without usable rows.
 */
export function fitStudyToTrace(trace: Trace, config: StudyConfig): { ok: true; config: StudyConfig; notices: string[] } | { ok: false; error: UserError } {
	const rows = usableRows(trace, config.keepFailed);
	if (rows < 1) {
		return {
			ok: false,
			error: { code: 'too-few-rows', field: 'sizes', message: `${trace.name} has no usable requests${config.keepFailed ? '' : ' once failed rows are dropped'}; load a trace with requests.` }
		};
	}
	const fit = fitSizes(config.sizes, rows, trace.name);
	return { ok: true, config: { ...config, sizes: fit.sizes }, notices: fit.notices };
}

/** The study's workload of `size` requests: the first `size` usable rows, re-timed as the study says. */
export function studyWorkload(trace: Trace, config: Pick<StudyConfig, 'keepFailed' | 'rpsScale' | 'requestsPerS'>, size: number): { ok: true; workload: StudyWorkload } | { ok: false; error: UserError } {
	const r = shapeWorkload(trace, {
		size,
		selection: { kind: 'first' },
		keepFailed: config.keepFailed,
		timing: config.requestsPerS ? { kind: 'rate', requestsPerS: config.requestsPerS } : { kind: 'scale', rpsScale: config.rpsScale }
	});
	return r.ok ? { ok: true, workload: { size, workload: r.workload } } : r;
}

/**
 * One workload per size fitted to the trace, the configuration with those sizes, and notices; or the
 * first shaping error (an empty trace, a bad RPS scale...).
 */
export function studyWorkloads(
	trace: Trace,
	config: StudyConfig
): { ok: true; workloads: StudyWorkload[]; config: StudyConfig; notices: string[] } | { ok: false; error: UserError } {
	const fit = fitStudyToTrace(trace, config);
	if (!fit.ok) return fit;
	const out: StudyWorkload[] = [];
	for (const size of fit.config.sizes) {
		const r = studyWorkload(trace, config, size);
		if (!r.ok) return r;
		out.push(r.workload);
	}
	return { ok: true, workloads: out, config: fit.config, notices: fit.notices };
}

/**
 * The configuration and notices for workloads shaped elsewhere (the page shapes in its parse worker):
 * a configured size without its own workload that is larger than the largest workload ran as that
 * workload (the whole trace), so it is fitted the same way studyWorkloads fits it.
 */
export function fitConfigToWorkloads(config: StudyConfig, workloads: StudyWorkload[]): { config: StudyConfig; notices: string[] } {
	const have = new Set(workloads.map((w) => w.size));
	const largest = Math.max(0, ...workloads.map((w) => w.size));
	const wanted = uniqueSorted(config.sizes);
	if (wanted.every((s) => have.has(s)) || largest < 1) return { config, notices: [] };
	const whole = workloads.find((w) => w.size === largest);
	const rows = whole?.workload.arrivalS.length ?? largest;
	// Only sizes above the whole trace collapse; any other missing size stays missing (the caller reports it).
	const collapsible = wanted.every((s) => have.has(s) || (s > largest && rows === largest));
	if (!collapsible) return { config, notices: [] };
	const fit = fitSizes(wanted, rows, whole?.workload.label.replace(/^first [\d,]+ of /, '').replace(/, .*$/, '') || 'The trace');
	return { config: { ...config, sizes: fit.sizes }, notices: fit.notices };
}
