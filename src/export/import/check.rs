//! The checks an import makes of each record before it is merged: every field against its
//! domain ([`super::fields`]), every reference against the records the file carried before it,
//! every checklist snapshot against the rules of a template file, and every submitted
//! inspection scored again from its own answers and snapshots ([`super::score`]).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::checklist::check_snapshot;
use crate::domain::{
    Answer, COUNT_MAX, InspectionKind, Item, Outcome, Points, Shift, Status, Template,
};
use crate::export::import::fields::{
    At, OFFSETS_MIN, Refusal, day, instant, note, photo_fields, rectification_fields, refuse,
    sha256_hex, sign_off_fields, text, uuid,
};
use crate::export::import::score::{scored, unscored};
use crate::store::{
    AuditRecord, HallRecord, InspectionRecord, InspectorRecord, ResultRecord, StaffRecord,
    TemplateRecord,
};

/// Where the file's halls, staff or inspectors are kept: by UUID, with their place in their
/// list.
type Kept<T> = HashMap<String, (u64, T)>;

/// A hall, staff member or inspector: what other records refer to by its UUID.
pub(super) trait Context: PartialEq + Sized {
    /// Its UUID.
    fn uuid(&self) -> &str;
    /// Checks its own fields (after its UUID), against what the file carried before it.
    fn check(&self, known: &Known) -> Result<(), Refusal>;
    /// Where records of its kind are kept, and the name of their list.
    fn kept(known: &mut Known) -> (&mut Kept<Self>, &'static str);
}

macro_rules! context {
    ($($record:ty: $field:ident by $check:ident;)*) => {$(
        impl Context for $record {
            fn uuid(&self) -> &str {
                &self.uuid
            }
            fn check(&self, known: &Known) -> Result<(), Refusal> {
                $check(self, known)
            }
            fn kept(known: &mut Known) -> (&mut Kept<Self>, &'static str) {
                (&mut known.$field, stringify!($field))
            }
        }
    )*};
}

context! {
    HallRecord: halls by hall_fields;
    StaffRecord: staff by staff_fields;
    InspectorRecord: inspectors by inspector_fields;
}

fn hall_fields(hall: &HallRecord, _: &Known) -> Result<(), Refusal> {
    text("name", &hall.name, true)?;
    if let Some(code) = &hall.code {
        text("code", code, true)?;
    }
    instant("created_at", &hall.created_at)?;
    match &hall.renamed_at {
        Some(at) => instant("renamed_at", at),
        None => Ok(()),
    }
}

fn staff_fields(person: &StaffRecord, known: &Known) -> Result<(), Refusal> {
    if !known.halls.contains_key(&person.hall_uuid) {
        return Err(refuse(
            "hall_uuid",
            format!("hall `{}` is not in the file", person.hall_uuid),
        ));
    }
    if let Some(code) = &person.code {
        text("code", code, true)?;
    }
    text("name", &person.name, true)
}

fn inspector_fields(inspector: &InspectorRecord, _: &Known) -> Result<(), Refusal> {
    text("name", &inspector.name, true)
}

/// What the file has carried so far that later records refer to.
#[derive(Debug, Default)]
pub(super) struct Known {
    halls: Kept<HallRecord>,
    staff: Kept<StaffRecord>,
    inspectors: Kept<InspectorRecord>,
    /// Checked snapshots by content hash.
    templates: HashMap<String, Template>,
}

impl Known {
    /// Checks a hall, staff member or inspector and keeps the first of each UUID: `Some` the
    /// record when it is new, `None` for an identical repeat, a refusal naming both places for
    /// a different one.
    pub(super) fn admit<T: Context>(
        &mut self,
        position: u64,
        record: T,
    ) -> Result<Option<&T>, Refusal> {
        uuid("uuid", record.uuid())?;
        record.check(self)?;
        let key = record.uuid().to_owned();
        let (kept, list) = T::kept(self);
        match kept.entry(key) {
            Entry::Occupied(first) if first.get().1 == record => Ok(None),
            Entry::Occupied(first) => Err(refuse(
                "",
                format!(
                    "duplicate UUID `{}` with different content (first at {list}[{}])",
                    first.key(),
                    first.get().0
                ),
            )),
            Entry::Vacant(slot) => Ok(Some(&slot.insert((position, record)).1)),
        }
    }

