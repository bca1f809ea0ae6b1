//! Migrations, keyed on `PRAGMA user_version`. Each entry moves the schema one version up.

/// The statements of each schema version; version N is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: [&str; 10] = [
    // Version 1: the records.
    r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE halls (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    code       TEXT UNIQUE,
    name       TEXT NOT NULL,
    archived   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE staff (
    id       INTEGER PRIMARY KEY,
    uuid     TEXT NOT NULL UNIQUE,
    hall_id  INTEGER NOT NULL REFERENCES halls(id),
    name     TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_hall ON staff(hall_id);
CREATE TABLE inspectors (
    id   INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    template_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    area        TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    snapshot    TEXT NOT NULL
);
CREATE TABLE inspections (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    hall_id        INTEGER NOT NULL REFERENCES halls(id),
    inspector_id   INTEGER NOT NULL REFERENCES inspectors(id),
    inspected_on   TEXT NOT NULL,
    shift          TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    utc_offset_min INTEGER NOT NULL DEFAULT 0,
    submitted_at   TEXT,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    score          INTEGER,
    earned         INTEGER,
    possible       INTEGER,
    rating         TEXT,
    veto           INTEGER NOT NULL DEFAULT 0,
    template_ids   TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE TABLE inspection_templates (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    template_row  INTEGER NOT NULL REFERENCES templates(id),
    PRIMARY KEY (inspection_id, position)
) WITHOUT ROWID;
CREATE TABLE results (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    template_row  INTEGER NOT NULL REFERENCES templates(id),
    item_id       TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'na')),
    count         INTEGER NOT NULL DEFAULT 1,
    deduction     INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    staff_id      INTEGER REFERENCES staff(id),
    answered_at   TEXT NOT NULL,
    PRIMARY KEY (inspection_id, template_row, item_id)
) WITHOUT ROWID;
CREATE TABLE inspection_areas (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    template_row  INTEGER NOT NULL REFERENCES templates(id),
    area          TEXT NOT NULL,
    cap           INTEGER NOT NULL,
    effective_cap INTEGER NOT NULL,
    deducted      INTEGER NOT NULL,
    earned        INTEGER NOT NULL,
    veto          INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, template_row)
) WITHOUT ROWID;
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    template_row  INTEGER NOT NULL REFERENCES templates(id),
    item_id       TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    mime          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         BLOB NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX attachments_result ON attachments(inspection_id, template_row, item_id);
