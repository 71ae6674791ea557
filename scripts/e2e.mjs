// End-to-end tests: the built site, served from localhost, driven in headless Chromium.
import { ensureChromium, run } from './ensure.mjs';

ensureChromium();
run('npx vitest run --config vitest.e2e.config.ts');
