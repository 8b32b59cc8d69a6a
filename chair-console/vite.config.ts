import { defineConfig } from 'vite';

/** The modules the console loads only when needed: the QR code of a kiosk's pairing link. */
const LOADED_LATER = /[\\/]client-kit[\\/]qr\.ts$|[\\/]node_modules[\\/]bwip-js[\\/]/;

// Served by the Stemkaart server at /chair/ (see server static routes); built into dist/chair-console.
export default defineConfig({
  root: import.meta.dirname,
  base: '/chair/',
  build: {
    outDir: '../dist/chair-console',
    emptyOutDir: true,
    // bwip-js (QR codes for kiosk pairing) is loaded on demand in its own chunk (a pairing link that
    // gets no picture is still shown as text). Everything else, every tab's view included, is one
    // script: without this group the bundler puts what the console and the QR code share into a
    // second script the console loads at start.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'console', test: (id: string) => !LOADED_LATER.test(id) }] } },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
