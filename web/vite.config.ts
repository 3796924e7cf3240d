// The UI is served by the motcua binary from web/dist (MOTCUA_WEB_DIR); in development `npm run dev`
// proxies the API to a motcua on 127.0.0.1:8080.
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig({
  plugins: [vue()],
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/verify": "http://127.0.0.1:8080" } },
  build: { outDir: "dist", assetsInlineLimit: 0, sourcemap: false },
  test: { environment: "jsdom", include: ["tests/**/*.test.ts"] },
} as any);
