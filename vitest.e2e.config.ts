import { defineConfig } from 'vitest/config';

// The e2e suite drives the built site in Chromium; one file at a time keeps the 2-core machine calm.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		environment: 'node',
		testTimeout: 180_000,
		hookTimeout: 180_000,
		fileParallelism: false
	}
});
