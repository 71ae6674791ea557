/** `cli parse <file>`: parse a trace file and report what it holds (--json for one machine-readable object). */
import { CliError, parseFlags, printJson, type Command } from '../args';
import { loadTraceFile, TRACE_LIMIT_FLAGS, TRACE_LIMIT_HELP, traceLimitsFromFlags } from '../load-trace';
import type { ColumnMapping } from '../../src/lib/trace/formats';
import { summarizeTrace, type TokenStats } from '../../src/lib/trace/summary';

const help = `Usage: npm run --silent cli -- parse <file> [--json] [--map arrival=COL,prompt=COL,output=COL[,unit=s|ms|datetime]]

Parses a trace (BurstGPT v1/v2 CSV, Azure 2023 CSV, Mooncake JSONL, optionally .gz) and prints
rows read/kept, failed and skipped rows, warnings, time span, token quantiles and model counts.

  --json        print one JSON object (format, rowsRead, rowsKept, failedRows, skipped, warnings,
                timeSpanS, promptTokens, outputTokens, models, ...)
  --map SPEC    read a plain CSV: name its arrival, prompt-token and output-token columns,
                e.g. --map "arrival=time,prompt=in_tokens,output=out_tokens,unit=ms"
${TRACE_LIMIT_HELP}`;

/** Parses "--map arrival=A,prompt=P,output=O[,unit=U][,model=M]" into a ColumnMapping. */
export function parseMapFlag(spec: string): ColumnMapping {
	const parts = new Map<string, string>();
	for (const piece of spec.split(',')) {
		const eq = piece.indexOf('=');
		if (eq < 0) throw new CliError(`--map: "${piece}" is not KEY=COLUMN. Expected e.g. arrival=time,prompt=in,output=out.`, 2);
		parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
	}
	for (const k of parts.keys()) {
		if (!['arrival', 'prompt', 'output', 'unit', 'model', 'logType'].includes(k)) throw new CliError(`--map: unknown key "${k}"; use arrival, prompt, output, unit, model, logType.`, 2);
	}
	const need = (k: string) => {
		const v = parts.get(k);
		if (!v) throw new CliError(`--map needs ${k}=COLUMN (got "${spec}").`, 2);
		return v;
	};
	const unit = parts.get('unit');
	if (unit !== undefined && unit !== 's' && unit !== 'ms' && unit !== 'datetime') throw new CliError(`--map: unit must be s, ms or datetime; got "${unit}".`, 2);
	return { arrival: need('arrival'), prompt: need('prompt'), output: need('output'), arrivalUnit: unit, model: parts.get('model'), logType: parts.get('logType') };
}

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
/** Names from files may hold newlines or control characters: show those quoted. */
const label = (k: string) => (/[\u0000-\u001f]/.test(k) ? JSON.stringify(k) : k);
const stats = (s: TokenStats | null) => (s ? `p25 ${n(s.p25)}, median ${n(s.p50)}, p75 ${n(s.p75)}, mean ${n(s.mean)}, max ${n(s.max)}` : 'n/a');

/** The parse command. */
export const command: Command = {
	help,
	async run(argv) {
		const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' }, map: { type: 'string' }, ...TRACE_LIMIT_FLAGS }, 'parse');
		if (positionals.length !== 1) throw new CliError(`parse needs exactly one file; got ${positionals.length}. See --help.`, 2);
		const mapping = values.map ? parseMapFlag(values.map) : undefined;
		const outcome = await loadTraceFile(positionals[0], { mapping, limits: traceLimitsFromFlags(values) });
		if (!outcome.ok) throw new CliError(outcome.error.message);
		const s = summarizeTrace(outcome.trace, outcome.report);
		if (values.json) {
			printJson(s);
			return 0;
		}
		const lines = [
			`${s.name}: ${s.format}${s.synthetic ? ' (SYNTHETIC)' : ''}`,
			`rows read ${n(s.rowsRead)}, kept ${n(s.rowsKept)}, failed (0 output tokens) ${n(s.failedRows)}`,
			`time span ${s.timeSpanS === null ? 'n/a' : n(s.timeSpanS) + ' s'}`,
			`prompt tokens: ${stats(s.promptTokens)}`,
			`output tokens: ${stats(s.outputTokens)}`,
			`models: ${Object.entries(s.models).map(([k, v]) => `${label(k)} ${n(v)}`).join(', ')}`,
			`log types: ${Object.entries(s.logTypes).map(([k, v]) => `${label(k)} ${n(v)}`).join(', ')}`
		];
		for (const [reason, count] of Object.entries(s.skipped)) lines.push(`skipped ${n(count)}: ${reason}`);
		for (const b of s.badLines) lines.push(`  line ${b.line} (${b.reason}): ${b.text}`);
		for (const w of s.warnings) lines.push(`warning: ${w}`);
		console.log(lines.join('\n'));
		return 0;
	}
};
