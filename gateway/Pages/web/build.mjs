// Bundles the pages into ../obj/web (not committed): GraphiQL with Monaco's workers, and the dashboard.
// Run by Pages.csproj at build time; `npm ci` first restores node_modules from package-lock.json.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const out = process.argv[2] ?? '../obj/web';
// A clean folder each time: whatever is in it is embedded, so nothing stale may remain.
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/graphiql`, { recursive: true });
const common = { bundle: true, minify: true, format: 'esm', target: 'es2022', logLevel: 'warning', legalComments: 'linked' };
await build({
  ...common,
  entryPoints: { graphiql: 'src/graphiql.jsx' },
  outdir: `${out}/graphiql`,
  jsx: 'automatic',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  assetNames: '[name]',
  define: { 'process.env.NODE_ENV': '"production"' },
});
await build({
  ...common,
  entryPoints: { 'editor.worker': 'src/editor.worker.js', 'json.worker': 'src/json.worker.js', 'graphql.worker': 'src/graphql.worker.js' },
  outdir: `${out}/graphiql`,
});
copyFileSync('src/graphiql.html', `${out}/graphiql/index.html`);

mkdirSync(`${out}/dashboard`, { recursive: true });
await build({ ...common, entryPoints: { dashboard: 'src/dashboard.js' }, outdir: `${out}/dashboard` });
copyFileSync('src/dashboard.html', `${out}/dashboard/index.html`);
copyFileSync('src/dashboard.css', `${out}/dashboard/dashboard.css`);

mkdirSync(`${out}/admin`, { recursive: true });
await build({ ...common, entryPoints: { admin: 'src/admin.js' }, outdir: `${out}/admin` });
copyFileSync('src/admin.html', `${out}/admin/index.html`);
