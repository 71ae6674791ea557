/**
 * Number formatting for tables and captions: the page's short names for the one formatter in
 * src/lib/charts/labels.ts, so a table, a chart and a CLI chart file print a value the same way.
 * Never prints NaN or Infinity: null, undefined and non-finite values read "n/a".
 */
export {
	formatBytes as fmtBytes,
	formatCompact as fmtCompact,
	formatCount as fmtInt,
	formatDuration as fmtSeconds,
	formatDurationMs as fmtMs,
	formatPercent as fmtPct,
	formatSig as fmtSig
} from '../charts/labels';
