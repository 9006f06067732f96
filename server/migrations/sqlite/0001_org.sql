-- 党组织: the organization tree. `path` is the materialised path of ids ("/1/4/17/"),
-- so a subtree is a prefix match and needs no recursive query.
CREATE TABLE org_organizations (
    id INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES org_organizations (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'group')),
    path TEXT NOT NULL,
    depth INTEGER NOT NULL,
    region TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX org_organizations_parent ON org_organizations (parent_id);
CREATE INDEX org_organizations_path ON org_organizations (path);
CREATE INDEX org_organizations_kind ON org_organizations (kind);
