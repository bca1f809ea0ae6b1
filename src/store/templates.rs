//! Template snapshots: the exact checklist each inspection was taken with, stored once per
//! content and parsed once per connection.

use std::sync::Arc;

use crate::domain::{Area, Template};
use crate::store::{Result, Store, StoreError, optional};

impl Store {
    /// The row of this exact template content, stored on first use. Inspections point at
    /// these rows, so a later edit of the template file never changes a past score.
    pub fn ensure_template(&self, template: &Template) -> Result<i64> {
        self.named(|| {
            let hash = template.content_hash();
            if let Some(id) = optional(self.conn.query_row(
                "SELECT id FROM templates WHERE hash = ?1",
                [&hash],
                |r| r.get(0),
            ))? {
                return Ok(id);
            }
            self.conn.execute(
                "INSERT INTO templates (template_id, version, area, hash, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
                (
                    &template.id,
                    template.version,
                    template.area.code(),
                    &hash,
                    template.snapshot_json(),
                ),
            )?;
            Ok(self.conn.last_insert_rowid())
        })
    }

    /// The areas of the score sheet: the eight built-in ones, then every area a stored
    /// template declares (see [`crate::domain::Area`]), in sheet order. Reading a snapshot
    /// registers its area, so reports that read an area's code can name it; a snapshot that
    /// does not read is skipped here and reported where it is used.
    pub fn areas(&self) -> Result<Vec<Area>> {
        self.named(|| {
            let builtin: Vec<String> = Area::BUILTIN
                .iter()
                .map(|a| format!("'{}'", a.code()))
                .collect();
            let mut stmt = self.conn.prepare(&format!(
                "SELECT snapshot FROM templates WHERE area NOT IN ({})",
                builtin.join(", ")
            ))?;
            let mut rows = stmt.query([])?;
            let mut areas = Area::BUILTIN.to_vec();
            while let Some(row) = rows.next()? {
                let json: String = row.get(0)?;
                if let Ok(template) = serde_json::from_str::<Template>(&json) {
                    areas.push(template.area);
                }
            }
            areas.sort();
            areas.dedup();
            Ok(areas)
        })
    }

    /// The template snapshot of a row, parsed once per content for the life of this
    /// connection (a snapshot never changes once written). The cache is keyed by the content
    /// hash, not the row: a restore through another connection gives rows new contents.
    pub fn template_snapshot(&self, row: i64) -> Result<Arc<Template>> {
        self.named(|| {
            let hash: String = optional(
                self.conn
                    .prepare_cached("SELECT hash FROM templates WHERE id = ?1")?
                    .query_row([row], |r| r.get(0)),
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no template snapshot {row}")))?;
            if let Some(template) = self.snapshots.borrow().get(&hash) {
                return Ok(Arc::clone(template));
            }
            let json: String = self
                .conn
                .prepare_cached("SELECT snapshot FROM templates WHERE id = ?1")?
                .query_row([row], |r| r.get(0))?;
            let template: Arc<Template> = Arc::new(serde_json::from_str(&json).map_err(|e| {
                StoreError::Invalid(format!(
                    "{}: template snapshot {row} is unreadable: {e}",
                    self.path.display()
                ))
            })?);
            self.snapshots
                .borrow_mut()
                .insert(hash, Arc::clone(&template));
            Ok(template)
        })
    }
}
