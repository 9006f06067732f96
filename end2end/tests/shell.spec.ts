import { test, expect, chromium } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchConsole, hydrated, expectAccessible } from "./helpers";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test.describe("on a phone", () => {
  test.use(phone);

  test("the home page renders on the server and hydrates without console problems", async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "您好，欢迎来到连心" })).toBeVisible();
    await expect(page.getByText("城关镇党委")).toBeVisible();
    await hydrated(page);
    // Client-side navigation works once hydrated: no full reload.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的" }).click();
    await expect(page.getByRole("heading", { name: "我的", level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/:\d+\/me$/);
    expect(problems).toEqual([]);
  });

  test("the bottom tab bar holds the five tabs and marks the current one", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await expect(nav.getByRole("link")).toHaveText(["首页", "学习", "论坛", "信箱", "我的"]);
    const box = await nav.boundingBox();
    expect(box!.y + box!.height).toBeGreaterThan(844 - 2); // pinned to the bottom
    expect(box!.width).toBeGreaterThan(380);
    await expect(nav.getByRole("link", { name: "首页" })).toHaveAttribute("aria-current", "page");
  });

  test("large-text mode enlarges the text and is remembered after a reload", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    const before = await size();
    const toggle = page.getByRole("button", { name: /大字模式/ });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(await size()).toBeGreaterThan(before * 1.2);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/large-text/);
    expect(await size()).toBeGreaterThan(before * 1.2);
  });

  test("the language switch turns the app into English and is remembered", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("button", { name: /切换为英文界面/ }).click();
    await expect(page.getByRole("heading", { name: "Welcome to Lianxin" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.reload();
    await expect(page.getByRole("heading", { name: "Welcome to Lianxin" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link")).toHaveText([
      "Home", "Study", "Forum", "Mailbox", "Me",
    ]);
    await hydrated(page);
    await page.getByRole("button", { name: /switch to Chinese/ }).click();
    await expect(page.getByRole("heading", { name: "您好，欢迎来到连心" })).toBeVisible();
  });

  test("the settings page switches large text and language too", async ({ page }) => {
    await page.goto("/me");
    await hydrated(page);
    await page.getByRole("switch", { name: "大字模式" }).check();
    await expect(page.locator("html")).toHaveClass(/large-text/);
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Me", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "简体中文" }).click();
    await expect(page.getByRole("heading", { name: "我的", level: 1 })).toBeVisible();
  });

  test("the offline page appears when the network is cut", async ({ page, context }) => {
    await page.goto("/");
    // Wait until the service worker controls the page and has its cache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
      }
    });
    // Open the home page once more, now through the service worker, which keeps a copy.
    await page.reload();
    await context.setOffline(true);
    await page.goto("/forum").catch(() => {});
    await expect(page.getByRole("heading", { name: "网络连接已断开" })).toBeVisible();
    // A page opened before is still readable from the cache.
    await page.goto("/").catch(() => {});
    await expect(page.getByRole("heading", { name: "您好，欢迎来到连心" })).toBeVisible();
    await context.setOffline(false);
  });
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the navigation is a sidebar", async ({ page }) => {
    await page.goto("/");
    const box = await page.getByRole("navigation", { name: "主导航" }).boundingBox();
    expect(box!.x).toBeLessThan(5);
    expect(box!.width).toBeLessThan(300);
    expect(box!.height).toBeGreaterThan(400);
  });
});

test("Chromium reports no PWA installability errors", async ({ baseURL }, testInfo) => {
  // Installability is only judged in a real profile, not in an incognito-like context.
  const profile = mkdtempSync(join(tmpdir(), "lianxin-pwa-"));
  const launch = testInfo.project.use.launchOptions!;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: launch.executablePath,
    args: launch.args,
    baseURL,
  });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    const manifest = await (await page.request.get("/manifest.webmanifest")).json();
    expect(manifest.display).toBe("standalone");
    expect(manifest.name).toContain("连心");
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test.describe("axe sweep", () => {
  for (const [path, heading] of [
    ["/", "您好，欢迎来到连心"],
    ["/me", "我的"],
    ["/study", "学习园地"],
    ["/forum", "党员论坛"],
    ["/mailbox", "书记信箱"],
    ["/offline", "网络连接已断开"],
    ["/no-such-page", "页面不存在"],
  ]) {
    for (const [name, use] of [["phone", phone], ["desktop", { viewport: { width: 1280, height: 800 } }]] as const) {
      test(`${path} on a ${name} has no serious accessibility violation`, async ({ browser }) => {
        const context = await browser.newContext(use);
        const page = await context.newPage();
        await page.goto(path);
        await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
        await expectAccessible(page);
        await context.close();
      });
    }
  }

  test("large-text mode has no serious accessibility violation", async ({ browser }) => {
    const context = await browser.newContext(phone);
    await context.addCookies([{ name: "lx_large", value: "true", url: "http://127.0.0.1:3100" }]);
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveClass(/large-text/);
    await expectAccessible(page);
    await context.close();
  });
});
