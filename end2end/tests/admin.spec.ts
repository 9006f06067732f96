import { test, expect } from "@playwright/test";
import { hydrated, expectAccessible, login } from "./helpers";

test("a secretary verifies a resident who signed up for the branch's community", async ({ page, request }) => {
  const signup = await request.post("/api/auth/signup", {
    form: { account: "resident.e2e@example.cn", display_name: "孙春华", community_id: "1", password: "春华秋实岁岁年年", confirm: "春华秋实岁岁年年" },
  });
  expect(signup.ok()).toBeTruthy();
  await login(page, "secretary");
  await page.getByRole("link", { name: "人员管理" }).click();
  await page.getByRole("link", { name: "待认证" }).click();
  await hydrated(page);
  const row = page.locator(".person", { hasText: "孙春华" });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "核实通过" }).click();
  await expect(page.locator(".person", { hasText: "孙春华" })).toHaveCount(0);
  await page.goto("/admin/audit?action=resident_verified");
  await expect(page.getByRole("cell", { name: "周建国" })).toBeVisible();
});

test("a secretary finds a member and resets the password after confirming", async ({ page }) => {
  await login(page, "secretary");
  // dy0025 (陈平) is a member of the secretary's branch that no other test logs in as.
  await page.goto("/admin/people?q=dy0025");
  await hydrated(page);
  const row = page.locator(".person", { hasText: "dy0025" });
  page.once("dialog", (d) => d.dismiss());
  await row.getByRole("button", { name: "重置密码" }).click();
  await expect(page.locator(".secret")).toHaveCount(0); // dismissed: nothing happened
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "重置密码" }).click();
  await expect(page.locator(".secret")).toHaveText(/^[A-Za-z2-9]{12}$/);
});

for (const path of ["/admin/people", "/admin/audit"]) {
  test(`${path} has no serious accessibility violation`, async ({ page }) => {
    await login(page, "admin");
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page);
  });
}
