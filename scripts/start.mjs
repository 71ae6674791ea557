// `npm start`: install if needed, build the static site, serve it on localhost and print the URL.
import { ensureDependencies, run } from './ensure.mjs';

ensureDependencies();
run('npx vite build');
run('node scripts/serve.mjs');
