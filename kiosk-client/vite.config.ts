import { defineConfig, type Plugin } from 'vite';

/**
 * The ballot flow (src/ballot.ts) is loaded at the first card, not with the idle kiosk's first
 * screen; this writes a `<link rel="prefetch">` for its chunks into the page, so the browser fetches
 * them into its cache at low priority once the page is up (without running them), and the first
 * card does not wait for them.
 */
function prefetchBallot(): Plugin {
  return {
    name: 'stemkaart-prefetch-ballot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).filter((c) => c.type === 'chunk');
        const ballot = chunks.find((c) => c.facadeModuleId?.endsWith('/src/ballot.ts'));
        if (!ballot) throw new Error('kiosk build: no chunk for src/ballot.ts');
        const initial = new Set(chunks.filter((c) => c.isEntry).flatMap((c) => [c.fileName, ...c.imports]));
        return [ballot.fileName, ...ballot.imports]
          .filter((file) => !initial.has(file))
          .map((file) => ({ tag: 'link', attrs: { rel: 'prefetch', href: `/kiosk/${file}`, crossorigin: true }, injectTo: 'head' as const }));
      },
    },
  };
}

// Served by the server at /kiosk/ (dist/kiosk-client). `npm run dev` of the server on :3000 plus
// `npx vite kiosk-client` proxies the API and the live feed so the page can be worked on alone.
export default defineConfig({
  root: import.meta.dirname,
  base: '/kiosk/',
  plugins: [prefetchBallot()],
  build: { outDir: '../dist/kiosk-client', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
