/**
 * The quick run's timeline replay, as pure geometry: where the cursor is at a simulated time, and the
 * queue-length and busy-GPU paths drawn up to it on fixed axes (the axes never move while the replay
 * plays, so the eye follows the line, not the frame). D3 computes; TimelineReplay.svelte draws.
 */
import { area, curveStepAfter, line, scaleLinear } from 'd3';
import type { SimSeries } from '../sim/types';

type Timeline = SimSeries['timeline'];

/** Index of the last sample at or before tS (0 when tS is before the first; binary search). */
export function replayIndex(times: readonly number[], tS: number): number {
	let lo = 0;
	let hi = times.length - 1;
	if (hi < 0 || tS <= times[0]) return 0;
	if (tS >= times[hi]) return hi;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (times[mid] <= tS) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** What the replay shows at one moment. */
export interface ReplayFrame {
	/** Sample index (see replayIndex). */
	index: number;
	queue: number;
	busy: number;
}

/** The state of the run at simulated time tS (zeros for an empty timeline). */
export function replayFrame(tl: Timeline, tS: number): ReplayFrame {
	if (tl.tS.length === 0) return { index: 0, queue: 0, busy: 0 };
	const i = replayIndex(tl.tS, tS);
	return { index: i, queue: tl.queueLength[i] ?? 0, busy: tl.busyGpus[i] ?? 0 };
}

/** Simulated seconds covered by the timeline (its last sample time; 0 when empty). */
export function replayEndS(tl: Timeline): number {
	return tl.tS.length ? tl.tS[tl.tS.length - 1] : 0;
}

/** Size of one replay panel, px. */
export interface PanelSize {
	width: number;
	height: number;
	/** Left margin for the y labels. */
	left: number;
	/** Bottom margin for the x labels. */
	bottom: number;
	/** Top margin for the panel's title. */
	top: number;
}

/** One panel's geometry: the area up to the cursor, the full line (faint), the cursor x and ticks. */
export interface ReplayPanel {
	played: string;
	whole: string;
	cursorX: number;
	yMax: number;
	xTicks: { x: number; label: string }[];
	yTicks: { y: number; label: string }[];
}

/**
 * A panel of `values` over `tl.tS` up to `tS`, on fixed domains [0, end] × [0, yMax] (yMax at least
 * 1, so a run that never queues still has an axis). Step-after curves: a sample holds until the next.
 */
export function replayPanel(tl: Timeline, values: readonly number[], tS: number, size: PanelSize, yMaxHint = 0): ReplayPanel {
	const end = Math.max(replayEndS(tl), 1e-9);
	let yMax = Math.max(1, yMaxHint);
	for (const v of values) if (v > yMax) yMax = v;
	const x = scaleLinear().domain([0, end]).range([size.left, size.width - 8]);
	const y = scaleLinear().domain([0, yMax]).range([size.height - size.bottom, size.top]).nice();
	const n = tl.tS.length;
	const upto = n ? replayIndex(tl.tS, tS) : -1;
	const pts: [number, number][] = [];
	for (let i = 0; i <= upto; i++) pts.push([tl.tS[i], values[i] ?? 0]);
	// The played part ends exactly at the cursor, holding the last sample's value.
	if (upto >= 0 && tS > tl.tS[upto]) pts.push([Math.min(tS, end), values[upto] ?? 0]);
	const all: [number, number][] = tl.tS.map((t, i) => [t, values[i] ?? 0]);
	const areaGen = area<[number, number]>()
		.x((d) => x(d[0]))
		.y0(y(0))
		.y1((d) => y(d[1]))
		.curve(curveStepAfter);
	const lineGen = line<[number, number]>()
		.x((d) => x(d[0]))
		.y((d) => y(d[1]))
		.curve(curveStepAfter);
	const round = (v: number) => Math.round(v * 100) / 100;
	return {
		played: pts.length ? (areaGen(pts) ?? '') : '',
		whole: all.length ? (lineGen(all) ?? '') : '',
		cursorX: round(x(Math.min(Math.max(tS, 0), end))),
		yMax: y.domain()[1],
		xTicks: x.ticks(6).map((t) => ({ x: round(x(t)), label: `${t} s` })),
		yTicks: y.ticks(4).filter(Number.isInteger).map((t) => ({ y: round(y(t)), label: String(t) }))
	};
}
