/**
 * A hostile archive: a 32 MB gzip of one valid BurstGPT row repeated (about 10 GB of text, a few
 * hundred million requests once inflated). The CLI must refuse it with a message naming the limit
 * and stay under 1 GB of peak memory while reading it; the figure is the child process's
 * "Maximum resident set size" from GNU time (`/usr/bin/time -v`; Debian package `time`).
 * The file is made once into bench/out/ (git-ignored) by streaming zlib, never held whole.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const TARGET_BYTES = 32 * 2 ** 20;
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const FILE = `${OUT}repeated-rows-32mb.csv.gz`;
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Streams the header and then repeated rows through gzip until the compressed file reaches 32 MB. */
async function ensureBomb(): Promise<void> {
	if (existsSync(FILE)) return;
	mkdirSync(OUT, { recursive: true });
	const tmp = `${FILE}.part`;
	const out = createWriteStream(tmp);
	const gz = createGzip({ level: 6 });
	gz.pipe(out);
	const block = Buffer.from('5,ChatGPT,472,18,490,Conversation log\n'.repeat(1 << 15));
	gz.write('Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n');
	const t0 = performance.now();
	while (out.bytesWritten < TARGET_BYTES) {
		if (!gz.write(block)) await new Promise((r) => gz.once('drain', r));
	}
	await new Promise<void>((resolve, reject) => {
		out.on('finish', resolve);
		out.on('error', reject);
		gz.end();
	});
	renameSync(tmp, FILE);
	console.log(`wrote ${FILE} (${(statSync(FILE).size / 2 ** 20).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Runs `cli parse` on the file under GNU time and prints peak RSS, wall time and the refusal. */
export async function main(): Promise<void> {
	if (!existsSync('/usr/bin/time')) {
		console.log('  /usr/bin/time is missing: install the Debian package "time" (apt-get install time) for this figure');
		return;
	}
	await ensureBomb();
	const r = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', 'cli/main.ts', 'parse', FILE], { cwd: ROOT, encoding: 'utf8' });
	const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
	const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(r.stderr)?.[1] ?? '?';
	const message = r.stderr.split('\n').find((l) => l.startsWith('servescope:')) ?? '(no refusal printed)';
	console.log(`cli parse ${(statSync(FILE).size / 2 ** 20).toFixed(1)} MB gzip of repeated rows: exit ${r.status}, peak RSS ${(rssKb / 1024).toFixed(0)} MB (target < 1024 MB), wall ${wall}`);
	console.log(`  ${message}`);
}
