//! Migrations, keyed on `PRAGMA user_version`. Each entry moves the schema one version up.

/// The statements of each schema version; version N is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: [&str; 16] = [
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
    // Version 10: the part of an area's `earned` that is bonus (加分, hundredths), so reports
    // can show the deductions and the bonus apart; `earned` keeps the bonus, so every
    // inspection's stored points and score stay as they are. An area row is written only on
    // submit, and always from its scoring (the app, demo data, and an import, which scores the
    // answers again and refuses a row that differs): earned = effective cap − min(deducted,
    // effective cap) + bonus, with `deducted` the regular items' deductions before the cap (a
    // bonus item deducts nothing). So the bonus of every existing row is that difference,
    // exactly, in whole hundredths: 0 for a checklist without bonus items, and the capped
    // bonus for one with them, without reading a snapshot. Only rows with a bonus are
    // rewritten.
    r#"
ALTER TABLE inspection_areas ADD COLUMN bonus INTEGER NOT NULL DEFAULT 0;
UPDATE inspection_areas
SET bonus = earned - (effective_cap - min(deducted, effective_cap))
WHERE earned > effective_cap - min(deducted, effective_cap);
"#,
    // Version 11: amendments (更正), the only way a submitted inspection changes. Each row is
    // one amendment: who, when, why, and the answers it changed as JSON (each as it was and
    // as it became), with the score and rating before and after. The inspection's own rows
    // hold the amended answers and score, so every report reads them as before;
    // `inspections.amendments` counts the amendments, so a list shows 已修改 without a join.
    r#"
ALTER TABLE inspections ADD COLUMN amendments INTEGER NOT NULL DEFAULT 0;
CREATE TABLE amendments (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    amended_at     TEXT NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    amended_by     TEXT NOT NULL,
    reason         TEXT NOT NULL,
    changes        TEXT NOT NULL,
    score_before   INTEGER NOT NULL,
    score_after    INTEGER NOT NULL,
    rating_before  TEXT NOT NULL,
    rating_after   TEXT NOT NULL,
    UNIQUE (inspection_id, seq)
);
"#,
    // Version 12: rectifications (整改) followed to the end. The table is rebuilt for the
    // states 待整改 (open), 已整改 (done) and 已验收 (accepted) — a return is a move back to
    // open, not a state — with what a follow-up needs: the deadline (always set; a row of
    // version 1 without one gets the inspection's day + 3), the owner (责任人; empty: the
    // hall manager), when it was opened, closed (reported fixed: instant and local day) and
    // accepted, the close note, and the earlier rectification it repeats (重复问题, by UUID,
    // so the link survives an exchange). One rectification per answer. Every move is a row
    // of `rectification_events`: who, when (UTC with the local offset), from and to which
    // state, and its note (what was done, the reason of a return, the old and new deadline
    // or owner). After-photos are `attachments` rows of the inspection's item that name the
    // close they came with (`rectification_event_id`); an answer's own photos name none (the
    // column joins the item's photo index, so counting an answer's photos still reads the
    // index alone, never a photo's row).
    // `results.fixed_on_spot` marks a failed answer fixed during the walk (当场整改), so
    // its rectification is accepted at once on submit. Self-contained: it reads nothing a
    // later version adds.
    r#"
CREATE TABLE rectifications_rebuilt (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    template_row  INTEGER NOT NULL REFERENCES templates(id),
    item_id       TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    due_on        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'done', 'accepted')),
    created_at    TEXT NOT NULL,
    closed_at     TEXT,
    closed_on     TEXT,
    accepted_at   TEXT,
    note          TEXT NOT NULL DEFAULT '',
    repeat_of     TEXT,
    UNIQUE (inspection_id, template_row, item_id)
);
INSERT INTO rectifications_rebuilt (id, uuid, inspection_id, template_row, item_id, owner,
    due_on, status, created_at, closed_at, closed_on, note)
SELECT x.id, x.uuid, x.inspection_id, x.template_row, x.item_id, x.owner,
       coalesce(x.due_on, date(i.inspected_on, '+3 days')), x.status,
       coalesce(i.submitted_at, i.started_at), x.closed_at,
       CASE WHEN x.closed_at IS NULL THEN NULL
            ELSE date(x.closed_at, printf('%+d minutes', i.utc_offset_min)) END,
       x.note
