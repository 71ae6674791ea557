// End-to-end tests: the built site, served from localhost, driven in headless Chromium.
import { existsSync } from 'node:fs';
import { ensureChromium, run } from './ensure.mjs';

ensureChromium();
if (!existsSync('build/index.html')) run('npx vite build');
run('npx vitest run --config vitest.e2e.config.ts');
