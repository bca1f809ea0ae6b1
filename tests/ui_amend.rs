//! Amending a submitted inspection in the app: 更正… on its detail view, an answer changed,
//! who and why given, saved; the inspection shows 已修改 and its amendment history, and the
//! store holds the amended score.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::Role;
use egui_kittest::kittest::Queryable;
use hallcheck::domain::Outcome;
use hallcheck::store::Store;
use support::ui::{Env, TODAY, assert_no_error, submitted_hygiene, type_into};

#[test]
fn amend_a_submitted_inspection_and_see_its_history() {
    let env = Env::new();
    let store = Store::open(&env.db).unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap();
    let yesterday = TODAY.pred_opt().unwrap();
    // 设有禁烟标志 (item 6) failed: 14 of 15.
    let id = submitted_hygiene(&store, hall.id, yesterday, &[5]);
    assert_eq!(
        store
            .inspection_header(id)
            .unwrap()
            .score
            .unwrap()
            .to_string(),
        "93.33"
    );

    let mut h = env.harness();
    h.run();
    h.get_by_label("93.33").click();
    h.run();
    assert_eq!(h.state().open_inspection_id(), Some(id));
    assert!(h.query_by_label_contains("已修改").is_none());
    h.get_by_role_and_label(Role::Button, "更正…").click();
    h.run();
    // Nothing changed yet: saving is not offered.
    h.get_by_label("尚未改动任何检查项");
    // Row 6 of 7: its 符合.
    let passes: Vec<_> = h.get_all_by_label("符合").collect();
    assert_eq!(passes.len(), 7);
    passes[5].click();
    h.run();
    type_into(&mut h, "修改人", "王主任");
    type_into(&mut h, "修改原因", "复核：禁烟标志贴在门口，检查时未看到");
    // Back to the list and in again: what was typed is still there, ready to save.
    h.get_by_role_and_label(Role::Button, "← 返回").click();
    h.run();
    assert_eq!(h.state().open_inspection_id(), None);
    h.get_by_label("93.33").click();
    h.run();
    assert_eq!(h.state().open_inspection_id(), Some(id));
    h.get_by_role_and_label(Role::Button, "保存更正").click();
    h.run();
    assert_no_error(&h);

    let header = store.inspection_header(id).unwrap();
    assert_eq!(header.score.unwrap().to_string(), "100");
    assert_eq!(header.amendments, 1);
    let amendments = store.amendments(id).unwrap();
    assert_eq!(amendments[0].by, "王主任");
    assert_eq!(amendments[0].changes[0].before.outcome, Outcome::Fail);
    assert_eq!(amendments[0].changes[0].after.outcome, Outcome::Pass);

    // The reopened detail: 已修改, the history with who, why and before → after.
    assert_eq!(h.state().open_inspection_id(), Some(id));
    h.get_by_label("已修改（1）");
    h.get_by_label_contains("修改记录");
    h.get_by_label_contains("王主任：复核：禁烟标志贴在门口");
    h.get_by_label_contains("得分 93.33 → 100");
    h.get_by_label_contains("→ 符合");
    assert!(
        h.query_by_role_and_label(Role::Button, "保存更正")
            .is_none()
    );
}
