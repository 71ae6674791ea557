/**
 * `npm run bench`: every benchmark in bench/*.bench.ts, each printing its figures.
 * Benchmarks never assert on time; they print medians of several runs so noise is visible.
 *   npm run bench               all of them
 *   npm run bench -- sim parse  only those whose file name contains one of the words
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
	.sort();

for (const f of files) {
	console.log(`\n=== ${f}`);
	const mod = (await import(pathToFileURL(`${dir}/${f}`).href)) as { main?: () => Promise<void> };
	if (mod.main) await mod.main();
}
