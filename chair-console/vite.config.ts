import { defineConfig } from 'vite';

// Served by the Stemkaart server at /chair/ (see server static routes); built into dist/chair-console.
export default defineConfig({
  root: import.meta.dirname,
  base: '/chair/',
  build: {
    outDir: '../dist/chair-console',
    emptyOutDir: true,
    // bwip-js (QR codes for kiosk pairing) is loaded on demand in its own chunk.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
