-- 书记信箱: letters to a secretary, tracked from writing to a rated reply.
CREATE TABLE mailbox_letters (
    id INTEGER PRIMARY KEY,
    -- The tracking code the writer is given (追踪码); unguessable, unique.
    code TEXT NOT NULL UNIQUE,
    writer_id BIGINT NOT NULL REFERENCES auth_users (id),
    -- The key the writer's page made for this letter: a resend after a lost answer
    -- finds the letter it already made instead of making a second one.
    client_key TEXT NOT NULL,
    -- The organization that has the letter now (it changes when the letter is transferred).
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    category TEXT NOT NULL CHECK (category IN ('suggestion', 'help', 'complaint', 'inquiry', 'report')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    may_publish SMALLINT NOT NULL,
    hide_name SMALLINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'handling', 'replied', 'closed')),
    assignee_id BIGINT REFERENCES auth_users (id),
    reply TEXT,
    rating SMALLINT,
    rating_comment TEXT,
    reopened SMALLINT NOT NULL,
    published SMALLINT NOT NULL,
    created_at BIGINT NOT NULL,
    -- When the organization that has it now received it; deadlines count from here.
    received_at BIGINT NOT NULL,
    accept_due BIGINT NOT NULL,
    reply_due BIGINT NOT NULL,
    accepted_at BIGINT,
    replied_at BIGINT,
    closed_at BIGINT,
    -- When the deadline reminder went to the assignee, and the escalation to the
    -- organization above: each is sent once, by whichever instance claims it first.
    reminded_at BIGINT,
    escalated_at BIGINT,
    updated_at BIGINT NOT NULL,
    UNIQUE (writer_id, client_key)
);
CREATE INDEX mailbox_letters_org ON mailbox_letters (org_id, id);
CREATE INDEX mailbox_letters_writer ON mailbox_letters (writer_id, id);
CREATE INDEX mailbox_letters_published ON mailbox_letters (published, id);
CREATE INDEX mailbox_letters_received ON mailbox_letters (received_at);

-- The timeline of a letter. Internal notes (`internal` = 1) are never shown to the writer.
CREATE TABLE mailbox_events (
    id INTEGER PRIMARY KEY,
    letter_id BIGINT NOT NULL REFERENCES mailbox_letters (id),
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES auth_users (id),
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    note TEXT NOT NULL,
    internal SMALLINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mailbox_events_letter ON mailbox_events (letter_id, id);

-- An organization's own deadlines (working days to accept, days to reply); none = defaults.
CREATE TABLE mailbox_settings (
    org_id BIGINT PRIMARY KEY REFERENCES org_organizations (id),
    accept_days INTEGER NOT NULL,
    reply_days INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Days that break the Monday–Friday rule, in Asia/Shanghai: holidays (working = 0) and
-- weekend days worked in exchange (调休, working = 1).
CREATE TABLE mailbox_calendar (
    day TEXT PRIMARY KEY,
    working SMALLINT NOT NULL,
    name TEXT NOT NULL
);

-- 答复模板: replies an organization keeps for the letters it often answers; they serve
-- the organization and every organization below it.
CREATE TABLE mailbox_templates (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mailbox_templates_org ON mailbox_templates (org_id);
