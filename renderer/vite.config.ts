// Vite build of the wizard: root renderer/, output dist/renderer, relative base so Electron
// loads it from file://. The CSP lives in index.html; the build emits no inline script or style.
// `--mode web-preview` (npm run dev:web) builds the web preview instead, into
// dist/renderer-preview: only that build holds the development HTTP bridge and the demo panel.
// The app's build also prerenders the first screen into its pages (scripts/renderer-prerender.ts);
// the preview, whose first screen has the demo panel beside it, starts from an empty page.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
// With the extension: Vite's coming native config loader resolves no extensionless paths.
import { WEB_PREVIEW_DIST, WEB_PREVIEW_MODE } from '../shared/ipc/dev-bridge.js';
import { prerenderFirstScreen } from '../scripts/renderer-prerender.js';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => ({
  root,
  base: './',
  plugins: mode === WEB_PREVIEW_MODE ? [react()] : [react(), prerenderFirstScreen()],
  // A constant in the code, so the app's build drops every branch the preview alone needs
  // (and the chunks those branches would import).
  define: { 'import.meta.env.WEB_PREVIEW': JSON.stringify(mode === WEB_PREVIEW_MODE) },
  build: {
    outDir: fileURLToPath(new URL(`../dist/${mode === WEB_PREVIEW_MODE ? WEB_PREVIEW_DIST : 'renderer'}`, import.meta.url)),
    emptyOutDir: true,
    // Electron 41's Chromium: CSS light-dark() and the rest of what the pages use, untranslated.
    target: 'chrome146',
    // Keep small assets as files: a data: URL for a script or style would need a CSP exception.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    // Vite warns at 500 kB minified; what matters is the first screen's gzip size, held under
    // 200 KB by test/e2e/bundle-budget.test.ts (the main chunk is ~520 kB minified, ~90 KB gzip).
    chunkSizeWarningLimit: 640,
  },
}));
