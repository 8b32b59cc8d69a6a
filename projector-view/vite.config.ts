import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Served by the server at /projector/ (index.html, also at /projector?meeting=ID) and / (home.html).
export default defineConfig({
  root: import.meta.dirname,
  base: '/projector/',
  build: {
    outDir: '../dist/projector-view',
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        home: resolve(import.meta.dirname, 'home.html'),
      },
    },
  },
});
