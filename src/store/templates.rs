use crate::domain::Template;
use crate::store::{Result, Store, StoreError, optional};

impl Store {
    /// The row of this exact template content, stored on first use. Inspections point at
    /// these rows, so a later edit of the template file never changes a past score.
    pub fn ensure_template(&self, template: &Template) -> Result<i64> {
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
    }

    /// The template snapshot of a row.
    pub fn template_snapshot(&self, row: i64) -> Result<Template> {
        let json: String = optional(self.conn.query_row(
            "SELECT snapshot FROM templates WHERE id = ?1",
            [row],
            |r| r.get(0),
        ))?
        .ok_or_else(|| StoreError::NotFound(format!("no template snapshot {row}")))?;
        serde_json::from_str(&json).map_err(|e| {
            StoreError::Invalid(format!(
                "{}: template snapshot {row} is unreadable: {e}",
                self.path.display()
            ))
        })
    }
}