CREATE TABLE rectifications (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    template_row  INTEGER NOT NULL REFERENCES templates(id),
    item_id       TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    due_on        TEXT,
    status        TEXT NOT NULL CHECK (status IN ('open', 'done')),
    closed_at     TEXT,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_uuid TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
"#,
    // Version 2: indexes for the read paths (Today, History, trends, rankings).
    r#"
CREATE INDEX inspections_hall_day ON inspections(hall_id, inspected_on);
CREATE INDEX inspections_day ON inspections(inspected_on);
CREATE INDEX inspections_status_day ON inspections(status, inspected_on);
CREATE INDEX rectifications_open ON rectifications(status, due_on);
"#,
    // Version 3: one hall's inspections over time, read from the index alone (trend, Pareto,
    // monthly sheet). It starts with (hall_id, inspected_on), so it replaces
    // inspections_hall_day; `id` in it keeps "by day, then id" order without a sort.
    r#"
CREATE INDEX inspections_hall_trend
    ON inspections(hall_id, inspected_on, id, status, score, rating, veto, inspector_id, uuid);
DROP INDEX inspections_hall_day;
"#,
    // Version 4: History at scale. `inspection_notes` holds each inspection's note and its
    // items' notes in one text (only where there is any), so a text search reads one small
    // table instead of every item result; kept by `refresh_notes` on every write of a note.
    // The indexes give the History sorts by score, hall and inspector in order, without a sort
    // of all inspections to reach a deep page; the narrow hall index keeps a deep page of the
    // hall sort from stepping through the wide trend index.
    r#"
CREATE TABLE inspection_notes (
    inspection_id INTEGER PRIMARY KEY REFERENCES inspections(id) ON DELETE CASCADE,
    text          TEXT NOT NULL
);
INSERT INTO inspection_notes (inspection_id, text)
SELECT id, text FROM (
    SELECT i.id AS id,
           trim(i.note || char(10) || coalesce(
               (SELECT group_concat(r.note, char(10)) FROM results r
                WHERE r.inspection_id = i.id AND r.note <> ''), ''), char(10)) AS text
    FROM inspections i)
WHERE text <> '';
CREATE INDEX inspections_score_day ON inspections(score, inspected_on, id);
CREATE INDEX inspections_inspector_day ON inspections(inspector_id, inspected_on, id);
CREATE INDEX inspections_hall_list ON inspections(hall_id, inspected_on, id);
CREATE INDEX halls_name ON halls(name, id);
"#,
    // Version 5: the History sort by score ranks a vetoed inspection (不合格 whatever its
    // points) below every other, in index order: the key is the score less a million for a
    // veto.
    r#"
DROP INDEX inspections_score_day;
CREATE INDEX inspections_rank_day ON inspections((score - veto * 1000000), inspected_on, id);
"#,
    // Version 6: several people per answer. `result_staff` names each person of an answer
    // (the 当事人 of a per-person-time fail), in the order given (`position`); the primary key
    // keeps one person from being named twice, and the rows go with their answer (ON DELETE
    // CASCADE through the results key, so a cleared answer or a discarded draft takes them).
    // Every name `results.staff_id` held is copied over in one statement, so an old answer
    // keeps its one name. That column is retired: nothing reads or writes it any more, and
    // what it still holds is the name an answer had before this version, never updated since.
    // It stays because SQLite cannot drop a column under a foreign key without
    // rebuilding the results table, and emptying it rewrites every page holding a name (on
    // 10 million results, five times the time of the copy).
    r#"
CREATE TABLE result_staff (
    inspection_id INTEGER NOT NULL,
    template_row  INTEGER NOT NULL,
    item_id       TEXT NOT NULL,
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, template_row, item_id, staff_id),
    FOREIGN KEY (inspection_id, template_row, item_id)
        REFERENCES results(inspection_id, template_row, item_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO result_staff (inspection_id, template_row, item_id, staff_id, position)
SELECT inspection_id, template_row, item_id, staff_id, 0 FROM results WHERE staff_id IS NOT NULL;
"#,
    // Version 7: a staff member's 工号 (employee number), optional.
    r#"
ALTER TABLE staff ADD COLUMN code TEXT;
"#,
    // Version 8: an inspection's kind (检查类型). Every inspection before it was the hall's
    // own, so the column's default makes each one 自查 without rewriting a row. The trend
    // index takes the kind at its end, so a hall's trend of one kind is still read from the
    // index alone.
    r#"
ALTER TABLE inspections ADD COLUMN kind TEXT NOT NULL DEFAULT 'self_check'
    CHECK (kind IN ('self_check', 'supervision', 'unannounced', 'third_party'));
DROP INDEX inspections_hall_trend;
CREATE INDEX inspections_hall_trend
    ON inspections(hall_id, inspected_on, id, status, score, rating, veto, inspector_id, uuid,
                   kind);
"#,
    // Version 9: the points per occurrence an inspector picked for an item with a ranged
    // deduction (酌情扣分, hundredths); NULL for every other answer, and so for every answer
    // written before this version.
    r#"
ALTER TABLE results ADD COLUMN rate INTEGER;
"#,
    // Version 10: the sign-off of a submitted inspection (签字确认). One row per inspection and
    // role (the hall manager, 营业厅负责人; the inspector is the inspection's own), given once:
    // the name typed and the signature drawn, as strokes of points normalised to the pad in
    // the text form of `domain::Strokes` (empty: a typed name alone), checked again on every
    // read. The instant is UTC with the local offset kept, as the inspection's are. The rows
    // go with their inspection (ON DELETE CASCADE).
    r#"
CREATE TABLE sign_offs (
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('hall_manager')),
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    strokes        TEXT NOT NULL DEFAULT '' CHECK (length(strokes) <= 48000),
    signed_at      TEXT NOT NULL,
    utc_offset_min INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (inspection_id, role)
) WITHOUT ROWID;
"#,
];

/// The schema version this program writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;
