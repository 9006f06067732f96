-- 党员电子档案 (member e-archive), its history and transfers; per-organization module switches.
CREATE TABLE archive_members (
    user_id BIGINT PRIMARY KEY REFERENCES auth_users (id),
    gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    ethnicity TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    education TEXT NOT NULL,
    -- AES-256-GCM under a key derived from the server secret (never in the database):
    -- base64 of nonce || ciphertext. The masks are what every list and page shows.
    id_number_enc TEXT NOT NULL,
    id_number_mask TEXT NOT NULL,
    phone_enc TEXT NOT NULL,
    phone_mask TEXT NOT NULL,
    join_date TEXT NOT NULL,
    join_year INTEGER NOT NULL,
    full_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('probationary', 'full', 'transferred_out', 'deceased')),
    positions TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX archive_members_status ON archive_members (status);
CREATE INDEX archive_members_join_year ON archive_members (join_year);

-- Who changed which field of whose record, and when; secret fields appear masked.
CREATE TABLE archive_changes (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    actor_id BIGINT REFERENCES auth_users (id),
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX archive_changes_user ON archive_changes (user_id, created_at);

-- 组织关系转接: every move of a member between branches.
CREATE TABLE archive_transfers (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    from_org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    to_org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    reason TEXT NOT NULL,
    actor_id BIGINT REFERENCES auth_users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX archive_transfers_user ON archive_transfers (user_id, created_at);

-- 菜单式选择: a module switched off on an organization is off for its whole subtree.
-- No row means on.
CREATE TABLE org_modules (
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    module TEXT NOT NULL CHECK (module IN ('study', 'forum', 'mailbox', 'evaluation')),
    enabled SMALLINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, module)
);