    /// Checks a template snapshot: its hash, the rules of a template file, and that its id,
    /// version and area are the snapshot's. `true` when new to the file (a repeat of a hash is
    /// the same content).
    pub(super) fn template(&mut self, record: &TemplateRecord) -> Result<bool, Refusal> {
        let actual = sha256_hex(record.snapshot.as_bytes());
        if actual != record.hash {
            return Err(refuse(
                "hash",
                format!(
                    "the snapshot's SHA-256 is {actual}, not {} (the file was changed or damaged)",
                    record.hash
                ),
            ));
        }
        // A snapshot met before is the same content (the same hash): read it once.
        let parsed = if self.templates.contains_key(&record.hash) {
            None
        } else {
            Some(
                check_snapshot(&record.snapshot)
                    .map_err(|problems| refuse("snapshot", problems.join("; ")))?,
            )
        };
        let Some(template) = parsed.as_ref().or(self.templates.get(&record.hash)) else {
            return Err(refuse("snapshot", "not a checklist snapshot"));
        };
        if template.id != record.template_id
            || template.version != record.version
            || template.area.code() != record.area
        {
            return Err(refuse(
                "",
                "template_id, version or area differ from the snapshot",
            ));
        }
        match parsed {
            Some(template) => {
                self.templates.insert(record.hash.clone(), template);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Checks a whole inspection against its domain, the file's records and — once submitted —
    /// its own answers scored again.
    pub(super) fn inspection(&self, r: &InspectionRecord) -> Result<(), Refusal> {
        uuid("uuid", &r.uuid)?;
        if !self.halls.contains_key(&r.hall_uuid) {
            return Err(refuse(
                "hall_uuid",
                format!("hall `{}` is not in the file", r.hall_uuid),
            ));
        }
        if !self.inspectors.contains_key(&r.inspector_uuid) {
            return Err(refuse(
                "inspector_uuid",
                format!("inspector `{}` is not in the file", r.inspector_uuid),
            ));
        }
        day("inspected_on", r.inspected_on)?;
        if Shift::from_code(&r.shift).is_none() {
            return Err(refuse("shift", format!("unknown shift `{}`", r.shift)));
        }
        if InspectionKind::from_code(&r.kind).is_none() {
            let codes: Vec<&str> = InspectionKind::ALL.iter().map(|k| k.code()).collect();
            return Err(refuse(
                "kind",
                format!(
                    "unknown kind `{}` (the kinds are {})",
                    r.kind,
                    codes.join(", ")
                ),
            ));
        }
        instant("started_at", &r.started_at)?;
        if !OFFSETS_MIN.contains(&r.utc_offset_min) {
            return Err(refuse(
                "utc_offset_min",
                format!(
                    "{} minutes is not an offset from UTC (−720 to +840)",
                    r.utc_offset_min
                ),
            ));
        }
        let status = Status::from_code(&r.status)
            .ok_or_else(|| refuse("status", format!("unknown status `{}`", r.status)))?;
        note("note", &r.note)?;
        let templates = self.checklists(r)?;
        let answers = self.answers(r, &templates)?;
        attached(
            r,
            &templates,
            ("attachments", "photo"),
            &r.attachments,
            |p| (&p.uuid, &p.template_hash, &p.item_id),
            photo_fields,
        )?;
        attached(
            r,
            &templates,
            ("rectifications", "rectification"),
            &r.rectifications,
            |f| (&f.uuid, &f.template_hash, &f.item_id),
            rectification_fields,
        )?;
        rectifications_fit(r, status)?;
        if let Some(sign_off) = &r.sign_off {
            if status == Status::Draft {
                return Err(refuse(
                    "sign_off",
                    "a draft carries no sign-off: an inspection is signed once it is submitted",
                ));
            }
            sign_off_fields(sign_off)?;
        }
        match status {
            Status::Draft => unscored(r)?,
            Status::Submitted => scored(r, &templates, &answers)?,
        }
        amendments_fit(r, status)?;
        // Last, so a record the checks above refuse is named for what is wrong with it; the
        // seal catches what they cannot see (a reason, a name, a day changed).
        if let Some(seal) = &r.seal {
            if status == Status::Draft {
                return Err(refuse("seal", "a draft is not sealed"));
            }
            if *seal != crate::store::chain::inspection_hash(r) {
                return Err(refuse(
                    "seal",
                    "the inspection does not match its seal: it was changed after it was sealed, in the file or in the database it came from",
                ));
            }
        }
        Ok(())
    }

    /// The inspection's checklists in walking order, each once, matching `template_ids`.
    fn checklists<'t>(&'t self, r: &InspectionRecord) -> Result<Vec<&'t Template>, Refusal> {
        if r.templates.is_empty() {
            return Err(refuse(
                "templates",
                "an inspection uses at least one checklist",
            ));
        }
        let mut templates: Vec<&Template> = Vec::with_capacity(r.templates.len());
        for (k, hash) in r.templates.iter().enumerate() {
            let template = self.templates.get(hash).ok_or_else(|| {
                refuse(
                    format!("templates[{k}]"),
                    format!("template snapshot `{hash}` is not in the file"),
                )
            })?;
            if templates.iter().any(|t| t.id == template.id) {
                return Err(refuse(
                    format!("templates[{k}]"),
                    format!("checklist `{}` is used twice", template.id),
                ));
            }
            templates.push(template);
        }
        let ids: Vec<&str> = templates.iter().map(|t| t.id.as_str()).collect();
        let ids = ids.join(" ");
        if r.template_ids != ids {
            return Err(refuse(
                "template_ids",
                format!(
                    "`{}` does not name the inspection's checklists `{ids}`",
                    r.template_ids
                ),
            ));
        }
        Ok(templates)
    }

    /// The answers, each to an item of its checklist, once, with the deduction its item and
    /// count give.
    fn answers(
        &self,
        r: &InspectionRecord,
        templates: &[&Template],
    ) -> Result<Vec<Answer>, Refusal> {
        let mut answers = Vec::with_capacity(r.results.len());
        let mut answered = HashSet::new();
        for (k, result) in r.results.iter().enumerate() {
            let at = |field: &str| format!("results[{k}].{field}");
            let template = own(r, templates, &result.template_hash).ok_or_else(|| {
                refuse(
                    at("template_hash"),
                    "not one of the inspection's checklists",
                )
            })?;
            let item = template.item(&result.item_id).ok_or_else(|| {
                refuse(
                    at("item_id"),
                    format!(
                        "checklist `{}` has no item `{}`",
                        template.id, result.item_id
                    ),
                )
            })?;
            if !answered.insert((template.id.as_str(), result.item_id.as_str())) {
                return Err(refuse(
                    at("item_id"),
                    format!("item `{}` is answered twice", result.item_id),
                ));
            }
            let outcome = Outcome::from_code(&result.outcome).ok_or_else(|| {
                refuse(
                    at("outcome"),
                    format!("unknown outcome `{}`", result.outcome),
                )
            })?;
            if !(1..=COUNT_MAX).contains(&result.count) {
                return Err(refuse(
                    at("count"),
                    format!("{} is not a count from 1 to {COUNT_MAX}", result.count),
                ));
            }
            let rate = rate_of(item, outcome, result.rate)
                .map_err(|message| refuse(at("rate"), message))?;
            let deduction = item.deduction_for(outcome, result.count, rate);
            if result.deduction != deduction.hundredths() {
                return Err(refuse(
                    at("deduction"),
                    format!(
                        "item `{}` deducts {deduction} for this answer, not {}",
                        item.id,
                        Points::from_hundredths(result.deduction)
                    ),
                ));
            }
            note(&at("note"), &result.note)?;
            self.people(r, result, &at)?;
            instant(&at("answered_at"), &result.answered_at)?;
            answers.push(Answer {
                template_id: template.id.clone(),
                item_id: result.item_id.clone(),
                outcome,
                count: result.count,
                rate,
            });
        }
        Ok(answers)
    }
}

impl Known {
    /// The people an answer names: `staff_uuid` the first of `staff_uuids` when it has both,
    /// each person in the file, of the inspection's hall and named once, and no more people
    /// than the answer's person-times.
    fn people(
        &self,
        r: &InspectionRecord,
        result: &ResultRecord,
        at: At<'_>,
    ) -> Result<(), Refusal> {
        if let (Some(first), Some(listed)) = (&result.staff_uuid, result.staff_uuids.first())
            && first != listed
        {
            return Err(refuse(
                at("staff_uuid"),
                format!("staff member `{first}` is not the first of staff_uuids (`{listed}`)"),
            ));
        }
        let people = result.people();
        for (j, staff) in people.iter().enumerate() {
            let field = if result.staff_uuids.is_empty() {
                at("staff_uuid")
            } else {
                at(&format!("staff_uuids[{j}]"))
            };
            if people[..j].contains(staff) {
                return Err(refuse(
                    field,
                    format!("staff member `{staff}` is named twice"),
                ));
            }
            match self.staff.get(staff) {
                None => {
                    return Err(refuse(
                        field,
                        format!("staff member `{staff}` is not in the file"),
                    ));
                }
                Some((_, person)) if person.hall_uuid != r.hall_uuid => {
                    return Err(refuse(
                        field,
                        format!(
                            "staff member `{staff}` works at hall `{}`, not at the inspection's hall `{}`",
                            person.hall_uuid, r.hall_uuid
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        if people.len() > result.count as usize {
            return Err(refuse(
                at("count"),
                format!(
                    "{} people are named but the count is {}",
                    people.len(),
                    result.count
                ),
            ));
        }
        Ok(())
    }
}

/// The rate an answer records (hundredths) checked against its item: present, and within the
/// range, exactly for a ranged item's scored outcome (不符合, or 加分 for a bonus item); absent
/// for every other answer. A bonus item never fails.
fn rate_of(item: &Item, outcome: Outcome, rate: Option<i64>) -> Result<Option<Points>, String> {
    if item.bonus && outcome == Outcome::Fail {
        return Err(format!(
            "item `{}` is a bonus item: it is answered pass (bonus earned) or na (no bonus), never fail",
            item.id
        ));
    }
    let rate = rate.map(Points::from_hundredths);
    match (item.rate_range(), rate) {
        (Some((min, max)), Some(r)) if outcome == item.scored_outcome() => {
            if r < min || r > max {
                Err(format!(
                    "item `{}` deducts {min} to {max} per occurrence, not {r}",
                    item.id
                ))
            } else {
                Ok(Some(r))
            }
        }
        (Some((min, max)), None) if outcome == item.scored_outcome() => Err(format!(
            "item `{}` deducts {min} to {max} per occurrence: the answer records the points picked",
            item.id
        )),
        (_, Some(r)) => Err(format!(
            "item `{}` records no picked rate for this answer, not {r}",
            item.id
        )),
        (_, None) => Ok(None),
    }
}

/// The inspection's checklist with this snapshot hash.
fn own<'t>(r: &InspectionRecord, templates: &[&'t Template], hash: &str) -> Option<&'t Template> {
    r.templates
        .iter()
        .position(|h| h == hash)
        .and_then(|k| templates.get(k).copied())
}

/// The item of one of the inspection's checklists a photo or rectification is about.
fn item_of(
    r: &InspectionRecord,
    templates: &[&Template],
    at: At<'_>,
    hash: &str,
    item_id: &str,
) -> Result<(), Refusal> {
    let template = own(r, templates, hash).ok_or_else(|| {
        refuse(
            at("template_hash"),
            "not one of the inspection's checklists",
        )
    })?;
    match template.item(item_id) {
        Some(_) => Ok(()),
        None => Err(refuse(
            at("item_id"),
            format!("checklist `{}` has no item `{item_id}`", template.id),
        )),
    }
}

/// Photos or rectifications: each well formed, once by UUID, about an item of one of the
/// inspection's checklists. `keys` gives a record's UUID, snapshot hash and item.
fn attached<T>(
    r: &InspectionRecord,
    templates: &[&Template],
    (list, what): (&str, &str),
    records: &[T],
    keys: fn(&T) -> (&str, &str, &str),
    fields: fn(&T, At<'_>) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    let mut uuids = HashSet::new();
    for (k, record) in records.iter().enumerate() {
        let at = |field: &str| format!("{list}[{k}].{field}");
        fields(record, &at)?;
        let (uuid, hash, item) = keys(record);
        if !uuids.insert(uuid) {
            return Err(refuse(at("uuid"), format!("{what} `{uuid}` appears twice")));
        }
        item_of(r, templates, &at, hash, item)?;
    }
    Ok(())
}

/// The rectifications of an inspection: only once it is submitted, each about a failed
/// answer, one per item, and every move and after-photo with a UUID of its own (answer photos
/// included).
fn rectifications_fit(r: &InspectionRecord, status: Status) -> Result<(), Refusal> {
    if status == Status::Draft && !r.rectifications.is_empty() {
        return Err(refuse(
            "rectifications",
            "a draft has no rectifications (they open when it is submitted)",
        ));
    }
    // A fix on the spot's after-photo is marked only while its inspection is a draft: on
    // submit it goes with the fix (a move's photo) or becomes a photo of its answer.
    if status == Status::Submitted
        && let Some(n) = r.attachments.iter().position(|p| p.after_fix)
    {
        return Err(refuse(
            format!("attachments[{n}].after_fix"),
            "a submitted inspection has no photo waiting for a fix on the spot",
        ));
    }
    let mut items = HashSet::new();
    let mut uuids: HashSet<&str> = r.attachments.iter().map(|p| p.uuid.as_str()).collect();
    for (k, fix) in r.rectifications.iter().enumerate() {
        let at = |field: &str| format!("rectifications[{k}].{field}");
        let failed = r.results.iter().any(|a| {
            a.template_hash == fix.template_hash && a.item_id == fix.item_id && a.outcome == "fail"
        });
        if !failed {
            return Err(refuse(
                at("item_id"),
                format!("item `{}` has no failed answer to rectify", fix.item_id),
            ));
        }
        if !items.insert((fix.template_hash.as_str(), fix.item_id.as_str())) {
            return Err(refuse(
                at("item_id"),
                format!("item `{}` has a rectification already", fix.item_id),
            ));
        }
        for (n, event) in fix.events.iter().enumerate() {
            if event.photos.iter().any(|p| p.after_fix) {
                return Err(refuse(
                    at(&format!("events[{n}].photos")),
                    "a move's photo is not marked as waiting for a fix on the spot",
                ));
            }
            let photos = event.photos.iter().map(|p| p.uuid.as_str());
            for uuid in std::iter::once(event.uuid.as_str()).chain(photos) {
                if !uuids.insert(uuid) {
                    return Err(refuse(
                        at(&format!("events[{n}]")),
                        format!("`{uuid}` appears twice in the inspection"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Checks an audit entry.
pub(super) fn audit(entry: &AuditRecord) -> Result<(), Refusal> {
    instant("at", &entry.at)?;
    text("action", &entry.action, true)?;
    text("entity", &entry.entity, true)?;
    if !entry.entity_uuid.is_empty() {
        uuid("entity_uuid", &entry.entity_uuid)?;
    }
    text("detail", &entry.detail, false)
}

/// An inspection's amendments: only on a submitted one, numbered 1, 2, … in order, each
/// with its UUID, instant, author and reason, and the last one's score and rating the
/// inspection's own.
fn amendments_fit(r: &InspectionRecord, status: Status) -> Result<(), Refusal> {
    if r.amendments.is_empty() {
        return Ok(());
    }
    if status == Status::Draft {
        return Err(refuse(
            "amendments",
            "a draft has no amendments: its answers change in the walk",
        ));
    }
    for (n, a) in r.amendments.iter().enumerate() {
        let at = |field: &str| format!("amendments[{n}].{field}");
        uuid(&at("uuid"), &a.uuid)?;
        instant(&at("at"), &a.at)?;
        if a.seq as usize != n + 1 {
            return Err(refuse(
                at("seq"),
                format!("amendment {} stands at place {}", a.seq, n + 1),
            ));
        }
        crate::domain::check_author_and_reason(&a.by, &a.reason)
            .map_err(|e| refuse(at("by"), e.to_string()))?;
        if a.changes.is_empty() {
            return Err(refuse(
                at("changes"),
                "an amendment changes at least one answer",
            ));
        }
        for code in [&a.rating.0, &a.rating.1] {
            if crate::domain::Rating::from_code(code).is_none() {
                return Err(refuse(at("rating"), format!("`{code}` is no rating")));
            }
        }
    }
    if let Some(last) = r.amendments.last()
        && (Some(last.score.1) != r.score || Some(&last.rating.1) != r.rating.as_ref())
    {
        return Err(refuse(
            "amendments",
            "the last amendment's score and rating are not the inspection's",
        ));
    }
    Ok(())
}
