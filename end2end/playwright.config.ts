import { defineConfig } from "@playwright/test";

// Debian's chromium, never a downloaded browser (the machines reach no browser CDN).
const PORT = 3100;
export default defineConfig({
  testDir: "./tests",
  // Screenshots and traces of failures stay out of the repository.
  outputDir: "../target/playwright",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // A debug wasm on a busy 2-core CI machine sometimes hydrates slowly; one retry keeps a
  // slow machine from failing the run, and the list reporter still names a flaky test.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // A fresh embedded database with the demo county for every run.
    command:
      "rm -rf ../target/e2e && mkdir -p ../target/e2e && ../target/debug/lianxin serve --seed-demo",
    env: {
      DATABASE_URL: "sqlite://../target/e2e/e2e.db?mode=rwc",
      LEPTOS_SITE_ROOT: "../target/site-dev",
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      RUST_LOG: "warn",
    },
    url: `http://127.0.0.1:${PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
