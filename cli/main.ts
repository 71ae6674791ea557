/**
 * servescope's command line: the same library as the web app, headless in Node.
 *   npm run --silent cli -- <command> [flags]     (each command has --help)
 * Errors go to stderr with a non-zero exit code; --json prints one machine-readable object on stdout.
 */
import { CliError, type Command } from './args';

/** Commands load lazily so `cli parse` does not pay for the engine or the study. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
	parse: { summary: 'parse a trace file and report what it holds', load: () => import('./commands/parse') },
	synth: { summary: 'write the synthetic BurstGPT-like trace as a BurstGPT v1 CSV', load: () => import('./commands/synth') },
	simulate: { summary: 'simulate one scenario on a trace', load: () => import('./commands/simulate') },
	study: { summary: 'run the two-step study and write its CSV/JSON/SVG files', load: () => import('./commands/study') },
	plan: { summary: 'the cheapest deployment per GPU type that meets the SLOs at a target rate', load: () => import('./commands/plan') },
	sweep: { summary: "sweep the request rate to find one configuration's capacity under the SLO", load: () => import('./commands/sweep') },
	models: { summary: 'list the catalog models', load: () => import('./commands/models') },
	gpus: { summary: 'list the catalog GPUs', load: () => import('./commands/gpus') },
	fit: { summary: 'fit the latency model T(b, L) from a measured latency grid CSV', load: () => import('./commands/fit') },
	calibrate: { summary: 'fit the per-operator model to measured step times, check a profile, print the validation table', load: () => import('./commands/calibrate') }
};

function usage(): string {
	const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
	return [
		'servescope: simulate LLM inference serving.',
		'',
		'Usage: npm run --silent cli -- <command> [flags]',
		'',
		'Commands:',
		...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
		'',
		'Run any command with --help for its flags.'
	].join('\n');
}

// `cli models | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
	if (err.code === 'EPIPE') process.exit(0);
	throw err;
});

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		console.log(usage());
		return 0;
	}
	const entry = COMMANDS[name];
	if (!entry) {
		console.error(`servescope: unknown command "${name}".\n\n${usage()}`);
		return 2;
	}
	const { command } = await entry.load();
	if (rest.includes('--help') || rest.includes('-h')) {
		console.log(command.help);
		return 0;
	}
	return command.run(rest);
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		if (err instanceof CliError) {
			console.error(`servescope: ${err.message}`);
			process.exitCode = err.exitCode;
		} else {
			console.error(`servescope: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
			process.exitCode = 1;
		}
	}
);
