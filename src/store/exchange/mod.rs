//! Whole records for moving data between PCs: read in the form a JSON export carries, and
//! merged back by UUID in one transaction, record by record ([`Merge`]).
//!
//! Every reference is by UUID (halls, staff, inspectors) or by content hash (template
//! snapshots), never by row id, so a record reads the same from any database. Points are
//! integers in hundredths, as stored.

mod merge;
pub(crate) mod read;

pub(crate) use read::{read_inspection, read_inspection_unloaded};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use merge::{Merge, Merged};

/// A hall as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallRecord {
    /// Stable id.
    pub uuid: String,
    /// Short code, if any.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Archived.
    pub archived: bool,
    /// When created (UTC, RFC 3339).
    pub created_at: String,
    /// When last renamed (UTC, RFC 3339), if ever: of two names given on two PCs, the later
    /// one wins. A file before this field has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_at: Option<String>,
    /// When last archived or restored (UTC, RFC 3339), if ever: of two PCs, the later
    /// change wins. A file before this field has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
}

/// A staff member as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRecord {
    /// Stable id.
    pub uuid: String,
    /// Their hall.
    pub hall_uuid: String,
    /// Name.
    pub name: String,
    /// 工号, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// No longer on the roster.
    pub archived: bool,
    /// When last taken off the roster or put back (UTC, RFC 3339), if ever: of two PCs, the
    /// later change wins. A file before this field has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
}

/// An inspector as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectorRecord {
    /// Stable id.
    pub uuid: String,
    /// Name (unique per database: an import reuses a local inspector of the same name).
    pub name: String,
}

/// A template snapshot as exchanged: the exact stored JSON and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRecord {
    /// SHA-256 (hex) of `snapshot`.
    pub hash: String,
    /// Template id.
    pub template_id: String,
    /// Template version.
    pub version: u32,
    /// Area code.
    pub area: String,
    /// The snapshot JSON exactly as stored.
    pub snapshot: String,
}

/// One area's stored score within an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRecord {
    /// Template snapshot hash.
    pub template_hash: String,
    /// Area code.
    pub area: String,
    /// Cap (hundredths).
    pub cap: i64,
    /// Cap after N/A scaling (hundredths).
    pub effective_cap: i64,
    /// Deductions before the cap (hundredths).
    pub deducted: i64,
    /// Points earned (hundredths), bonus included.
    pub earned: i64,
    /// A veto item failed.
    pub veto: bool,
}

impl AreaRecord {
    /// The part of `earned` that is bonus (加分, hundredths): what the area earned above its
    /// effective cap less its capped deductions. A file carries no bonus of its own: it
    /// follows exactly from the figures an import scores again from the answers (earned =
    /// effective cap − min(deducted, effective cap) + bonus), as schema version 10 derived it
    /// for the rows already stored.
    pub fn bonus(&self) -> i64 {
        (self.earned - (self.effective_cap - self.deducted.min(self.effective_cap))).max(0)
    }
}

/// One answer as exchanged.
///
/// The people named are `staff_uuids`, in order; `staff_uuid` repeats the first of them for
/// readers of files written before an answer could name several (`staff_uuids` is left out
/// when nobody is named). Read from a file, either alone gives both: an older file's
/// `staff_uuid` is its one person, and a file with `staff_uuids` only gets its first as
/// `staff_uuid`. A file with both keeps them as written, and an import refuses it unless
/// `staff_uuid` is the first of `staff_uuids`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ResultWire")]
pub struct ResultRecord {
    /// Template snapshot hash.
    pub template_hash: String,
    /// Item id.
    pub item_id: String,
    /// `pass`, `fail` or `na`.
    pub outcome: String,
    /// Places or person-times.
    pub count: u32,
    /// Deduction (hundredths).
    pub deduction: i64,
    /// The points per occurrence picked for a ranged item (hundredths); absent for every
    /// other answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<i64>,
    /// Reason or remark.
    pub note: String,
    /// The first staff member named.
    pub staff_uuid: Option<String>,
    /// Every staff member named, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub staff_uuids: Vec<String>,
    /// When answered (UTC).
    pub answered_at: String,
    /// A fail fixed during the walk (当场整改); left out when not.
    #[serde(default, skip_serializing_if = "is_false")]
    pub fixed_on_spot: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl ResultRecord {
    /// The people named, in order: `staff_uuids`, or `staff_uuid` alone when that is all
    /// the record has.
    pub fn people(&self) -> &[String] {
        if self.staff_uuids.is_empty() {
            self.staff_uuid.as_slice()
        } else {
            &self.staff_uuids
        }
    }
}

/// A [`ResultRecord`] as a file has it, before `staff_uuid` and `staff_uuids` fill each other.
#[derive(Deserialize)]
struct ResultWire {
    template_hash: String,
    item_id: String,
    outcome: String,
    count: u32,
    deduction: i64,
    #[serde(default)]
    rate: Option<i64>,
    note: String,
    staff_uuid: Option<String>,
    #[serde(default)]
    staff_uuids: Vec<String>,
    answered_at: String,
    #[serde(default)]
    fixed_on_spot: bool,
}

impl From<ResultWire> for ResultRecord {
    fn from(w: ResultWire) -> ResultRecord {
        let (staff_uuid, staff_uuids) = match (w.staff_uuid, w.staff_uuids) {
            (Some(one), none) if none.is_empty() => (Some(one.clone()), vec![one]),
            (None, all) => (all.first().cloned(), all),
            both => both,
        };
        ResultRecord {
            template_hash: w.template_hash,
            item_id: w.item_id,
            outcome: w.outcome,
            count: w.count,
            deduction: w.deduction,
            rate: w.rate,
            note: w.note,
            staff_uuid,
            staff_uuids,
            answered_at: w.answered_at,
            fixed_on_spot: w.fixed_on_spot,
        }
    }
}

/// A photo as exchanged, bytes included (base64 in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRecord {
    /// Stable id.
    pub uuid: String,
    /// Template snapshot hash.
    pub template_hash: String,
    /// Item id.
    pub item_id: String,
    /// Original file name.
    pub file_name: String,
    /// MIME type.
    pub mime: String,
    /// SHA-256 (hex) of the bytes.
    pub sha256: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// When added (UTC).
    pub created_at: String,
    /// The image bytes.
    #[serde(with = "base64_bytes")]
    pub data: Vec<u8>,
    /// A draft's after-photo of its fail fixed on the spot (当场整改后); left out when not,
    /// and so always on a submitted inspection, where such a photo travels with its
    /// rectification's `fix_on_spot` move.
    #[serde(default, skip_serializing_if = "is_false")]
    pub after_fix: bool,
}

