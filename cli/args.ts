/** Small shared pieces for CLI commands: flag parsing and errors a person can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command: its --help text and a run function returning the exit code. */
export interface Command {
	help: string;
	run(argv: string[]): Promise<number>;
}

/** An error for the person at the terminal: printed to stderr without a stack, exits non-zero. */
export class CliError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1
	) {
		super(message);
	}
}

/** Parses flags strictly; an unknown flag is a CliError that names it and points to --help. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, command: string) {
	try {
		return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
	} catch (e) {
		throw new CliError(`${command}: ${e instanceof Error ? e.message : String(e)}. See "npm run --silent cli -- ${command} --help".`, 2);
	}
}

/** A number flag: undefined when absent, a CliError when not a finite number within [min, max]. */
export function numberFlag(value: string | undefined, flag: string, min = -Infinity, max = Infinity): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < min || n > max) {
		throw new CliError(`--${flag} must be a number between ${min} and ${max}; got "${value}".`, 2);
	}
	return n;
}

/** A comma-separated list of numbers, e.g. --gpus 1,2,4. */
export function numberListFlag(value: string | undefined, flag: string, min = -Infinity, max = Infinity): number[] | undefined {
	if (value === undefined) return undefined;
	return value.split(',').map((v) => numberFlag(v.trim(), flag, min, max) as number);
}

/** Prints a value as one JSON object on stdout. */
export function printJson(value: unknown): void {
	process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
