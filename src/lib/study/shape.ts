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
 * One workload per size fitted to the trace, the configuration with those sizes, and notices; or the
 * first shaping error (an empty trace, a bad RPS scale...).
 */
export function studyWorkloads(
	trace: Trace,
	config: StudyConfig
): { ok: true; workloads: StudyWorkload[]; config: StudyConfig; notices: string[] } | { ok: false; error: UserError } {
	const rows = usableRows(trace, config.keepFailed);
	if (rows < 1) {
		return {
			ok: false,
			error: { code: 'too-few-rows', field: 'sizes', message: `${trace.name} has no usable requests${config.keepFailed ? '' : ' once failed rows are dropped'}; load a trace with requests.` }
		};
	}
	const fit = fitSizes(config.sizes, rows, trace.name);
	const out: StudyWorkload[] = [];
	for (const size of fit.sizes) {
		const r = shapeWorkload(trace, {
			size,
			selection: { kind: 'first' },
			keepFailed: config.keepFailed,
			timing: config.requestsPerS ? { kind: 'rate', requestsPerS: config.requestsPerS } : { kind: 'scale', rpsScale: config.rpsScale }
		});
		if (!r.ok) return { ok: false, error: r.error };
		out.push({ size, workload: r.workload });
	}
	return { ok: true, workloads: out, config: { ...config, sizes: fit.sizes }, notices: fit.notices };
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