/// A rectification (整改) as exchanged, with its history.
///
/// Files of export version 2 and before carry only the first eight fields (status `open`
/// or `done`, no history); an import fills in the rest: opened when the inspection was
/// submitted, due 3 days after its day, and a history of its opening (and close).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationRecord {
    /// Stable id.
    pub uuid: String,
    /// Template snapshot hash.
    pub template_hash: String,
    /// Item id.
    pub item_id: String,
    /// Who fixes it (责任人); empty: the hall manager.
    pub owner: String,
    /// Deadline day.
    pub due_on: Option<String>,
    /// `open` (待整改), `done` (已整改) or `accepted` (已验收).
    pub status: String,
    /// When it was last reported fixed (UTC), while it is.
    pub closed_at: Option<String>,
    /// What was done, as the last close said.
    pub note: String,
    /// When it was opened (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The local day of `closed_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    /// When it was accepted (UTC), once it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<String>,
    /// The earlier rectification it repeats (重复问题), by UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<String>,
    /// Every move, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<RectificationEventRecord>,
}

/// One move of a rectification as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationEventRecord {
    /// Stable id.
    pub uuid: String,
    /// The move: `open`, `fix_on_spot`, `close`, `accept`, `return`, `reschedule` or
    /// `reassign`.
    pub action: String,
    /// The state before (none for the opening).
    pub from: Option<String>,
    /// The state after.
    pub to: String,
    /// Who made it.
    pub by: String,
    /// When (UTC).
    pub at: String,
    /// The local offset then, minutes east of UTC.
    pub utc_offset_min: i32,
    /// Its note (what was done, the reason of a return, the change).
    pub note: String,
    /// The photos that came with it (after-photos of a close).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<AttachmentRecord>,
}

/// The sign-off of a submitted inspection as exchanged (format version 3 on; absent before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffRecord {
    /// Role code (`hall_manager`).
    pub role: String,
    /// The signer's name.
    pub name: String,
    /// The signature drawn, in the text form of [`crate::domain::Strokes`] (empty: a typed
    /// name alone).
    pub strokes: String,
    /// When signed (UTC, RFC 3339).
    pub signed_at: String,
    /// The local offset when signed, minutes east of UTC.
    pub utc_offset_min: i32,
}

/// An amendment as exchanged: who, when, why, each answer before → after, the score and
/// rating before → after (points in hundredths, ratings by code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentRecord {
    /// Stable id.
    pub uuid: String,
    /// 1 for the first amendment of the inspection, and so on.
    pub seq: u32,
    /// When (UTC).
    pub at: String,
    /// The local offset, minutes east of UTC.
    pub utc_offset_min: i32,
    /// Who.
    pub by: String,
    /// Why.
    pub reason: String,
    /// The answers changed.
    pub changes: Vec<crate::domain::AnswerChange>,
    /// Score before and after (hundredths).
    pub score: (i64, i64),
    /// Rating before and after (codes).
    pub rating: (String, String),
}

