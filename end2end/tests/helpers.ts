import { expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Collects console errors and warnings, and page errors, from the moment it is called. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    // A failed load names no file in its text; its location does.
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** Waits until the wasm has hydrated the page (the browser entry marks <html> once the
 * open page's lazy chunk has loaded and hydrated). */
export async function hydrated(page: Page, timeout = 20_000) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout });
}

/** axe-core finds no serious or critical violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Logs in through the real form with the demo password and lands on 我的, hydrated:
 * leaving /me while its wasm still downloads aborts the download, and Chromium can then
 * hold the next page's request for the same file long enough to fail a test. */
export async function login(page: Page, username: string) {
  await page.goto("/login?next=/me");
  await page.getByLabel("手机号 / 邮箱 / 用户名").fill(username);
  await page.getByLabel("密码").fill("lianxin-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/:\d+\/me$/);
  await hydrated(page, 30_000);
}
