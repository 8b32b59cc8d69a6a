import { defineConfig } from 'vite';

// Served by the server at /kiosk/ (dist/kiosk-client). `npm run dev` of the server on :3000 plus
// `npx vite kiosk-client` proxies the API and the live feed so the page can be worked on alone.
export default defineConfig({
  root: import.meta.dirname,
  base: '/kiosk/',
  build: { outDir: '../dist/kiosk-client', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
