import { test, expect } from "@playwright/test";
import { expectAccessible, hydrated, login, watchConsole } from "./helpers";

const TOPIC = "本周六组织志愿服务，请大家报名";

/** Opens the demo branch board's volunteer topic through the forum's own links. */
async function openTopic(page: import("@playwright/test").Page) {
  await page.goto("/forum");
  await hydrated(page);
  await page.getByRole("link", { name: "东街支部园地" }).click();
  await page.getByRole("link", { name: TOPIC }).click();
  await expect(page.getByRole("heading", { name: TOPIC })).toBeVisible();
}

test("a reply appears live in another member's open topic, and the person it mentions is notified", async ({ browser }) => {
  const reader = await (await browser.newContext()).newPage();
  const writer = await (await browser.newContext()).newPage();
  const problems = watchConsole(reader);
  await login(reader, "dy0013");
  await openTopic(reader);
  await hydrated(reader); // the live stream opens once the page runs
  await login(writer, "member");
  await openTopic(writer);

  const text = `我来报名，@dy0001 一起吧（${Date.now()}）`;
  await writer.getByLabel("回复内容").fill(text);
  await writer.getByRole("button", { name: "发送回复" }).click();
  await expect(writer.locator("article.post", { hasText: text })).toBeVisible();
  await expect(writer.getByLabel("回复内容")).toHaveValue("");
  // The reader did nothing: the reply arrives over the live stream.
  await expect(reader.locator("article.post", { hasText: text })).toBeVisible({ timeout: 15_000 });
  await expect(reader.locator("article.post", { hasText: text }).locator(".mention")).toHaveText("@dy0001");
  expect(problems).toEqual([]);

  const mentioned = await (await browser.newContext()).newPage();
  await login(mentioned, "dy0001");
  await mentioned.goto("/me/notifications");
  await expect(mentioned.getByText(`李红梅 在「${TOPIC}」中提到了您`).first()).toBeVisible();
  await hydrated(mentioned);
  await Promise.all([reader.context().close(), writer.context().close(), mentioned.context().close()]);
});

test("a new topic keeps its draft across a reload and is published", async ({ page }) => {
  await login(page, "member");
  await openTopic(page);
  await hydrated(page);
  await page.getByRole("link", { name: "← 东街支部园地" }).click();
  await page.getByRole("link", { name: "发新帖" }).click();
  await expect(page.getByRole("heading", { name: "发新帖" })).toBeVisible();
  await hydrated(page);
  const title = `社区读书会招募（${Date.now() % 100000}）`;
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("正文").fill("每周三晚上在社区活动室，**欢迎大家参加**。");
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("标题")).toHaveValue(title);
  await expect(page.getByLabel("正文")).toHaveValue("每周三晚上在社区活动室，**欢迎大家参加**。");
  // Too short a title is refused with a message; nothing typed is lost.
  await page.getByLabel("标题").fill("读书");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.locator("#f-title-err")).toContainText("标题至少 4 个字");
  await expect(page.getByLabel("正文")).toHaveValue("每周三晚上在社区活动室，**欢迎大家参加**。");
  await page.getByLabel("标题").fill(title);
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.locator("article.post strong", { hasText: "欢迎大家参加" })).toBeVisible();
});

test("quoting and reacting on a post", async ({ page }) => {
  await login(page, "dy0061"); // a member of the 东街 branch whose password no other test changes
  await openTopic(page);
  await hydrated(page);
  const first = page.locator("article.post").first();
  await first.getByRole("button", { name: "引用" }).click();
  await expect(page.getByLabel("回复内容")).toHaveValue(/^> 本周六上午/);
  await expect(page.getByText("引用 #1")).toBeVisible();
  const like = first.getByRole("button", { name: "赞" });
  const before = Number((await like.innerText()).replace(/\D/g, "") || "0");
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toContainText(String(before + 1));
});

test("a post with a sensitive word waits for the secretary, who approves it", async ({ browser }) => {
  const writer = await (await browser.newContext()).newPage();
  await login(writer, "dy0037");
  await openTopic(writer);
  await hydrated(writer);
  const text = `有人在楼下赌博，请处理（${Date.now() % 100000}）`;
  await writer.getByLabel("回复内容").fill(text);
  await writer.getByRole("button", { name: "发送回复" }).click();
  await expect(writer.getByText("已提交版主审核")).toBeVisible();
  await expect(writer.locator("article.post", { hasText: text })).toHaveCount(0);

  const secretary = await (await browser.newContext()).newPage();
  await login(secretary, "secretary");
  await secretary.goto("/admin/forum");
  await hydrated(secretary);
  const item = secretary.locator(".review-item", { hasText: text });
  await expect(item).toContainText("含敏感词「赌博」");
  await item.getByRole("button", { name: "通过" }).click();
  await expect(secretary.locator(".review-item", { hasText: text })).toHaveCount(0);
  await writer.reload();
  await expect(writer.locator("article.post", { hasText: text })).toBeVisible();
  await Promise.all([writer.context().close(), secretary.context().close()]);
});

test("the forum pages have no serious accessibility violation", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await login(page, "secretary");
  for (const path of ["/forum", "/forum/search?q=%E5%BF%97%E6%84%BF", "/admin/forum"]) {
    await page.goto(path);
    await hydrated(page);
    await expectAccessible(page);
  }
  await openTopic(page);
  await hydrated(page);
  await expectAccessible(page);
  await page.context().close();
});
