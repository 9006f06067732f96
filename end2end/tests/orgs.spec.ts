import { test, expect } from "@playwright/test";
import { expectAccessible, hydrated, login } from "./helpers";

test("a secretary adds a party group below the branch, opens it and removes it", async ({ page }) => {
  await login(page, "secretary");
  await page.goto("/admin/orgs");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 2, name: /城关镇东街社区党支部/ })).toBeVisible();

  await page.getByText("新建下级组织").click();
  // The browser asks for a name itself; a one-character name is the server's to refuse.
  await page.locator("#f-new-name").fill("组");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.getByText("组织名称至少需要 2 个字")).toBeVisible();
  await page.locator("#f-new-name").fill("东街浏览器测试党小组");
  await page.getByRole("button", { name: "创建" }).click();
  const child = page.getByRole("link", { name: "东街浏览器测试党小组" });
  await expect(child).toBeVisible();

  await child.click();
  await expect(page.getByRole("heading", { level: 2, name: /东街浏览器测试党小组/ })).toBeVisible();
  await hydrated(page);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "删除" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /城关镇东街社区党支部/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "东街浏览器测试党小组" })).toHaveCount(0);
});

test("a community added by the branch is offered at sign-up", async ({ page, browser }) => {
  await login(page, "secretary");
  await page.goto("/admin/orgs");
  await hydrated(page);
  await page.getByLabel("社区名称").last().fill("东街浏览器测试小区");
  await page.getByRole("button", { name: "添加社区" }).click();
  await expect(page.locator(".communities")).toContainText("东街浏览器测试小区");

  const visitor = await browser.newPage();
  await visitor.goto("/signup");
  await expect(visitor.locator("select option", { hasText: "东街浏览器测试小区" })).toHaveCount(1);
  await visitor.close();
});

test("/admin/orgs has no serious accessibility violation", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/admin/orgs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
});
