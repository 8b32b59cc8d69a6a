import { defineConfig } from 'vite';

/** The modules the console loads only when needed: the QR code, the views and words of the later tabs. */
const LOADED_LATER = /[\\/]src[\\/](qr|(views[\\/]|i18n-)(agenda|presence|kiosks))\.ts$|[\\/]node_modules[\\/]bwip-js[\\/]/;

// Served by the Stemkaart server at /chair/ (see server static routes); built into dist/chair-console.
export default defineConfig({
  root: import.meta.dirname,
  base: '/chair/',
  build: {
    outDir: '../dist/chair-console',
    emptyOutDir: true,
    // bwip-js (QR codes for kiosk pairing) is loaded on demand in its own chunk, and so are the views
    // of the tabs other than the vote tab (src/main.ts, TAB_VIEWS). Everything else is one script:
    // without this group the bundler puts what the console and those views share into a second
    // script the console loads at start, which makes the start larger, not smaller.
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
