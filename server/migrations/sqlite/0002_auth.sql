-- Accounts, sessions, login attempts, roles held on organizations, communities, audit log.
CREATE TABLE org_communities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    branch_id BIGINT NOT NULL REFERENCES org_organizations (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX org_communities_branch ON org_communities (branch_id);

CREATE TABLE auth_users (
    id INTEGER PRIMARY KEY,
    username TEXT UNIQUE,
    email TEXT UNIQUE,
    -- HMAC of the normalised phone number: finds an account by phone without keeping it readable.
    phone_lookup TEXT UNIQUE,
    phone_last4 TEXT NOT NULL,
    display_name TEXT NOT NULL,
    -- Pinyin initials of the name (李红梅 → lhm), for search in the admin console.
    name_initials TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('resident', 'member')),
    status TEXT NOT NULL CHECK (status IN ('unverified', 'active', 'disabled')),
    must_change_password SMALLINT NOT NULL,
    org_id BIGINT REFERENCES org_organizations (id),
    community_id BIGINT REFERENCES org_communities (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX auth_users_org ON auth_users (org_id);
CREATE INDEX auth_users_community ON auth_users (community_id, status);
CREATE INDEX auth_users_initials ON auth_users (name_initials);
CREATE INDEX auth_users_name ON auth_users (display_name);

CREATE TABLE auth_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    idle_timeout_ms BIGINT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE auth_login_attempts (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    ip TEXT NOT NULL,
    succeeded SMALLINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX auth_login_attempts_account ON auth_login_attempts (account, created_at);
CREATE INDEX auth_login_attempts_ip ON auth_login_attempts (ip, created_at);

CREATE TABLE org_roles (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    org_id BIGINT NOT NULL REFERENCES org_organizations (id),
    role TEXT NOT NULL CHECK (role IN ('committee', 'secretary', 'admin', 'platform_admin')),
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, org_id, role)
);
CREATE INDEX org_roles_org ON org_roles (org_id);

-- Append-only: the application never updates or deletes a row.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor_id BIGINT,
    action TEXT NOT NULL,
    org_id BIGINT,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    ip TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, created_at);
CREATE INDEX audit_log_created ON audit_log (created_at);
