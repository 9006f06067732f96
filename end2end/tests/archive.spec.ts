import { test, expect } from "@playwright/test";
import { hydrated, expectAccessible, watchConsole, login } from "./helpers";

test("a secretary unmasks a phone, edits a member's record and sees the change in the history", async ({ page }) => {
  const problems = watchConsole(page);
  await login(page, "secretary");
  await page.getByRole("link", { name: "党员档案" }).click();
  await page.getByLabel("搜索").fill("dy0037"); // a member of the secretary's branch no other test touches
  // The filter is a plain GET form: a full page load, so wait for it and its wasm
  // before following a link (otherwise the click may hit the old list, or abort the
  // wasm download and stall the next page's hydration).
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/q=dy0037/);
  await hydrated(page);
  await page.locator(".person a").first().click();
  await expect(page.getByRole("heading", { name: "档案信息" })).toBeVisible();
  await hydrated(page);
  const phone = page.locator('.secret-value[data-field="phone"]');
  await expect(phone).toContainText("****");
  await page.locator('form:has(input[value="phone"])').getByRole("button", { name: "查看" }).click();
  await expect(phone).toHaveText("13900000036");

  await page.getByText("编辑档案").click();
  await page.getByLabel("学历").selectOption("硕士研究生");
  await page.getByLabel("入党日期").fill("1940-01-01"); // before the member was born: refused
  await page.getByRole("button", { name: "保存档案" }).click();
  await expect(page.locator("#f-join_date-err")).toContainText("年满 18 周岁");
  await expect(page.getByLabel("学历")).toHaveValue("硕士研究生"); // nothing typed is lost
  await page.reload();
  await hydrated(page);
  await page.getByText("编辑档案").click();
  await page.getByLabel("学历").selectOption("硕士研究生");
  await page.getByRole("button", { name: "保存档案" }).click();
  await expect(page.getByRole("status").filter({ hasText: "档案已保存" })).toBeVisible();
  await expect(page.locator(".timeline li", { hasText: "学历" })).toContainText("硕士研究生");
  // The refused save answers 422 by design, which Chromium logs; nothing else may appear.
  expect(problems.filter((p) => !p.includes("status of 422"))).toEqual([]);
});

test("a secretary appoints a committee member of the branch", async ({ page }) => {
  await login(page, "secretary");
  await page.goto("/admin/members?q=dy0049"); // a member of the secretary's branch no other test touches
  await page.locator(".person a").first().click();
  await expect(page.getByRole("heading", { name: "组织职务" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText("未担任组织职务")).toBeVisible();
  await page.getByLabel("职务", { exact: true }).selectOption("committee");
  await page.getByRole("button", { name: "任命" }).click();
  await expect(page.locator(".role-row")).toContainText("城关镇东街社区党支部 · 支委委员");
  await page.getByRole("button", { name: "任命" }).click(); // twice: explained, not duplicated
  await expect(page.getByRole("alert").filter({ hasText: "已担任此职务" })).toBeVisible();
  await expect(page.locator(".role-row")).toHaveCount(1);
});

test("a member reads their own record on 我的 and downloads it", async ({ page }) => {
  await login(page, "member");
  await expect(page.getByRole("heading", { name: "我的党员档案" })).toBeVisible();
  await expect(page.locator(".record")).toContainText("**********");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载我的档案" }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
});

test("an import with a wrong row reports it and imports nothing", async ({ page }) => {
  await login(page, "secretary");
  await page.goto("/admin/members/import");
  await hydrated(page);
  const csv =
    "用户名,姓名,性别,民族,出生日期,学历,身份证号,手机号,所在支部,入党日期,转正日期,党员状态,党内职务\n" +
    "e2e_new,测试党员,男,汉族,1949-12-31,本科,11010519491231002X,13611112222,不存在的支部,1975-07-01,1976-07-01,正式党员,\n";
  await page.getByLabel("选择文件").setInputFiles({ name: "党员.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "第 2 行" })).toContainText("找不到“不存在的支部”");
});

test("a module switched off disappears from the tab bar of that township only", async ({ page, browser }) => {
  await login(page, "admin");
  await page.goto("/admin/modules");
  await hydrated(page);
  await page.getByLabel("组织").selectOption({ label: "河口乡党委" });
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByRole("heading", { name: "河口乡党委" })).toBeVisible();
  await hydrated(page);
  page.once("dialog", (d) => d.accept());
  await page.locator('[data-module="mailbox"]').getByRole("button", { name: "关闭" }).click();
  await expect(page.locator('[data-module="mailbox"]')).toContainText("已关闭");

  const other = await browser.newPage();
  await login(other, "dy0009"); // a member of a 河口乡 branch
  const tabs = other.getByRole("navigation", { name: "主导航" });
  await expect(tabs.getByRole("link", { name: "学习" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "信箱" })).toHaveCount(0);
  await other.goto("/mailbox");
  await expect(other.getByText("该栏目已关闭")).toBeVisible();
  await other.close();

  await page.locator('[data-module="mailbox"]').getByRole("button", { name: "开启" }).click();
  await expect(page.locator('[data-module="mailbox"]')).toContainText("已开启");
});

for (const path of ["/admin/members", "/admin/members/new", "/admin/members/import", "/admin/modules", "/admin/members/3"]) {
  test(`${path} has no serious accessibility violation`, async ({ page }) => {
    await login(page, "admin");
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
  });
}
