-- The notification centre every module writes to: one row per person and event.
CREATE TABLE notify_notifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES auth_users (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Where the notification leads inside the app (a path, never another site).
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notify_notifications_user ON notify_notifications (user_id, id);
CREATE INDEX notify_notifications_unread ON notify_notifications (user_id, read_at);