impl AmendmentRecord {
    /// The record of an amendment.
    pub fn of(a: &crate::domain::Amendment) -> AmendmentRecord {
        AmendmentRecord {
            uuid: a.uuid.clone(),
            seq: a.seq,
            at: a.at.clone(),
            utc_offset_min: a.utc_offset_min,
            by: a.by.clone(),
            reason: a.reason.clone(),
            changes: a.changes.clone(),
            score: (a.score.0.hundredths(), a.score.1.hundredths()),
            rating: (a.rating.0.code().to_owned(), a.rating.1.code().to_owned()),
        }
    }
}

/// A whole inspection as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionRecord {
    /// Stable id.
    pub uuid: String,
    /// Hall.
    pub hall_uuid: String,
    /// Inspector.
    pub inspector_uuid: String,
    /// Local calendar day.
    pub inspected_on: NaiveDate,
    /// Shift code.
    pub shift: String,
    /// Kind code (`self_check`, `supervision`, `unannounced`, `third_party`); a file written
    /// before inspections had kinds has none, and each of its inspections is a `self_check`.
    #[serde(default = "self_check")]
    pub kind: String,
    /// Start (UTC, RFC 3339).
    pub started_at: String,
    /// Local offset at the start, minutes east of UTC.
    pub utc_offset_min: i32,
    /// Submit instant (UTC), once submitted.
    pub submitted_at: Option<String>,
    /// `draft` or `submitted`.
    pub status: String,
    /// Score out of 100 (hundredths).
    pub score: Option<i64>,
    /// Points earned (hundredths).
    pub earned: Option<i64>,
    /// Points possible (hundredths).
    pub possible: Option<i64>,
    /// Rating code.
    pub rating: Option<String>,
    /// A veto item failed.
    pub veto: bool,
    /// Template ids, space-separated.
    pub template_ids: String,
    /// The inspection's note.
    pub note: String,
    /// Template snapshot hashes in walking order.
    pub templates: Vec<String>,
    /// Stored area scores (submitted inspections).
    pub areas: Vec<AreaRecord>,
    /// Answers, in template order then item id.
    pub results: Vec<ResultRecord>,
    /// The answers' photos (after-photos of rectifications travel with their close).
    pub attachments: Vec<AttachmentRecord>,
    /// Rectifications, by UUID.
    pub rectifications: Vec<RectificationRecord>,
    /// The hall manager's sign-off, once given; a file before format version 3 has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off: Option<SignOffRecord>,
    /// The amendments (更正) made to it after submit, oldest first; a file before them has
    /// none. The answers above are the amended ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentRecord>,
    /// The content hash the exporting database sealed this inspection with (see
    /// [`crate::store::chain`]): an import recomputes it and refuses a record changed since,
    /// in the file or in the database it came from. A draft and a file before this field have
    /// none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

/// The kind of an inspection in a file that names none.
fn self_check() -> String {
    crate::domain::InspectionKind::SelfCheck.code().to_owned()
}

/// An audit log entry as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When (UTC).
    pub at: String,
    /// What was done.
    pub action: String,
    /// To what kind of record.
    pub entity: String,
    /// Which record.
    pub entity_uuid: String,
    /// Detail.
    pub detail: String,
}

/// Everything an export carries besides the inspections themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeContext {
    /// Halls of the inspections.
    pub halls: Vec<HallRecord>,
    /// Their staff.
    pub staff: Vec<StaffRecord>,
    /// The inspectors.
    pub inspectors: Vec<InspectorRecord>,
    /// The template snapshots used.
    pub templates: Vec<TemplateRecord>,
    /// Audit entries about the halls and inspections.
    pub audit: Vec<AuditRecord>,
}

/// How many records of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeCounts {
    /// Halls.
    pub halls: u64,
    /// Staff.
    pub staff: u64,
    /// Inspectors.
    pub inspectors: u64,
    /// Template snapshots.
    pub templates: u64,
    /// Inspections.
    pub inspections: u64,
    /// Photos (inside added inspections).
    pub photos: u64,
    /// Rectifications: new ones, and those whose history moved on (inside added or present
    /// inspections).
    pub rectifications: u64,
    /// Audit entries.
    pub audit: u64,
}

/// A record an import did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Kind of record.
    pub entity: String,
    /// Its UUID.
    pub uuid: String,
    /// Why.
    pub reason: String,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// New records written.
    pub added: MergeCounts,
    /// Records that were already here, identical.
    pub present: MergeCounts,
    /// Inspections here that took amendments made elsewhere (counted present as well).
    pub amended: u64,
    /// Halls here renamed to the later name of two (counted present as well).
    pub renamed: u64,
    /// Records not taken (the local copy was kept).
    pub rejected: Vec<Rejected>,
    /// Notes such as a hall code that had to change.
    pub notes: Vec<String>,
    /// The last entry of the database's chain when the merge began.
    #[serde(skip)]
    pub chain_before: i64,
    /// The last entry of the chain after the merge sealed what it added.
    #[serde(skip)]
    pub chain_after: i64,
}

/// Serde helper: bytes as standard base64 text.
pub mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes bytes as base64.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    /// Reads base64 into bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("not valid base64: {e}")))
    }
}
