-- 党员论坛: boards of an organization, topics and their posts, reactions, flags, read
-- tracking, the bigram search index, pictures and sanctions.

-- A board is seen by the subtree of its organization (and by verified residents of the
-- communities its branches serve when `residents` is 1: 党群交流).
CREATE TABLE forum_boards (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    residents SMALLINT NOT NULL,
    -- A post is hidden until reviewed once this many different people flagged it.
    flag_threshold INTEGER NOT NULL,
    position INTEGER NOT NULL,
    topic_count BIGINT NOT NULL,
    post_count BIGINT NOT NULL,
    last_post_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_boards_org ON forum_boards (org_id, position);

CREATE TABLE forum_topics (
    id INTEGER PRIMARY KEY,
    board_id BIGINT NOT NULL REFERENCES forum_boards (id),
    author_id BIGINT NOT NULL REFERENCES auth_users (id),
    title TEXT NOT NULL,
    -- held: its first post waits for review; deleted: soft, a moderator may restore it.
    status TEXT NOT NULL CHECK (status IN ('visible', 'held', 'deleted')),
    pinned SMALLINT NOT NULL,
    locked SMALLINT NOT NULL,
    -- The highest post number given out (posts are numbered when published).
    last_no INTEGER NOT NULL,
    last_post_at BIGINT NOT NULL,
    last_poster_id BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_topics_board ON forum_topics (board_id, status, pinned, last_post_at);
CREATE INDEX forum_topics_author ON forum_topics (author_id, created_at);

CREATE TABLE forum_posts (
    id INTEGER PRIMARY KEY,
    topic_id BIGINT NOT NULL REFERENCES forum_topics (id),
    author_id BIGINT NOT NULL REFERENCES auth_users (id),
    -- 1 for the opening post; NULL while held for review.
    post_no INTEGER,
    -- What the author wrote (Markdown-like) and its sanitized HTML.
    body TEXT NOT NULL,
    html TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('visible', 'held', 'hidden', 'deleted')),
    -- Why it is held, hidden or deleted, shown to its author.
    reason TEXT,
    -- Different people who flagged it since its last review.
    flag_count INTEGER NOT NULL,
    -- The post this one answers (a quote), if any.
    reply_to BIGINT,
    client_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT
);
CREATE UNIQUE INDEX forum_posts_no ON forum_posts (topic_id, post_no);
CREATE UNIQUE INDEX forum_posts_key ON forum_posts (author_id, client_key);
CREATE INDEX forum_posts_author ON forum_posts (author_id, created_at);
CREATE INDEX forum_posts_review ON forum_posts (status, flag_count) WHERE status = 'held' OR flag_count > 0;

-- Earlier versions of an edited post, oldest first.
CREATE TABLE forum_edits (
    id INTEGER PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id),
    body TEXT NOT NULL,
    edited_by BIGINT NOT NULL REFERENCES auth_users (id),
    edited_at BIGINT NOT NULL
);
CREATE INDEX forum_edits_post ON forum_edits (post_id, id);

CREATE TABLE forum_reactions (
    post_id BIGINT NOT NULL REFERENCES forum_posts (id),
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    kind TEXT NOT NULL CHECK (kind IN ('like', 'clap', 'cheer')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id, kind)
) WITHOUT ROWID;

CREATE TABLE forum_flags (
    id INTEGER PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id),
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    reason TEXT NOT NULL CHECK (reason IN ('off_topic', 'inappropriate', 'spam', 'illegal', 'other')),
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Set when a moderator reviewed the post.
    resolved_at BIGINT
);
CREATE UNIQUE INDEX forum_flags_once ON forum_flags (post_id, user_id);

-- How far a person read a topic, and how it tells them of new posts.
CREATE TABLE forum_reads (
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    topic_id BIGINT NOT NULL REFERENCES forum_topics (id),
    last_read_no INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('watching', 'tracking', 'muted')),
    PRIMARY KEY (user_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX forum_reads_topic ON forum_reads (topic_id, level);

-- Search: every pair of adjacent Chinese characters and every Latin word or number of a
-- post (its topic's title included in the opening post).
CREATE TABLE forum_terms (
    term TEXT NOT NULL,
    post_id BIGINT NOT NULL,
    PRIMARY KEY (term, post_id)
) WITHOUT ROWID;

-- Pictures in posts, re-encoded as JPEG on arrival (metadata dropped); ids are random.
CREATE TABLE forum_images (
    id BIGINT PRIMARY KEY,
    uploader_id BIGINT NOT NULL REFERENCES auth_users (id),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_images_uploader ON forum_images (uploader_id, created_at);

-- 禁言 (silence: may read, may not post) or 停用 (suspend: no forum at all) until a time.
CREATE TABLE forum_sanctions (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    kind TEXT NOT NULL CHECK (kind IN ('silence', 'suspend')),
    reason TEXT NOT NULL,
    until BIGINT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL,
    lifted_at BIGINT
);
CREATE INDEX forum_sanctions_user ON forum_sanctions (user_id, until);
