import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Served by the server at /projector/ (index.html, also at /projector?meeting=ID), / (home.html), and
// the public pages /projector/record.html (stemgedrag) and /projector/receipt.html (check a receipt).
// `npm run build` builds these pages one at a time, each into one script (scripts/build-clients.js),
// so there is nothing to preload and no preload polyfill to carry.
export default defineConfig({
  root: import.meta.dirname,
  base: '/projector/',
  build: {
    outDir: '../dist/projector-view',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        home: resolve(import.meta.dirname, 'home.html'),
        record: resolve(import.meta.dirname, 'record.html'),
        receipt: resolve(import.meta.dirname, 'receipt.html'),
      },
    },
  },
});
