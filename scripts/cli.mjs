// `npm run cli` (or, faster, `node scripts/cli.mjs`): runs the compiled CLI in this very process.
// Checks that .servescope/cli/ is up to date (one stat per file it was built from, a few ms),
// compiles it first when it is missing or stale, then imports its main.js, which reads process.argv
// exactly as cli/main.ts does under tsx (`npm run cli:dev`).
import { pathToFileURL } from 'node:url';
import { BUNDLE_MAIN, staleReason } from './cli-bundle.mjs';

const reason = staleReason();
if (reason) {
	// Status on stderr: stdout stays the command's own (--json output must parse).
	console.error(`servescope: compiling the CLI (${reason})...`);
	const { buildCli } = await import('./build-cli.mjs');
	try {
		await buildCli({ quiet: true, ifStale: true });
	} catch (e) {
		console.error(
			`servescope: ${e instanceof Error ? e.message : String(e)}\n` +
				'  Fix the error above and run the command again; "npm run cli:dev -- ..." runs the TypeScript directly.'
		);
		process.exit(1);
	}
}
await import(pathToFileURL(BUNDLE_MAIN).href);
