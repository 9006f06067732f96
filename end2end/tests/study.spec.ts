import { test, expect } from "@playwright/test";
import { expectAccessible, hydrated, login, watchConsole } from "./helpers";

const COURSE = "学习党章 遵守党章";
const LESSON = "党章的基本结构和主要内容"; // 60 s of reading, no quiz

/** Today's points as the study home shows them. */
async function todayPoints(page: import("@playwright/test").Page): Promise<number> {
  await page.goto("/study");
  const figure = page.locator(".points-figure", { hasText: "今日积分" }).locator("strong");
  return Number(await figure.innerText());
}

test("a member reads a lesson to completion while it is visible, and the points rise", async ({ page }) => {
  test.setTimeout(150_000);
  const problems = watchConsole(page);
  await login(page, "dy0085");
  const before = await todayPoints(page);
  expect(before).toBeGreaterThanOrEqual(1); // the day's login point
  await hydrated(page);
  await page.getByRole("link", { name: COURSE }).first().click();
  await expect(page.getByRole("heading", { name: COURSE })).toBeVisible();
  await page.getByRole("link", { name: LESSON }).click();
  await expect(page.getByRole("heading", { name: LESSON })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText("需学习 1 分钟")).toBeVisible();
  // Heartbeats every 15 s while the page is in front; a minute of reading completes it.
  await expect(page.locator(".lesson-progress .badge", { hasText: "已学完" })).toBeVisible({ timeout: 100_000 });
  await expect(page.getByText(/获得 \d+ 积分/)).toBeVisible();
  expect(await todayPoints(page)).toBeGreaterThan(before);
  await page.goto("/study/points");
  await expect(page.locator(".ledger li", { hasText: "学完课时" }).first()).toContainText(LESSON);
  expect(problems).toEqual([]);
});

test("the daily quiz is scored on the server, explained, and taken once a day; the leaderboard shows the member", async ({ page }) => {
  await login(page, "dy0097");
  await page.goto("/study/quiz/daily");
  await expect(page.getByRole("heading", { name: "每日答题" })).toBeVisible();
  await hydrated(page);
  const questions = page.locator("fieldset.question");
  await expect(questions).toHaveCount(5);
  // Submitting with questions unanswered is refused on the page, nothing lost.
  await page.getByRole("button", { name: "提交答卷" }).click();
  await expect(page.getByRole("alert")).toContainText("第 1 题还没有作答");
  for (let i = 0; i < 5; i++) {
    const q = questions.nth(i);
    if (await q.locator("input[type=text]").count()) {
      await q.locator("input[type=text]").fill("党课");
    } else {
      await q.locator("input").first().check();
    }
  }
  await page.getByRole("button", { name: "提交答卷" }).click();
  await expect(page.getByText(/答对 \d \/ 5 题/)).toBeVisible();
  await expect(page.locator(".review")).toHaveCount(5);
  await expect(page.locator(".review").first()).toContainText("正确答案：");
  // Once a day: the page now shows the day's score instead of new questions.
  await page.goto("/study/quiz/daily");
  await expect(page.getByText(/今天的每日答题已完成/)).toBeVisible();
  await page.goto("/study");
  await expect(page.getByRole("link", { name: "每日答题（已完成）" })).toBeVisible();
  await page.goto("/study/leaderboard?scope=branch&period=week");
  await expect(page.locator("tr.me")).toBeVisible();
  await expect(page.getByText(/第 \d+ 名/)).toBeVisible();
});

test("a lesson read once opens again without a network", async ({ page, context }) => {
  await login(page, "dy0109");
  await page.goto("/study");
  await hydrated(page);
  await page.getByRole("link", { name: COURSE }).first().click();
  await page.getByRole("link", { name: LESSON }).click();
  await expect(page.getByRole("heading", { name: LESSON })).toBeVisible();
  await hydrated(page); // the service worker has the page by now
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
  await page.reload();
  await hydrated(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: LESSON })).toBeVisible();
  await expect(page.locator(".lesson-body h3").first()).toBeVisible();
  await context.setOffline(false);
});

test("study pages pass an accessibility sweep", async ({ page }) => {
  await login(page, "dy0121");
  for (const path of ["/study", "/study/points", "/study/leaderboard?scope=county&period=year", "/study/challenge", "/study/search?q=%E5%85%9A%E7%AB%A0"]) {
    await page.goto(path);
    await hydrated(page);
    await expectAccessible(page);
  }
  await page.goto("/study");
  await hydrated(page);
  await page.getByRole("link", { name: COURSE }).first().click();
  await expect(page.getByRole("heading", { name: COURSE })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: LESSON }).click();
  await hydrated(page);
  await expectAccessible(page);
  // The challenge: a question with its clock, answered on the server.
  await page.goto("/study/challenge");
  await hydrated(page);
  await page.getByRole("button", { name: "开始挑战" }).click();
  await expect(page.getByText(/剩余 \d+ 秒/)).toBeVisible();
  await expectAccessible(page);
});
