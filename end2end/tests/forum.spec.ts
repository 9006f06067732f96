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

/** The topic's own address, for loading it whole from the server (not through the app's links). */
async function topicUrl(page: import("@playwright/test").Page) {
  await openTopic(page);
  return new URL(page.url()).pathname;
}

test("on a topic loaded from the server, the author edits a post and sees why a moderator hid it", async ({ browser }) => {
  const writer = await (await browser.newContext()).newPage();
  const problems = watchConsole(writer);
  await login(writer, "dy0073"); // a 东街 member no other test uses
  const url = await topicUrl(writer);
  await hydrated(writer);
  const text = `周六我带两副手套（${Date.now() % 100000}）`;
  await writer.getByLabel("回复内容").fill(text);
  await writer.getByRole("button", { name: "发送回复" }).click();
  await expect(writer.locator("article.post", { hasText: text })).toBeVisible();

  // Rendered by the server and hydrated: the post's forms work without being drawn again.
  await writer.goto(url + "?n=999");
  await hydrated(writer);
  const mine = writer.locator("article.post", { hasText: text });
  await mine.getByText("编辑", { exact: true }).click();
  const edited = `${text}，再带一桶水`;
  await mine.getByLabel("修改内容").fill(edited);
  // Sent by the page itself, not by the browser posting the form and loading a new page.
  await writer.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await mine.getByRole("button", { name: "保存" }).click();
  const after = writer.locator("article.post", { hasText: edited });
  await expect(after).toBeVisible();
  await expect(after.getByRole("link", { name: "已编辑" })).toBeVisible();
  expect(await writer.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  expect(problems).toEqual([]);

  const secretary = await (await browser.newContext()).newPage();
  await login(secretary, "secretary");
  await secretary.goto(url + "?n=999");
  await hydrated(secretary);
  const post = secretary.locator("article.post", { hasText: edited });
  await post.getByText("管理", { exact: true }).click();
  // 删除 asks first; saying no leaves the post as it was.
  secretary.once("dialog", (d) => d.dismiss());
  await post.getByRole("button", { name: "删除" }).click();
  await expect(post.locator(".notice")).toHaveCount(0);
  await post.getByLabel("原因（作者会看到）").first().fill("与活动无关");
  await post.getByRole("button", { name: "隐藏" }).click();
  await expect(secretary.locator("article.post", { hasText: edited }).locator(".notice")).toHaveText("已隐藏：与活动无关");

  await writer.reload();
  await expect(writer.locator("article.post", { hasText: edited }).locator(".notice")).toHaveText("已隐藏：与活动无关");
  await Promise.all([writer.context().close(), secretary.context().close()]);
});

test("without JavaScript, a reaction is still sent by the post's own form", async ({ browser }) => {
  const withJs = await (await browser.newContext()).newPage();
  await login(withJs, "dy0133"); // a 东街 member no other test uses
  const url = await topicUrl(withJs);
  const state = await withJs.context().storageState();
  const page = await (await browser.newContext({ javaScriptEnabled: false, storageState: state })).newPage();
  await page.goto(url);
  const clap = page.locator("article.post").first().getByRole("button", { name: "鼓掌" });
  const pressed = await clap.getAttribute("aria-pressed");
  await clap.click();
  // The server sends the browser back to the topic (its redirect may end in an empty "?").
  await expect(page).toHaveURL(new RegExp(url.replace(/[/]/g, "\\/") + "\\??$"));
  await expect(page.locator("article.post").first().getByRole("button", { name: "鼓掌" })).toHaveAttribute(
    "aria-pressed",
    pressed === "true" ? "false" : "true",
  );
  await Promise.all([withJs.context().close(), page.context().close()]);
});
