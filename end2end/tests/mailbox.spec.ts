import { test, expect } from "@playwright/test";
import { expectAccessible, hydrated, login } from "./helpers";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test.describe("on a phone", () => {
  test.use(phone);

  test("a resident writes, the secretary accepts and replies, the resident rates it, the public page shows it", async ({ page, browser }) => {
    await login(page, "qz0028"); // lives in 城关镇东街社区 (every ninth resident does), the secretary's branch
    await page.goto("/mailbox");
    await hydrated(page);
    await page.getByLabel("类别").selectOption({ label: "建议" });
    await page.getByLabel("标题").fill("建议在东街增设休息长椅");
    await page.getByLabel("信件内容").fill("东街到菜市场的路上没有可以坐的地方，老人走一段就累，建议增设几张长椅。");
    await page.getByText("同意公开这封信和答复").click();
    await page.getByRole("button", { name: "发送" }).click();
    const sent = page.getByRole("status").filter({ hasText: "追踪码" });
    await expect(sent).toBeVisible();
    await expect(page.getByRole("link", { name: "建议在东街增设休息长椅" })).toBeVisible();

    const secretary = await browser.newPage();
    await login(secretary, "secretary");
    await secretary.goto("/admin/mailbox");
    // Loaded before following the link: an aborted wasm download can stall the next page.
    await hydrated(secretary);
    await secretary.getByRole("link", { name: "建议在东街增设休息长椅" }).click();
    await hydrated(secretary);
    await secretary.getByRole("button", { name: "受理" }).click();
    await expect(secretary.locator(".timeline")).toContainText("已受理");
    await secretary.getByLabel("答复内容（写信人可见）").fill("您好，已协调街道在东街增设四张长椅，预计下周安装完毕。");
    await secretary.getByRole("button", { name: "答复" }).click();
    await expect(secretary.locator(".timeline")).toContainText("已答复");
    await secretary.getByRole("button", { name: "公开信件" }).click();
    await expect(secretary.locator(".timeline")).toContainText("已公开");
    await secretary.close();

    await page.getByRole("link", { name: "查看办理进度" }).click();
    await expect(page.getByText("已协调街道在东街增设四张长椅")).toBeVisible();
    // The steps reached the writer as notifications: a badge on 我的.
    await expect(page.locator(".tab-badge")).toHaveText(/^[1-9]/);
    await hydrated(page);
    await page.getByLabel("5 星").check();
    await page.getByRole("button", { name: "提交评价" }).click();
    await expect(page.getByText("评价：5 星")).toBeVisible();
    await expect(page.locator(".timeline")).toContainText("已办结");

    const visitor = await browser.newPage();
    await visitor.goto("/mailbox/public");
    await expect(visitor.getByRole("heading", { name: "建议在东街增设休息长椅" })).toBeVisible();
    await expect(visitor.locator(".public-letter").first()).toContainText("匿名");
    await visitor.close();
  });

  test("a writer adds a photo to the letter and sees it, then removes it", async ({ page }) => {
    page.on("dialog", (d) => d.accept());
    await login(page, "qz0091");
    await page.goto("/mailbox");
    await hydrated(page);
    await page.getByLabel("标题").fill("路边井盖缺失");
    await page.getByLabel("信件内容").fill("东街 20 号门口的井盖不见了，晚上很危险，附上照片。");
    await page.getByRole("button", { name: "发送" }).click();
    await expect(page.getByRole("status").filter({ hasText: "追踪码" })).toBeVisible();
    await page.getByRole("link", { name: "路边井盖缺失" }).click();
    await hydrated(page);
    // A 1×1 PNG, as a phone's file picker would hand it over.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    await page.getByLabel("选择照片").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "上传" }).click();
    await expect(page.locator(".photos img")).toHaveCount(1);
    await expect(page.locator(".photos img").first()).toHaveJSProperty("naturalWidth", 1);
    await page.getByLabel("选择照片").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await page.getByRole("button", { name: "上传" }).click();
    await expect(page.getByText("只能上传 JPG、PNG 或 WebP 图片")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "删除图片 1" }).click();
    await expect(page.locator(".photos img")).toHaveCount(0);
  });

  test("a letter written offline is sent once the network returns, and only once", async ({ page, context }) => {
    await login(page, "qz0037");
    await page.goto("/mailbox");
    await hydrated(page);
    await page.getByLabel("标题").fill("小区垃圾清运不及时");
    await page.getByLabel("信件内容").fill("最近一周小区垃圾桶经常满溢，希望增加清运次数。");
    await context.setOffline(true);
    await page.getByRole("button", { name: "发送" }).click();
    await expect(page.getByText("网络已断开。信件已保存在本机")).toBeVisible();
    await context.setOffline(false);
    await expect(page.getByRole("status").filter({ hasText: "追踪码" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("link", { name: "小区垃圾清运不及时" })).toHaveCount(1);
  });

  test("a letter kept offline survives leaving the app and is sent when it opens online", async ({ page, context }) => {
    await login(page, "qz0046");
    await page.goto("/mailbox");
    await hydrated(page);
    await page.getByLabel("标题").fill("健身器材损坏需要维修");
    await page.getByLabel("信件内容").fill("小区广场的健身器材有两台坏了，螺丝松动，容易伤到老人孩子。");
    await context.setOffline(true);
    await page.getByRole("button", { name: "发送" }).click();
    await expect(page.getByText("网络已断开。信件已保存在本机")).toBeVisible();
    await page.goto("about:blank");
    await context.setOffline(false);
    await page.goto("/mailbox");
    await hydrated(page);
    // Sent in the background once the page is back: it shows in 我的信件, exactly once.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("link", { name: "健身器材损坏需要维修" })).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await page.reload();
    await expect(page.getByRole("link", { name: "健身器材损坏需要维修" })).toHaveCount(1);
  });
});

test("a secretary keeps a reply template and starts a reply from it", async ({ page }) => {
  await login(page, "secretary");
  await page.goto("/admin/mailbox");
  await hydrated(page); // before leaving: an aborted wasm download can stall the next page
  await page.getByRole("link", { name: "希望开设老年人智能手机课" }).click();
  await hydrated(page);
  await page.getByText("答复模板", { exact: true }).click();
  const text = "您好，社区老年大学每周三下午开设智能手机课，欢迎报名。";
  await page.getByLabel("模板名称").fill("智能手机课");
  await page.getByLabel("模板内容").fill(text);
  await page.getByRole("button", { name: "保存模板" }).click();
  await page.getByLabel("使用答复模板").selectOption({ label: "智能手机课" });
  await expect(page.getByLabel("答复内容（写信人可见）")).toHaveValue(text);
});

test("the mailbox pages have no serious accessibility violation", async ({ page }) => {
  await login(page, "secretary");
  for (const path of ["/mailbox", "/mailbox/public", "/mailbox/stats", "/admin/mailbox", "/me/notifications"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
  }
  // A demo letter, as its organizer and as its writer see it.
  await page.goto("/admin/mailbox");
  await hydrated(page); // before leaving: an aborted wasm download can stall the next page
  await page.getByRole("link", { name: "建议在东街增设无障碍坡道" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "建议在东街增设无障碍坡道" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await login(page, "resident");
  await page.goto("/mailbox/letters/LXDEMO0001");
  await expect(page.getByRole("heading", { level: 1, name: "建议在东街增设无障碍坡道" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
});
