//! The money rule (绩效金额) in the store's settings: a round trip through the file, a bad
//! amount refused on the way in, and a bad stored value reported on the way out (never
//! replaced by a default).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{FixedAmount, Money, MoneyRule};
use hallcheck::report::monthly_sheet;
use hallcheck::store::{Store, StoreErrorKind};

fn rule() -> MoneyRule {
    MoneyRule {
        per_point: Some(Money::from_fen(1050)),
        fixed: vec![
            FixedAmount {
                template_id: "discipline".into(),
                item_id: "on_time".into(),
                amount: Money::from_yuan(100),
            },
            FixedAmount {
                template_id: "handover".into(),
                item_id: "written_record".into(),
                amount: Money::from_fen(5),
            },
        ],
    }
}

#[test]
fn a_money_rule_survives_closing_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    {
        let store = Store::open(&db).unwrap();
        assert_eq!(store.money_rule().unwrap(), None);
        store.save_money_rule(&rule()).unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.money_rule().unwrap(), Some(rule()));
    // Only fixed amounts, no 每分金额: still a rule.
    let fixed_only = MoneyRule {
        per_point: None,
        ..rule()
    };
    store.save_money_rule(&fixed_only).unwrap();
    assert_eq!(store.money_rule().unwrap(), Some(fixed_only));
    // Nothing set: no rule.
    store.save_money_rule(&MoneyRule::default()).unwrap();
    assert_eq!(store.money_rule().unwrap(), None);
}

#[test]
fn a_bad_amount_is_refused_and_the_saved_rule_kept() {
    let store = Store::open_in_memory().unwrap();
    store.save_money_rule(&rule()).unwrap();
    for bad in [
        MoneyRule {
            per_point: Some(Money::from_fen(-1)),
            fixed: Vec::new(),
        },
        MoneyRule {
            per_point: Some(Money::from_fen(Money::MAX.fen() + 1)),
            fixed: Vec::new(),
        },
        MoneyRule {
            per_point: None,
            fixed: vec![rule().fixed[0].clone(), rule().fixed[0].clone()],
        },
    ] {
        let err = store.save_money_rule(&bad).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Invalid, "{err}");
        assert!(err.to_string().contains("绩效金额 not saved"), "{err}");
        assert_eq!(store.money_rule().unwrap(), Some(rule()));
    }
}

#[test]
fn a_bad_stored_amount_is_reported_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    let store = Store::open(&db).unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    store.save_money_rule(&rule()).unwrap();
    let outside = rusqlite::Connection::open(&db).unwrap();
    let stored = |key: &str| -> String {
        outside
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
    };
    for (key, value) in [
        ("money_per_point", "10.005"),
        ("money_per_point", "-3"),
        (
            "money_fixed",
            "[{\"template\":\"discipline\",\"item\":\"on_time\",\"yuan\":\"一百\"}]",
        ),
        ("money_fixed", "not json"),
    ] {
        store.save_money_rule(&rule()).unwrap();
        outside
            .execute(
                "UPDATE settings SET value = ?2 WHERE key = ?1",
                (key, value),
            )
            .unwrap();
        let err = store.money_rule().unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::Invalid);
        assert!(err.to_string().contains(key), "{err}");
        // The sheet that would show the amounts says so too, instead of showing none.
        let sheet =
            monthly_sheet(&store, hall, 2026, 7, support::reports::d(2026, 12, 31)).unwrap_err();
        assert!(sheet.to_string().contains(key), "{sheet}");
        // Reading left the value as it was.
        assert_eq!(stored(key), value);
    }
}
