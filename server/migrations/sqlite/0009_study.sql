-- 学习园地: courses of chapters and lessons published by an organization to its subtree,
-- the question bank, reading progress measured by heartbeats, quiz attempts, the points
-- ledger with its per-day and per-period sums, and study plans.

-- A course (kind 'course') or a library of policy documents (kind 'policy', 文件).
-- Members see it once published and its publish time has come.
CREATE TABLE study_courses (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    kind TEXT NOT NULL CHECK (kind IN ('course', 'policy')),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    publish_at BIGINT NOT NULL,
    lesson_count INTEGER NOT NULL,
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX study_courses_org ON study_courses (org_id, status, publish_at);

CREATE TABLE study_chapters (
    id INTEGER PRIMARY KEY,
    course_id BIGINT NOT NULL REFERENCES study_courses (id),
    title TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX study_chapters_course ON study_chapters (course_id, position);

-- An article (Markdown kept with its sanitized HTML), or a video, audio or PDF by URL.
CREATE TABLE study_lessons (
    id INTEGER PRIMARY KEY,
    course_id BIGINT NOT NULL REFERENCES study_courses (id),
    chapter_id BIGINT NOT NULL REFERENCES study_chapters (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'video', 'audio', 'pdf')),
    body TEXT NOT NULL,
    html TEXT NOT NULL,
    media_url TEXT NOT NULL,
    -- Seconds of visible reading before the lesson counts as studied.
    required_seconds INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX study_lessons_chapter ON study_lessons (chapter_id, position);
CREATE INDEX study_lessons_course ON study_lessons (course_id, position);

-- Search: adjacent Chinese character pairs and Latin words of a lesson's title and text.
CREATE TABLE study_terms (
    term TEXT NOT NULL,
    lesson_id BIGINT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (term, lesson_id)
) WITHOUT ROWID;

-- Pictures in lessons, re-encoded as JPEG on arrival; ids are random.
CREATE TABLE study_images (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    uploader_id BIGINT NOT NULL REFERENCES auth_users (id),
    bytes BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

-- The question bank. options: one per line; answer: option numbers from 0 ("0,2"),
-- "1"/"0" for true/false, or accepted texts separated by "|" for fill-in questions.
-- A question with a lesson belongs to that lesson's quiz; the others to the daily and
-- challenge quizzes of the subtree.
CREATE TABLE study_questions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    lesson_id BIGINT REFERENCES study_lessons (id),
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'judge', 'fill')),
    stem TEXT NOT NULL,
    options TEXT NOT NULL,
    answer TEXT NOT NULL,
    explanation TEXT NOT NULL,
    active SMALLINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX study_questions_org ON study_questions (org_id, active, lesson_id);
CREATE INDEX study_questions_lesson ON study_questions (lesson_id, active);

-- What a member studied of a lesson: seconds credited by heartbeats, quiz, completion.
CREATE TABLE study_progress (
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    lesson_id BIGINT NOT NULL REFERENCES study_lessons (id),
    course_id BIGINT NOT NULL REFERENCES study_courses (id),
    seconds INTEGER NOT NULL,
    quiz_passed SMALLINT NOT NULL,
    completed_at BIGINT,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
) WITHOUT ROWID;
CREATE INDEX study_progress_recent ON study_progress (user_id, last_seen_at);
CREATE INDEX study_progress_course ON study_progress (user_id, course_id);

-- The one lesson a person is reading now and their last heartbeat: a beat earns at most
-- the time since the previous one, and only for the same lesson, so parallel tabs or
-- faked beats never earn more than the wall clock.
CREATE TABLE study_beats (
    user_id BIGINT PRIMARY KEY REFERENCES auth_users (id),
    lesson_id BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);

-- Seconds studied per person and Shanghai day: statistics read these.
CREATE TABLE study_days (
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    day INTEGER NOT NULL,
    seconds INTEGER NOT NULL,
    PRIMARY KEY (user_id, day)
) WITHOUT ROWID;
CREATE INDEX study_days_day ON study_days (day);

-- A quiz attempt. questions: "id:order" per question, order the shuffled option
-- numbers as shown ("id:2-0-1"), so answers by position map back on the server.
CREATE TABLE study_attempts (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    kind TEXT NOT NULL CHECK (kind IN ('lesson', 'daily', 'challenge')),
    lesson_id BIGINT,
    day INTEGER NOT NULL,
    questions TEXT NOT NULL,
    -- Challenge: the question being answered and until when.
    position INTEGER NOT NULL,
    deadline_at BIGINT,
    correct INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE UNIQUE INDEX study_attempts_daily ON study_attempts (user_id, day) WHERE kind = 'daily';
CREATE INDEX study_attempts_user ON study_attempts (user_id, kind, created_at);

-- Points: what each action earns and its daily cap (0: no cap).
CREATE TABLE study_point_rules (
    action TEXT PRIMARY KEY,
    points INTEGER NOT NULL,
    daily_cap INTEGER NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO study_point_rules (action, points, daily_cap, position) VALUES
    ('login', 1, 1, 1), ('reading', 1, 6, 2), ('lesson', 2, 10, 3), ('daily_quiz', 1, 5, 4), ('challenge', 1, 6, 5);

-- The ledger: every award, never changed.
CREATE TABLE study_points (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    action TEXT NOT NULL,
    points INTEGER NOT NULL,
    day INTEGER NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX study_points_user ON study_points (user_id, created_at);

-- Sums kept with each award: per person, day and action (the caps), and per person and
-- period ('all', 'y2026', 'm202611', 'w<monday>') with the branch and county they
-- studied in (the leaderboards read these, never the ledger).
CREATE TABLE study_point_days (
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    day INTEGER NOT NULL,
    action TEXT NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (user_id, day, action)
) WITHOUT ROWID;

CREATE TABLE study_point_totals (
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    period TEXT NOT NULL,
    branch_id BIGINT NOT NULL,
    county_id BIGINT NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (user_id, period)
) WITHOUT ROWID;
CREATE INDEX study_point_totals_branch ON study_point_totals (period, branch_id, points);
CREATE INDEX study_point_totals_county ON study_point_totals (period, county_id, points);

-- Study plans (集中学习): courses assigned to the members of organizations' subtrees or
-- to named members, with a deadline.
CREATE TABLE study_plans (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    title TEXT NOT NULL,
    deadline_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX study_plans_org ON study_plans (org_id, deadline_at);

CREATE TABLE study_plan_courses (
    plan_id BIGINT NOT NULL REFERENCES study_plans (id),
    course_id BIGINT NOT NULL REFERENCES study_courses (id),
    PRIMARY KEY (plan_id, course_id)
) WITHOUT ROWID;

-- Exactly one of org_id (its subtree's members) and user_id (one member) is set.
CREATE TABLE study_plan_targets (
    id INTEGER PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES study_plans (id),
    org_id BIGINT REFERENCES org_organizations (id),
    user_id BIGINT REFERENCES auth_users (id)
);
CREATE INDEX study_plan_targets_plan ON study_plan_targets (plan_id);
CREATE INDEX study_plan_targets_org ON study_plan_targets (org_id);
CREATE INDEX study_plan_targets_user ON study_plan_targets (user_id);
