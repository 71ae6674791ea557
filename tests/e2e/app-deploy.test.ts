// Deployments on the built site: Llama-3.1-70B on 8 × H100 at TP 8 from the URL, the deployment
// fields, a quick run that counts 8 GPUs per replica, and How it works' deployments section.
import { expect, test } from 'vitest';
import { screenshot, useSiteAndBrowser } from './browser';

const env = useSiteAndBrowser();

test('Llama-3.1-70B on H100 at TP 8: the fields show the replica and a quick run counts 8 GPUs', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}?model=llama-3.1-70b&gpu=h100-sxm&tp=8&sizes=200&gpus=1&bins=1`);
	await page.locator('h1[data-ready="yes"]').waitFor();
	expect(await page.locator('#f-tp').inputValue()).toBe('8');
	expect(await page.locator('[data-deploy="tp"]').textContent()).toContain('TP 8: 8 × NVIDIA H100');
	expect(await page.locator('[data-deploy="kv"]').textContent()).toBe('1,456,819 tokens');
	// TP 1 cannot hold the model: the option is disabled and says why.
	expect(await page.locator('#f-tp option[value="1"]').getAttribute('title')).toMatch(/smallest tensor-parallel size that fits is TP 2/);
	// Choosing FP8 weights updates the URL and the explanation.
	await page.locator('#f-weights').selectOption('fp8');
	await expect.poll(() => new URL(page.url()).searchParams.get('weights')).toBe('fp8');
	expect(await page.locator('#f-weights-hint').textContent()).toContain('FP8');

	await page.getByRole('button', { name: /Use built-in sample/ }).click();
	await expect.poll(() => page.locator('.trace-summary').textContent(), { timeout: 30_000 }).toContain('SYNTHETIC');
	await page.getByLabel('Requests', { exact: true }).fill('200');
	await page.getByRole('button', { name: 'Quick run', exact: true }).click();
	await page.getByRole('heading', { name: 'Timeline replay' }).waitFor({ timeout: 60_000 });
	const metric = async (k: string) => Number(await page.locator(`[data-detail="quick"] [data-metric="${k}"]`).textContent());
	expect(await metric('completed')).toBeGreaterThan(150);
	// One replica of 8 GPUs: tok/s per GPU is an eighth of the output rate.
	expect((await metric('tokPerSPerGpu')) * 8).toBeCloseTo(await metric('outputTokPerS'), 6);
	expect(await page.locator('[data-detail="quick"]').textContent()).toContain('1 replica × TP 8 = 8 GPUs');
	await screenshot(page, 'app-deploy-tp8');
	expect(errors).toEqual([]);
	await page.close();
});

test('How it works explains TP and precision with the chosen model and GPU', async () => {
	const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${env.site.url}how-it-works/?gpu=h100-sxm&model=llama-3.1-8b&tp=2`);
	await page.getByRole('heading', { name: 'Deployments: tensor parallelism and precision' }).waitFor();
	const table = (await page.getByRole('table', { name: 'The replica at each TP size' }).textContent()) ?? '';
	expect(table).toContain('2 (chosen)');
	expect(table).toContain('1,057,120 tokens');
	const text = (await page.locator('main').textContent()) ?? '';
	expect(text).toContain('B_bus = 450 GB/s, λ = 1.9 µs');
	expect(text).toContain('INT4 (weight-only, W4A16)');
	expect(errors).toEqual([]);
	await page.close();
});
