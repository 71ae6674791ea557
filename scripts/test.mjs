// `npm test`: everything CI checks, in order: install, type-check, unit tests, build, e2e in Chromium.
import { ensureChromium, ensureDependencies, run } from './ensure.mjs';

ensureDependencies();
ensureChromium();
run('npm run --silent check');
run('npx vitest run');
run('npx vite build');
run('node scripts/e2e.mjs');
