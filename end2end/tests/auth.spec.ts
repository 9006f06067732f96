import { test, expect } from "@playwright/test";
import { hydrated, expectAccessible, watchConsole } from "./helpers";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
test.use(phone);

test("a member logs in on a phone, sees their account and logs out", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/me");
  await hydrated(page);
  await page.getByRole("link", { name: "登录" }).first().click();
  await expect(page.getByRole("heading", { name: "登录", level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("手机号 / 邮箱 / 用户名").fill("member");
  await page.getByLabel("密码").fill("lianxin-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/:\d+\/me$/);
  await expect(page.locator(".account-name")).toContainText("李红梅");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(problems).toEqual([]);
});

test("a wrong password is explained next to the field and the name stays typed", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("手机号 / 邮箱 / 用户名").fill("secretary");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText("账号或密码不正确")).toBeVisible();
  await expect(page.getByLabel("密码")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("手机号 / 邮箱 / 用户名")).toHaveValue("secretary");
});

test("login works before any script runs", async ({ browser }) => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login?next=/me");
  await page.getByLabel("手机号 / 邮箱 / 用户名").fill("member");
  await page.getByLabel("密码").fill("lianxin-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/:\d+\/me$/);
  await expect(page.locator(".account-name")).toContainText("李红梅");
  await context.close();
});

test("a resident signs up and is told the branch will verify them", async ({ page }) => {
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("手机号或邮箱").fill("13900139000");
  await page.getByLabel("姓名").fill("赵桂英");
  await page.getByLabel("居住的社区或村").selectOption({ index: 1 });
  await page.getByLabel("密码", { exact: true }).fill("12345678");
  await page.getByLabel("再次输入密码").fill("12345678");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("这个密码太常见")).toBeVisible();
  await page.getByLabel("密码", { exact: true }).fill("清溪河水长又长流");
  await page.getByLabel("再次输入密码").fill("清溪河水长又长流");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/:\d+\/me$/);
  await expect(page.getByText("账号待认证")).toBeVisible();
});

for (const path of ["/login", "/signup", "/me/password"]) {
  test(`${path} has no serious accessibility violation`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page);
  });
}

test("the account card has no serious accessibility violation when logged in", async ({ page }) => {
  await page.goto("/login?next=/me");
  await page.getByLabel("手机号 / 邮箱 / 用户名").fill("secretary");
  await page.getByLabel("密码").fill("lianxin-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.locator(".account-name")).toContainText("周建国");
  await expectAccessible(page);
});