FROM rectifications x JOIN inspections i ON i.id = x.inspection_id
WHERE x.id IN (SELECT min(id) FROM rectifications
               GROUP BY inspection_id, template_row, item_id);
DROP TABLE rectifications;
ALTER TABLE rectifications_rebuilt RENAME TO rectifications;
CREATE INDEX rectifications_open ON rectifications(status, due_on);
CREATE INDEX rectifications_item ON rectifications(item_id, template_row);
CREATE TABLE rectification_events (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    rectification_id INTEGER NOT NULL REFERENCES rectifications(id) ON DELETE CASCADE,
    action           TEXT NOT NULL CHECK (action IN ('open', 'fix_on_spot', 'close', 'accept',
                                                     'return', 'reschedule', 'reassign')),
    from_status      TEXT CHECK (from_status IN ('open', 'done', 'accepted')),
    to_status        TEXT NOT NULL CHECK (to_status IN ('open', 'done', 'accepted')),
    by_name          TEXT NOT NULL DEFAULT '',
    at               TEXT NOT NULL,
    utc_offset_min   INTEGER NOT NULL DEFAULT 0,
    note             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rectification_events_of ON rectification_events(rectification_id, id);
INSERT INTO rectification_events (uuid, rectification_id, action, from_status, to_status, at,
    utc_offset_min)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
             || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
             || '-' || hex(randomblob(6))),
       x.id, 'open', NULL, 'open', x.created_at, i.utc_offset_min
FROM rectifications x JOIN inspections i ON i.id = x.inspection_id;
INSERT INTO rectification_events (uuid, rectification_id, action, from_status, to_status, at,
    utc_offset_min, note)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
             || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
             || '-' || hex(randomblob(6))),
       x.id, 'close', 'open', 'done', coalesce(x.closed_at, x.created_at), i.utc_offset_min, x.note
FROM rectifications x JOIN inspections i ON i.id = x.inspection_id
WHERE x.status = 'done';
ALTER TABLE attachments ADD COLUMN rectification_event_id INTEGER
    REFERENCES rectification_events(id) ON DELETE CASCADE;
CREATE INDEX attachments_event ON attachments(rectification_event_id);
DROP INDEX attachments_result;
CREATE INDEX attachments_result
    ON attachments(inspection_id, template_row, item_id, rectification_event_id);
ALTER TABLE results ADD COLUMN fixed_on_spot INTEGER NOT NULL DEFAULT 0;
"#,
    // Version 13: the sign-off of a submitted inspection (签字确认). One row per inspection and
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
    // Version 14: the chain of content hashes that makes a change behind the program's back
    // visible (see `store::chain`). One entry per submitted inspection, amendment, later sign-off and rectification
    // move (and rectification withdrawn), in the order they were sealed; `subject` is the
    // inspection or rectification it belongs to, `state_hash` that subject's hash after it;
    // each entry's `hash` covers its fields and the entry before.
    // The records of a database from before this version are sealed as they stand when it
    // is opened (`Store::seal_unsealed`), in the order they were submitted.
    r#"
CREATE TABLE chain (
    seq          INTEGER PRIMARY KEY,
    entity       TEXT NOT NULL,
    uuid         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    state_hash   TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX chain_record ON chain(entity, uuid);
CREATE INDEX chain_subject ON chain(subject, seq);
"#,
    // Version 15: a draft's photo taken as the after-photo of a fail fixed on the spot
    // (当场整改后). `after_fix` marks it while the inspection is a draft; on submit, in the same
    // transaction, each marked photo of an item whose rectification is accepted on the spot
    // joins that `fix_on_spot` move (`rectification_event_id`), and any other marked photo
    // becomes an ordinary photo of its answer, so no submitted inspection keeps a mark. A
    // constant default: no row is rewritten. Self-contained: it reads nothing a later version
    // adds.
    r#"
ALTER TABLE attachments ADD COLUMN after_fix INTEGER NOT NULL DEFAULT 0;
"#,
    // Version 16: the audit entries of one record found without reading them all — an
    // inspection's history, and each record an export or a sync sends with its entries (the
    // log grows by two entries an inspection, so a scan per record made both quadratic).
    r#"
CREATE INDEX audit_log_entity ON audit_log(entity_uuid, entity, action, at);
"#,
];

/// The schema version this program writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;
