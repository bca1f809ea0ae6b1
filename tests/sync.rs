//! The district server: PCs with their own SQLite files meet in one PostgreSQL database (a
//! cluster of the test's own, see `support::pg`). Two PCs end with the union of their records;
//! a second sync changes nothing; amendments, sign-offs, rectification moves and a hall's
//! later name travel, and so does a later archiving of a hall or a person; a server of the
//! first version is brought up by `server init`; a hall role cannot write another hall; a dead server, a wrong password
//! or a missing schema is a clear error; a record changed behind HallCheck's back is refused
//! by UUID, either way, and one the import refuses is left out with what uses it; a sync killed at any point leaves both sides whole.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{FixedOffset, TimeZone};
use hallcheck::domain::{Outcome, RatingBands};
use hallcheck::store::backups::list_backups;
use hallcheck::store::{AmendmentInput, AnswerInput, InspectionRecord, Store};
use hallcheck::sync::{ServerUrl, SyncError, SyncReport, connect, server, sync, sync_keeping_copy};
use support::pg::Cluster;
use support::store::{demo_store_at, submitted_hygiene_fail};

/// A server of the test's own with HallCheck's schema in database `district`, its
/// superuser's URL, and a folder for the PCs' files; `None` where PostgreSQL is not installed.
fn district() -> Option<(Cluster, String, tempfile::TempDir)> {
    let cluster = Cluster::start()?;
    let url = server_with_schema(&cluster, "district");
    Some((cluster, url, tempfile::tempdir().unwrap()))
}

/// A server with HallCheck's schema in database `db`.
fn server_with_schema(cluster: &Cluster, db: &str) -> String {
    cluster.create_db(db);
    let url = cluster.admin_url(db);
    let parsed = ServerUrl::parse(&url, None).unwrap();
    let mut client = connect(&parsed).unwrap();
    assert_eq!(
        server::init(&mut client, &parsed).unwrap(),
        (0, server::SCHEMA_VERSION)
    );
    // A second init finds it done.
    assert_eq!(
        server::init(&mut client, &parsed).unwrap(),
        (server::SCHEMA_VERSION, server::SCHEMA_VERSION)
    );
    url
}

