-- Photos a writer adds to a letter (up to six), re-encoded as JPEG on arrival: resized to
-- at most 1600 pixels and stripped of every metadata block (camera, GPS position).
CREATE TABLE mailbox_images (
    id INTEGER PRIMARY KEY,
    letter_id BIGINT NOT NULL REFERENCES mailbox_letters (id),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mailbox_images_letter ON mailbox_images (letter_id, id);
