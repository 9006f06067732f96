-- 群众评价 / 民主评议: reusable forms, campaigns that rate members, cadres or
-- organizations, and answers kept so that an anonymous answer cannot be traced back.

-- A form template: its sections and questions as one JSON document (edited as a whole,
-- copied into each campaign so that later edits never change a running campaign).
CREATE TABLE eval_forms (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX eval_forms_org ON eval_forms (org_id, id);

CREATE TABLE eval_campaigns (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    form_id BIGINT NOT NULL REFERENCES eval_forms (id),
    title TEXT NOT NULL,
    -- The form as it was when the campaign was made.
    form_body TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('members', 'cadres', 'orgs')),
    anonymous SMALLINT NOT NULL,
    -- Weight of each audience group (0 = not asked).
    weight_residents INTEGER NOT NULL,
    weight_members INTEGER NOT NULL,
    weight_committee INTEGER NOT NULL,
    -- Results of a target stay hidden until it has this many responses.
    min_responses INTEGER NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    published_at BIGINT,
    objections_until BIGINT,
    created_by BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX eval_campaigns_org ON eval_campaigns (org_id, id);
CREATE INDEX eval_campaigns_closes ON eval_campaigns (closes_at);

-- Who or what is rated; the name is kept as it was when the campaign was made.
CREATE TABLE eval_targets (
    id INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES eval_campaigns (id),
    user_id BIGINT REFERENCES auth_users (id),
    org_id BIGINT REFERENCES org_organizations (id),
    name TEXT NOT NULL,
    detail TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX eval_targets_campaign ON eval_targets (campaign_id, position);
CREATE INDEX eval_targets_user ON eval_targets (user_id);

-- That a person has answered for a target, and nothing else: no time, no row number
-- (WITHOUT ROWID keeps rows in key order, not arrival order). What they answered is in
-- the tables below, which hold no person.
CREATE TABLE eval_responded (
    campaign_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, target_id, user_id)
) WITHOUT ROWID;
CREATE INDEX eval_responded_user ON eval_responded (user_id, campaign_id);

-- Responses counted per target and audience group, with the sum of their scores
-- (0–100, times 100) over the responses that rated anything.
CREATE TABLE eval_scores (
    campaign_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    grp TEXT NOT NULL CHECK (grp IN ('residents', 'members', 'committee')),
    responses BIGINT NOT NULL,
    scored BIGINT NOT NULL,
    score_sum BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, target_id, grp)
) WITHOUT ROWID;

-- How often each answer was given: a star count, a score, or an option's number.
CREATE TABLE eval_tallies (
    campaign_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, target_id, question, answer)
) WITHOUT ROWID;

-- Free-text answers under a random key, so that their order says nothing of when they
-- came. The writer's name only in a named campaign. Held texts matched a sensitive word.
CREATE TABLE eval_texts (
    id TEXT NOT NULL PRIMARY KEY,
    campaign_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    question TEXT NOT NULL,
    body TEXT NOT NULL,
    writer_name TEXT,
    status TEXT NOT NULL CHECK (status IN ('shown', 'held', 'rejected'))
) WITHOUT ROWID;
CREATE INDEX eval_texts_target ON eval_texts (campaign_id, target_id, id);

-- Answers saved but not yet submitted; removed in the submitting transaction.
CREATE TABLE eval_drafts (
    campaign_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (campaign_id, target_id, user_id)
) WITHOUT ROWID;

-- 异议: a target's written objection to published results, and the organizer's answer.
CREATE TABLE eval_objections (
    id INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES eval_campaigns (id),
    target_id BIGINT NOT NULL REFERENCES eval_targets (id),
    author_id BIGINT NOT NULL REFERENCES auth_users (id),
    body TEXT NOT NULL,
    answer TEXT,
    created_at BIGINT NOT NULL,
    answered_at BIGINT,
    UNIQUE (target_id, author_id)
);
CREATE INDEX eval_objections_campaign ON eval_objections (campaign_id, id);

-- 敏感词: words an organization holds for review wherever its subtree writes freely.
CREATE TABLE mod_words (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    word TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, word)
);