fn run_sync(store: &mut Store, url: &str, all: bool) -> SyncReport {
    let url = ServerUrl::parse(url, None).unwrap();
    sync(store, &url, all, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
}

/// A rectification: its UUID, state and number of moves.
type Fix = (String, String, usize);

/// Every submitted inspection of a store by UUID: its content hash, and each rectification
/// with its state and moves.
fn records(store: &Store) -> BTreeMap<String, (String, Vec<Fix>)> {
    let conn = support::raw(store);
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM inspections WHERE status = 'submitted'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ids.into_iter()
        .map(|id| {
            let record = store.exchange_inspection(id).unwrap();
            let mut fixes: Vec<Fix> = record
                .rectifications
                .iter()
                .map(|r| (r.uuid.clone(), r.status.clone(), r.events.len()))
                .collect();
            fixes.sort();
            (
                record.uuid.clone(),
                (hallcheck::store::chain::inspection_hash(&record), fixes),
            )
        })
        .collect()
}

fn assert_verified(store: &Store) {
    let verification = store.verify(&mut |_, _| {}).unwrap();
    assert!(
        verification.findings.is_empty(),
        "{:?}",
        verification.findings
    );
}

/// A PC: demo history of two halls (seed `seed`) plus one inspection of its own hall with a
/// failed item (so a rectification) — in a file of `dir`.
fn pc(dir: &Path, name: &str, seed: u64) -> Store {
    let store = demo_store_at(&dir.join(format!("{name}.db")), 2, 8, seed);
    let hall = store
        .add_hall(&format!("{name}供电营业厅"), Some(name))
        .unwrap()
        .id;
    submitted_hygiene_fail(&store, hall, 5, 2);
    store
}

#[test]
fn two_pcs_end_with_the_union_and_a_second_sync_changes_nothing() {
    let Some((cluster, url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 11);
    let mut b = pc(dir.path(), "B", 12);
    let (only_a, only_b) = (records(&a), records(&b));
    assert!(!only_a.is_empty() && !only_b.is_empty());

    let first = run_sync(&mut a, &url, true);
    assert_eq!(first.pushed.inspections, only_a.len() as u64);
    assert!(first.refusals().is_empty(), "{:?}", first.refusals());
    // B takes A's records: a copy of B's database is kept first, as an import keeps one.
    let copies = list_backups(b.path()).unwrap().len();
    let second = sync_keeping_copy(
        &mut b,
        &ServerUrl::parse(&url, None).unwrap(),
        true,
        support::local(2026, 11, 27, 9),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(list_backups(b.path()).unwrap().len(), copies + 1);
    assert_eq!(second.pushed.inspections, only_b.len() as u64);
    assert_eq!(second.pulled.added.inspections, only_a.len() as u64);
    let third = run_sync(&mut a, &url, true);
    assert_eq!(third.pushed.inspections, 0);
    assert_eq!(third.pulled.added.inspections, only_b.len() as u64);
    assert!(third.refusals().is_empty(), "{:?}", third.refusals());

    let mut union = only_a.clone();
    union.extend(only_b.clone());
    assert_eq!(records(&a), union);
    assert_eq!(records(&b), union);
    assert_verified(&a);
    assert_verified(&b);
    let mut admin = cluster.admin("district");
    let on_server = server_inspections(&mut admin);
    assert_eq!(on_server, union.len() as i64);

    // Again, both: nothing moves, on either side.
    let before = (
        support::exports::fingerprint_without_sync(&a),
        support::exports::fingerprint_without_sync(&b),
    );
    let server_rev: i64 = admin
        .query_one(
            "SELECT coalesce(max(rev), 0) FROM hallcheck.inspections",
            &[],
        )
        .unwrap()
        .get(0);
    let copies = list_backups(b.path()).unwrap().len();
    for store in [&mut a, &mut b] {
        let again = sync_keeping_copy(
            store,
            &ServerUrl::parse(&url, None).unwrap(),
            true,
            support::local(2026, 11, 27, 10),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(again.pushed.inspections + again.pushed.amended, 0);
        assert_eq!(again.pushed.rectifications, 0);
        assert_eq!(again.pulled.added.inspections, 0);
    }
    let after = (
        support::exports::fingerprint_without_sync(&a),
        support::exports::fingerprint_without_sync(&b),
    );
    assert_eq!(before, after);
    // Nothing to take, no copy.
    assert_eq!(list_backups(b.path()).unwrap().len(), copies);
    let server_rev_after: i64 = admin
        .query_one(
            "SELECT coalesce(max(rev), 0) FROM hallcheck.inspections",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(server_rev, server_rev_after);
    let outcome = a.sync_outcome().unwrap().unwrap();
    assert!(outcome.ok, "{}", outcome.summary);
}

fn hygiene_input(store: &Store, id: i64) -> AmendmentInput {
    let row = store.inspection(id).unwrap().templates[0].0;
    AmendmentInput {
        by: "王主任".into(),
        reason: "复核：地面已清理".into(),
        answers: vec![AnswerInput {
            template_row: row,
            item_id: "four_clean_four_free".into(),
            outcome: Outcome::Pass,
            count: 1,
            rate: None,
            note: String::new(),
            staff_ids: Vec::new(),
        }],
        at: FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 6, 10, 30, 0)
            .unwrap(),
    }
}

#[test]
fn amendments_moves_and_a_later_hall_name_travel() {
    let Some((_cluster, url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 21);
    let mut b = pc(dir.path(), "B", 22);
    run_sync(&mut a, &url, true);
    run_sync(&mut b, &url, true);
    run_sync(&mut a, &url, true);

    // On A: a rectification of B's hall is closed; on B: its own inspection is amended so the
    // failed item passes (its rectification withdrawn), and A's hall renamed twice — first
    // on A, later on B.
    let b_hall = b.hall_by_key("B").unwrap().unwrap();
    let b_inspection: i64 = support::raw(&b)
        .query_row(
            "SELECT i.id FROM inspections i JOIN halls h ON h.id = i.hall_id WHERE h.code = 'B'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let b_uuid = b.inspection(b_inspection).unwrap().header.uuid.clone();
    let open_on_a: (i64, String) = support::raw(&a)
        .query_row(
            "SELECT x.id, x.uuid FROM rectifications x JOIN inspections i ON i.id = x.inspection_id
             JOIN halls h ON h.id = i.hall_id WHERE h.uuid = ?1 AND x.status = 'open'",
            [&b_hall.uuid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let at = FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 6, 9, 0, 0)
        .unwrap();
    a.close_rectification(open_on_a.0, "已清理", &[], "李四", at)
        .unwrap();
    let run1 = run_sync(&mut a, &url, true);
    assert_eq!(run1.pushed.rectifications, 1, "{}", run1.summary());
    let run2 = run_sync(&mut b, &url, true);
    assert_eq!(run2.pulled.added.rectifications, 1, "{}", run2.summary());
    assert_eq!(
        records(&a)[&b_uuid],
        records(&b)[&b_uuid],
        "the close reached B"
    );

    let a_hall = a.hall_by_key("A").unwrap().unwrap();
    a.rename_hall(a_hall.id, "A厅（旧名）").unwrap();
    let b_copy_of_a = b.hall_by_key(&a_hall.uuid).unwrap().unwrap();
    b.rename_hall(b_copy_of_a.id, "A厅（新名）").unwrap();
    // The renames' instants, a minute apart: A's first.
    let rw = rusqlite::Connection::open(a.path()).unwrap();
    rw.execute(
        "UPDATE audit_log SET at = '2030-01-06T01:00:00.000Z' WHERE action = 'rename' AND entity_uuid = ?1",
        [&a_hall.uuid],
    )
    .unwrap();
    drop(rw);
    let rw = rusqlite::Connection::open(b.path()).unwrap();
    rw.execute(
        "UPDATE audit_log SET at = '2030-01-06T01:01:00.000Z' WHERE action = 'rename' AND entity_uuid = ?1",
        [&a_hall.uuid],
    )
    .unwrap();
    drop(rw);

    b.amend_inspection(
        b_inspection,
        &hygiene_input(&b, b_inspection),
        &RatingBands::default(),
    )
    .unwrap();
    let amended_score = b.inspection(b_inspection).unwrap().header.score;
    let run3 = run_sync(&mut b, &url, true);
    assert_eq!(run3.pushed.amended, 1, "{}", run3.summary());
    assert_eq!(run3.pushed.halls, 1, "the later name went up");
    let run4 = run_sync(&mut a, &url, true);
    assert_eq!(run4.pulled.amended, 1, "{}", run4.summary());
    assert!(run4.refusals().is_empty(), "{:?}", run4.refusals());
    let on_a = a
        .inspection(a.inspection_id_by_uuid(&b_uuid).unwrap())
        .unwrap();
    assert_eq!(on_a.header.score, amended_score);
    assert_eq!(a.amendments(on_a.header.id).unwrap().len(), 1);
    assert_eq!(a.hall(a_hall.id).unwrap().name, "A厅（新名）");
    let audit: i64 = support::raw(&a)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'rename' AND detail LIKE '%later of two names%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, 1);
    // B's own copy of the hall keeps its (later) name after another round.
    run_sync(&mut b, &url, true);
    assert_eq!(b.hall(b_copy_of_a.id).unwrap().name, "A厅（新名）");
    assert_eq!(records(&a), records(&b));
    assert_verified(&a);
    assert_verified(&b);
}

#[test]
fn a_hall_role_writes_only_its_halls() {
    let Some((cluster, admin_url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 31);
    let a_hall = a.hall_by_key("A").unwrap().unwrap();
    let admin = ServerUrl::parse(&admin_url, None).unwrap();
    let mut client = connect(&admin).unwrap();
    server::add_role(
        &mut client,
        &admin,
        "hall_a",
        Some("pw-a"),
        &server::RoleFor::Halls(vec![a_hall.uuid.clone()]),
    )
    .unwrap();
    let hall_url = cluster.url("hall_a", "pw-a", "district");

    // A's PC holds two demo halls besides its own: the role may write A alone.
    let report = run_sync(&mut a, &hall_url, false);
    let ours: usize = records(&a)
        .keys()
        .filter(|uuid| {
            let id = a.inspection_id_by_uuid(uuid).unwrap();
            a.inspection(id).unwrap().header.hall_id == a_hall.id
        })
        .count();
    assert_eq!(report.pushed.inspections, ours as u64);
    assert_eq!(report.refused.len(), records(&a).len() - ours);
    assert!(
        report
            .refused
            .iter()
            .all(|r| r.reason.contains("may not write hall")),
        "{:?}",
        report.refused
    );

    // Straight SQL as the hall's role: another hall's row is refused by row-level security,
    // and another hall's rows are not even seen.
    let mut as_hall = postgres::Client::connect(&hall_url, postgres::NoTls).unwrap();
    let err = as_hall
        .execute(
            "INSERT INTO hallcheck.halls (uuid, name, archived, created_at)
             VALUES ('00000000-0000-4000-8000-000000000001', '别的厅', false, '2026-11-01T00:00:00.000Z')",
            &[],
        )
        .unwrap_err();
    let message = db_message(&err);
    assert!(message.contains("row-level security"), "{message}");
    let mut admin_client = cluster.admin("district");
    admin_client
        .execute(
            "INSERT INTO hallcheck.halls (uuid, name, archived, created_at)
             VALUES ('00000000-0000-4000-8000-000000000002', '别的厅', false, '2026-11-01T00:00:00.000Z')",
            &[],
        )
        .unwrap();
    let seen: i64 = as_hall
        .query_one(
            "SELECT count(*) FROM hallcheck.halls WHERE uuid = '00000000-0000-4000-8000-000000000002'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    let touched = as_hall
        .execute(
            "UPDATE hallcheck.inspections SET score = 0 WHERE hall_uuid <> $1",
            &[&a_hall.uuid],
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(touched, 0, "no other hall's inspection is touched");
    let err = as_hall
        .execute(
            "INSERT INTO hallcheck.inspections (uuid, hall_uuid, inspected_on, kind, veto, amendments,
                 signed, seal, record)
             VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002',
                 '2026-11-01', 'self_check', false, 0, false, '', '{}')",
            &[],
        )
        .unwrap_err();
    let message = db_message(&err);
    assert!(message.contains("row-level security"), "{message}");

    // A role cannot move its rows' revision (one far ahead would stop everyone's pulls): the
    // server gives it.
    as_hall
        .execute(
            "UPDATE hallcheck.inspections SET rev = 9000000000000000000 WHERE hall_uuid = $1",
            &[&a_hall.uuid],
        )
        .unwrap();
    let top: i64 = admin_client
        .query_one("SELECT max(rev) FROM hallcheck.inspections", &[])
        .unwrap()
        .get(0);
    assert!(top < 1_000_000, "{top}");
    // Nor plant a record of another hall under its own: the record must name the row's hall,
    // and a rectification or photo belongs to its inspection's hall.
    let err = as_hall
        .execute(
            "INSERT INTO hallcheck.inspections (uuid, hall_uuid, inspected_on, kind, veto, amendments,
                 signed, seal, record)
             VALUES ('00000000-0000-4000-8000-000000000004', $1, '2026-11-01', 'self_check', false,
                 0, false, '', '{\"uuid\": \"00000000-0000-4000-8000-000000000004\",
                 \"hall_uuid\": \"00000000-0000-4000-8000-000000000002\"}')",
            &[&a_hall.uuid],
        )
        .unwrap_err();
    let message = db_message(&err);
    assert!(message.contains("check constraint"), "{message}");
    admin_client
        .execute(
            "INSERT INTO hallcheck.inspections (uuid, hall_uuid, inspected_on, kind, veto, amendments,
                 signed, seal, record)
             VALUES ('00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000002',
                 '2026-11-01', 'self_check', false, 0, false, '',
                 '{\"uuid\": \"00000000-0000-4000-8000-000000000005\",
                   \"hall_uuid\": \"00000000-0000-4000-8000-000000000002\"}')",
            &[],
        )
        .unwrap();
    let err = as_hall
        .execute(
            "INSERT INTO hallcheck.rectifications (uuid, hall_uuid, inspection_uuid, status, moves, record)
             VALUES ('00000000-0000-4000-8000-000000000006', $1,
                 '00000000-0000-4000-8000-000000000005', 'accepted', 0,
                 '{\"uuid\": \"00000000-0000-4000-8000-000000000006\"}')",
            &[&a_hall.uuid],
        )
        .unwrap_err();
    let message = db_message(&err);
    assert!(message.contains("row-level security"), "{message}");

    // The halls refused are sent once the role is given them: a refusal is tried again.
    let refused = report.refused.len() as u64;
    let others: Vec<String> = a
        .halls(true)
        .unwrap()
        .into_iter()
        .filter(|h| h.id != a_hall.id)
        .map(|h| h.uuid)
        .collect();
    server::add_role(
        &mut client,
        &admin,
        "hall_a",
        None,
        &server::RoleFor::Halls(others),
    )
    .unwrap();
    let again = run_sync(&mut a, &hall_url, false);
    assert_eq!(again.pushed.inspections, refused, "{}", again.summary());
    assert!(again.refused.is_empty(), "{:?}", again.refused);
}

#[test]
fn following_every_hall_later_pulls_their_whole_history() {
    let Some((_cluster, url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 91);
    let mut b = pc(dir.path(), "B", 92);
    run_sync(&mut a, &url, true);
    // B follows its own halls first: none of A's come down.
    let own = run_sync(&mut b, &url, false);
    assert_eq!(own.pulled.added.inspections, 0);
    // Then every hall: A's whole history, though the cursor had passed it.
    let all = run_sync(&mut b, &url, true);
    assert_eq!(all.pulled.added.inspections, records(&a).len() as u64);
}

#[test]
fn a_dead_server_a_wrong_password_and_no_schema_are_clear_errors() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut a = pc(dir.path(), "A", 41);
    let before = support::exports::fingerprint_without_sync(&a);

    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = ServerUrl::parse(
        &format!("postgres://hall:pw@127.0.0.1:{port}/district?sslmode=disable"),
        None,
    )
    .unwrap();
    let e = sync(&mut a, &dead, false, &mut |_| {}).unwrap_err();
    assert!(matches!(e, SyncError::Unreachable { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("cannot reach the server") && text.contains("Nothing was lost"),
        "{text}"
    );
    assert!(!text.contains("pw@"), "{text}");
    let outcome = a.sync_outcome().unwrap().unwrap();
    assert!(!outcome.ok);
    assert_eq!(outcome.summary, text);

    // No schema yet.
    cluster.create_db("empty");
    let e = sync(
        &mut a,
        &ServerUrl::parse(&cluster.admin_url("empty"), None).unwrap(),
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(e, SyncError::NoSchema { .. }), "{e:?}");
    assert!(e.to_string().contains("hallcheck server init"), "{e}");

    // A wrong password.
    let admin_url = server_with_schema(&cluster, "district");
    let admin = ServerUrl::parse(&admin_url, None).unwrap();
    let mut client = connect(&admin).unwrap();
    server::add_role(
        &mut client,
        &admin,
        "hall_a",
        Some("right"),
        &server::RoleFor::District,
    )
    .unwrap();
    let wrong = ServerUrl::parse(&cluster.url("hall_a", "wrong", "district"), None).unwrap();
    let e = sync(&mut a, &wrong, false, &mut |_| {}).unwrap_err();
    assert!(matches!(e, SyncError::Login { .. }), "{e:?}");
    assert!(e.to_string().contains("wrong user name or password"), "{e}");
    assert!(!e.to_string().contains("wrong@"), "{e}");

    // Nothing changed here but the outcome; the next sync catches up.
    assert_eq!(before, support::exports::fingerprint_without_sync(&a));
    let right = cluster.url("hall_a", "right", "district");
    let report = run_sync(&mut a, &right, false);
    assert_eq!(report.pushed.inspections, records(&a).len() as u64);
}

#[test]
fn a_server_that_wants_tls_says_so_and_an_encrypted_sync_works() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let admin_url = server_with_schema(&cluster, "district");
    let admin = ServerUrl::parse(&admin_url, None).unwrap();
    let mut client = connect(&admin).unwrap();
    server::add_role(
        &mut client,
        &admin,
        "district_pc",
        Some("pw"),
        &server::RoleFor::District,
    )
    .unwrap();
    cluster.require_tls();
    let dir = tempfile::tempdir().unwrap();
    let mut a = pc(dir.path(), "A", 71);

    let plain = ServerUrl::parse(&cluster.url("district_pc", "pw", "district"), None).unwrap();
    let e = sync(&mut a, &plain, true, &mut |_| {}).unwrap_err();
    assert!(matches!(e, SyncError::TlsRequired { .. }), "{e:?}");
    assert!(e.to_string().contains("sslmode=require"), "{e}");

    let encrypted = cluster
        .url("district_pc", "pw", "district")
        .replace("sslmode=disable", "sslmode=require");
    let report = run_sync(&mut a, &encrypted, true);
    assert_eq!(report.pushed.inspections, records(&a).len() as u64);
    let mut admin_client = cluster.admin("district");
    let ssl: bool = admin_client
        .query_one(
            "SELECT bool_and(ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid
             WHERE a.usename = 'district_pc'",
            &[],
        )
        .map(|r| r.get::<_, Option<bool>>(0).unwrap_or(true))
        .unwrap();
    assert!(ssl);
}

#[test]
fn a_record_changed_behind_hallchecks_back_is_refused_either_way() {
    let Some((cluster, url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 51);
    let mut b = pc(dir.path(), "B", 52);

    // On A, a score edited with plain SQL: that inspection is not sent, and named.
    let tampered: String = support::raw(&a)
        .query_row(
            "SELECT uuid FROM inspections WHERE status = 'submitted' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let rw = rusqlite::Connection::open(a.path()).unwrap();
    rw.execute(
        "UPDATE inspections SET score = 10000 WHERE uuid = ?1",
        [&tampered],
    )
    .unwrap();
    drop(rw);
    let report = run_sync(&mut a, &url, true);
    assert_eq!(report.refused.len(), 1, "{:?}", report.refused);
    assert_eq!(report.refused[0].uuid, tampered);
    assert!(report.refused[0].reason.contains("outside HallCheck"));

    // On the server, another record's note rewritten: B refuses it by UUID and takes the rest.
    let mut admin = cluster.admin("district");
    let victim: String = admin
        .query_one(
            "SELECT uuid FROM hallcheck.inspections ORDER BY uuid LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    admin
        .execute(
            "UPDATE hallcheck.inspections SET record = jsonb_set(record, '{note}', '\"改过的\"'),
                 rev = nextval('hallcheck.rev') WHERE uuid = $1",
            &[&victim],
        )
        .unwrap();
    let report = run_sync(&mut b, &url, true);
    let refused: Vec<String> = report.refusals();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains(&victim), "{refused:?}");
    assert!(b.inspection_id_by_uuid(&victim).is_err());
    let on_server = server_inspections(&mut admin);
    assert_eq!(
        report.pulled.added.inspections,
        on_server as u64 - 1 - report.pushed.inspections
    );
    assert_verified(&b);
}

/// The inspections the server holds.
fn server_inspections(admin: &mut postgres::Client) -> i64 {
    admin
        .query_one("SELECT count(*) FROM hallcheck.inspections", &[])
        .unwrap()
        .get(0)
}

/// Whether the staff member `uuid` is off the roster in `store`, and whether hall `hall` is
/// archived there.
fn archived(store: &Store, staff: &str, hall: &str) -> (bool, bool) {
    let conn = support::raw(store);
    let person = conn
        .query_row("SELECT archived FROM staff WHERE uuid = ?1", [staff], |r| {
            r.get(0)
        })
        .unwrap();
    let hall = conn
        .query_row("SELECT archived FROM halls WHERE uuid = ?1", [hall], |r| {
            r.get(0)
        })
        .unwrap();
    (person, hall)
}

fn staff_id(store: &Store, uuid: &str) -> i64 {
    support::raw(store)
        .query_row("SELECT id FROM staff WHERE uuid = ?1", [uuid], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_server_of_the_first_version_is_brought_up_and_archiving_travels_later_change_first() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let url = server_with_schema(&cluster, "district");
    // A server made by the first version: its halls have no archiving time.
    let mut admin = cluster.admin("district");
    admin
        .batch_execute(
            "ALTER TABLE hallcheck.halls DROP COLUMN archived_at;
             UPDATE hallcheck.meta SET value = '1' WHERE key = 'schema_version'",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut a = pc(dir.path(), "A", 71);
    let mut b = pc(dir.path(), "B", 72);
    let mut c = pc(dir.path(), "C", 73);
    let parsed = ServerUrl::parse(&url, None).unwrap();
    let old = sync(&mut a, &parsed, false, &mut |_| {}).unwrap_err();
    assert!(old.to_string().contains("server init"), "{old}");
    let mut client = connect(&parsed).unwrap();
    assert_eq!(
        server::init(&mut client, &parsed).unwrap(),
        (1, server::SCHEMA_VERSION)
    );

    run_sync(&mut a, &url, false);
    run_sync(&mut b, &url, true);
    run_sync(&mut c, &url, true);
    // On A, one of its people leaves the roster and one of its halls closes.
    let conn = support::raw(&a);
    let (person, hall, hall_id): (String, String, i64) = conn
        .query_row(
            "SELECT s.uuid, h.uuid, h.id FROM staff s JOIN halls h ON h.id = s.hall_id
             ORDER BY s.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    drop(conn);
    assert_eq!(archived(&b, &person, &hall), (false, false));
    a.set_staff_archived(staff_id(&a, &person), true).unwrap();
    a.set_hall_archived(hall_id, true).unwrap();
    run_sync(&mut a, &url, false);
    run_sync(&mut b, &url, true);
    run_sync(&mut c, &url, true);
    assert_eq!(archived(&b, &person, &hall), (true, true));
    assert_eq!(archived(&c, &person, &hall), (true, true));
    let entries = b.audit_entries(&person).unwrap();
    assert!(
        entries.iter().any(|(_, action, _)| action == "archive"),
        "{entries:?}"
    );

    // Later, on B, the person comes back: that goes up, and C, which still has them off the
    // roster from before, neither sends its older state nor keeps it.
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.set_staff_archived(staff_id(&b, &person), false).unwrap();
    run_sync(&mut b, &url, true);
    let staff_rev = |admin: &mut postgres::Client| -> i64 {
        admin
            .query_one("SELECT max(rev) FROM hallcheck.staff", &[])
            .unwrap()
            .get(0)
    };
    let before = staff_rev(&mut admin);
    run_sync(&mut c, &url, true);
    run_sync(&mut a, &url, false);
    assert_eq!(staff_rev(&mut admin), before, "an older state was sent");
    assert_eq!(archived(&c, &person, &hall), (false, true));
    assert_eq!(archived(&a, &person, &hall), (false, true));
    // And a second round changes nothing on the server.
    for (store, all) in [(&mut a, false), (&mut b, true), (&mut c, true)] {
        run_sync(store, &url, all);
    }
    assert_eq!(staff_rev(&mut admin), before);
}

/// A record on the server rewritten by someone who knows how HallCheck seals it: `change`
/// edits it, and the seal is made again.
fn forge(admin: &mut postgres::Client, uuid: &str, change: impl FnOnce(&mut InspectionRecord)) {
    let text: String = admin
        .query_one(
            "SELECT record::text FROM hallcheck.inspections WHERE uuid = $1",
            &[&uuid],
        )
        .unwrap()
        .get(0);
    let mut record: InspectionRecord = serde_json::from_str(&text).unwrap();
    change(&mut record);
    record.seal = Some(hallcheck::store::chain::inspection_hash(&record));
    let text = serde_json::to_string(&record).unwrap();
    admin
        .execute(
            "UPDATE hallcheck.inspections SET record = $2::text::jsonb WHERE uuid = $1",
            &[&uuid, &text],
        )
        .unwrap();
}

#[test]
fn a_record_the_import_refuses_is_left_out_and_the_rest_taken() {
    let Some((cluster, url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 61);
    let mut b = pc(dir.path(), "B", 62);
    run_sync(&mut a, &url, false);

    let mut admin = cluster.admin("district");
    let victims: Vec<String> = admin
        .query(
            "SELECT uuid FROM hallcheck.inspections ORDER BY uuid LIMIT 3",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    // A score its answers do not give, sealed again: the seal holds, the import's check not.
    forge(&mut admin, &victims[0], |r| {
        r.score = r.score.map(|s| s - 500);
    });
    // A checklist snapshot that is no checklist, stored under its true hash, and an
    // inspection made to name it.
    let snapshot = r#"{"id":"hygiene","broken":true}"#;
    let hash: String = admin
        .query_one(
            "INSERT INTO hallcheck.templates (hash, template_id, version, area, snapshot)
             VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), 'hygiene', 99, 'hygiene', $1)
             RETURNING hash",
            &[&snapshot],
        )
        .unwrap()
        .get(0);
    forge(&mut admin, &victims[1], |r| r.templates[0] = hash.clone());
    // A record missing a field it must have.
    admin
        .execute(
            "UPDATE hallcheck.inspections SET record = record - 'shift' WHERE uuid = $1",
            &[&victims[2]],
        )
        .unwrap();

    let report = run_sync(&mut b, &url, true);
    let refused: BTreeMap<&str, &str> = report
        .refused
        .iter()
        .map(|r| (r.uuid.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(refused.len(), 4, "{refused:#?}");
    assert!(
        refused[victims[0].as_str()].contains("score"),
        "{refused:#?}"
    );
    assert!(refused[hash.as_str()].contains("not taken"), "{refused:#?}");
    assert!(refused[victims[1].as_str()].contains(&hash), "{refused:#?}");
    assert!(
        refused[victims[2].as_str()].contains("shift"),
        "{refused:#?}"
    );
    for victim in &victims {
        assert!(b.inspection_id_by_uuid(victim).is_err(), "{victim} taken");
    }
    let on_server = server_inspections(&mut admin);
    assert_eq!(
        report.pulled.added.inspections,
        on_server as u64 - 3 - report.pushed.inspections
    );
    assert_verified(&b);
    // Nothing new: the next sync takes nothing and refuses nothing again.
    let again = run_sync(&mut b, &url, true);
    assert_eq!(again.counts(), (0, 0, 0), "{:?}", again.refusals());
}

/// What the server said.
fn db_message(e: &postgres::Error) -> String {
    e.as_db_error()
        .map(|db| db.message().to_owned())
        .unwrap_or_else(|| e.to_string())
}

/// `hallcheck sync` in a process of its own, stopped dead (as by a power cut) at `fault`.
fn killed_sync(db: &Path, url: &str, fault: &str) -> std::process::ExitStatus {
    std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .arg("--db")
        .arg(db)
        .args(["sync", "--all", "--url", url])
        .env("HALLCHECK_SYNC_FAULT", fault)
        .output()
        .unwrap()
        .status
}

#[test]
fn a_sync_killed_at_any_point_leaves_both_sides_whole() {
    let Some((cluster, url, dir)) = district() else {
        return;
    };
    let mut a = pc(dir.path(), "A", 61);
    let b = pc(dir.path(), "B", 62);
    let (a_path, b_path) = (a.path().to_path_buf(), b.path().to_path_buf());
    let only_b = records(&b);
    drop(b);
    let mut admin = cluster.admin("district");

    // Killed inside the push's server transaction: the server has none of it.
    let status = killed_sync(&b_path, &url, "push-before-commit");
    assert!(!status.success());
    assert_eq!(server_inspections(&mut admin), 0);
    // Killed after the push committed, before this PC noted it: all of it, sent again
    // harmlessly next time.
    let status = killed_sync(&b_path, &url, "push-after-commit");
    assert!(!status.success());
    assert_eq!(server_inspections(&mut admin), only_b.len() as i64);
    let b = Store::open(&b_path).unwrap();
    assert_eq!(records(&b), only_b);
    assert_verified(&b);
    drop(b);

    // A, killed in the middle of merging what it pulled: none of B's records here.
    let only_a = records(&a);
    drop(a);
    let status = killed_sync(&a_path, &url, "pull-merging");
    assert!(!status.success());
    a = Store::open(&a_path).unwrap();
    assert_eq!(
        records(&a),
        only_a,
        "the pull's transaction left nothing behind"
    );
    assert_verified(&a);
    drop(a);
    // Killed after the merge committed, before the cursor moved: the next pull finds it all
    // present.
    let status = killed_sync(&a_path, &url, "pull-after-commit");
    assert!(!status.success());
    a = Store::open(&a_path).unwrap();
    let mut union = only_a.clone();
    union.extend(only_b.clone());
    assert_eq!(records(&a), union);
    let report = run_sync(&mut a, &url, true);
    assert_eq!(report.pulled.added.inspections, 0);
    assert!(report.refusals().is_empty(), "{:?}", report.refusals());
    assert_eq!(records(&a), union);
    assert_verified(&a);
    let mut b = Store::open(&b_path).unwrap();
    let report = run_sync(&mut b, &url, true);
    assert!(report.refusals().is_empty(), "{:?}", report.refusals());
    assert_eq!(records(&b), union);
    assert_eq!(server_inspections(&mut admin), union.len() as i64);
}

/// The app's side: the address saved in Settings (no password in the file), 同步 on the 数据
/// screen runs on the data worker, and its outcome and time stay beside the button — a dead
/// server as a failure that says so.
#[test]
fn the_data_screen_syncs_and_keeps_the_outcome() {
    use egui::Role;
    use egui_kittest::kittest::Queryable;
    use support::ui::{Env, nav, seed_demo, type_into};

    let Some(cluster) = Cluster::start() else {
        return;
    };
    let url = server_with_schema(&cluster, "district");
    let env = Env::new();
    let seeded = records(&seed_demo(&env.db, 2, 3, 81));
    let inspections = seeded.len() as i64;
    let rectifications: usize = seeded.values().map(|(_, fixes)| fixes.len()).sum();
    let mut h = env.harness();

    nav(&mut h, "数据");
    h.get_by_role_and_label(Role::Button, "同步").scroll_to_me();
    h.run();
    assert!(h.query_by_label_contains("未设置").is_some());
    nav(&mut h, "设置");
    h.get_by_role_and_label(Role::Button, "保存服务器设置")
        .scroll_to_me();
    h.run();
    type_into(&mut h, "服务器地址", &url);
    h.get_by_role_and_label(Role::Button, "保存服务器设置")
        .click();
    h.run();
    support::ui::assert_no_error(&h);
    let store = Store::open(&env.db).unwrap();
    assert_eq!(store.sync_settings().unwrap().url, url);

    nav(&mut h, "数据");
    h.get_by_role_and_label(Role::Button, "同步").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "同步").click();
    h.run();
    h.run();
    assert!(h.query_by_label("同步完成").is_some());
    let sent = format!(
        "上传 {} 条，下载 0 条",
        inspections as usize + rectifications
    );
    // Beside the button (the last sync) and in the outcome below.
    assert_eq!(h.query_all_by_label(&sent).count(), 2, "{sent}");
    assert!(h.query_by_label_contains("· 成功").is_some());
    let mut admin = cluster.admin("district");
    let on_server = server_inspections(&mut admin);
    assert_eq!(on_server, inspections);

    // The server gone: the sync fails, says why, and the outcome stays.
    drop(cluster);
    h.get_by_role_and_label(Role::Button, "同步").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "同步").click();
    h.run();
    h.run();
    let last = store.sync_outcome().unwrap().unwrap();
    assert!(
        h.query_all_by_label_contains("cannot reach the server")
            .count()
            >= 1,
        "{last:?}"
    );
    assert!(h.query_by_label_contains("· 失败").is_some());
    // Said in the user's words, the server's own below.
    assert!(
        h.query_all_by_label_contains("连不上服务器。记录仍在本机")
            .count()
            >= 1
    );
    let last = store.sync_outcome().unwrap().unwrap();
    assert!(!last.ok);
    assert_eq!(last.problem.as_deref(), Some("unreachable"));

    // The app started again shows the last sync beside the button, in the user's words.
    drop(h);
    let mut h = env.harness();
    nav(&mut h, "数据");
    h.get_by_role_and_label(Role::Button, "同步").scroll_to_me();
    h.run();
    assert!(h.query_by_label_contains("· 失败").is_some());
    h.get_by_label_contains("连不上服务器。记录仍在本机");
    h.get_by_label_contains("cannot reach the server");
}
