// `npm start`: install if needed, build the static site and the compiled CLI, serve the site on localhost and print the URL.
import { ensureDependencies, run } from './ensure.mjs';

ensureDependencies();
run('npm run --silent build');
run('node scripts/serve.mjs');
