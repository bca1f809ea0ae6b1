//! Halls, their staff and the inspectors: add, rename, archive, list.

use rusqlite::Row;

use crate::store::{Result, Store, StoreError, new_uuid, now_utc, optional};

/// A service hall (营业厅).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hall {
    /// Row id.
    pub id: i64,
    /// Stable id across PCs.
    pub uuid: String,
    /// Short code such as `YT01`, if given.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Archived halls are hidden from new inspections but keep their history.
    pub archived: bool,
}

impl Hall {
    /// The code, or the id when there is none: what `--hall` accepts.
    pub fn key(&self) -> String {
        self.code.clone().unwrap_or_else(|| self.id.to_string())
    }
}

/// A staff member of a hall, for per-person deductions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// Hall.
    pub hall_id: i64,
    /// Name.
    pub name: String,
    /// 工号 (employee number), if given.
    pub code: Option<String>,
    /// No longer on the roster.
    pub archived: bool,
}

/// Someone who inspects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspector {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// Name.
    pub name: String,
}

pub(super) fn hall_from_row(r: &Row) -> rusqlite::Result<Hall> {
    Ok(Hall {
        id: r.get(0)?,
        uuid: r.get(1)?,
        code: r.get(2)?,
        name: r.get(3)?,
        archived: r.get(4)?,
    })
}

const HALL_COLUMNS: &str = "id, uuid, code, name, archived";

impl Store {
    /// Adds a hall. Names must not be empty; codes are unique.
    pub fn add_hall(&self, name: &str, code: Option<&str>) -> Result<Hall> {
        self.named(|| {
            let name = name.trim();
            if name.is_empty() {
                return Err(StoreError::Invalid("a hall needs a name".into()));
            }
            let code = code.map(str::trim).filter(|c| !c.is_empty());
            if let Some(code) = code
                && self.hall_by_key(code)?.is_some()
            {
                return Err(StoreError::Invalid(format!(
                    "a hall with code or id `{code}` already exists"
                )));
            }
            let uuid = new_uuid();
            self.conn.execute(
                "INSERT INTO halls (uuid, code, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                (&uuid, code, name, now_utc()),
            )?;
            let id = self.conn.last_insert_rowid();
            self.audit("create", "hall", &uuid, name)?;
            Ok(Hall {
                id,
                uuid,
                code: code.map(str::to_owned),
                name: name.to_owned(),
                archived: false,
            })
        })
    }

    /// All halls, by name; archived ones only when asked.
    pub fn halls(&self, include_archived: bool) -> Result<Vec<Hall>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {HALL_COLUMNS} FROM halls WHERE ?1 OR archived = 0 ORDER BY coalesce(code, ''), name, id"
            ))?;
            let rows = stmt
                .query_map([include_archived], hall_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// A hall by row id.
    pub fn hall(&self, id: i64) -> Result<Hall> {
        self.named(|| {
            optional(
                self.conn
                    .prepare_cached(&format!("SELECT {HALL_COLUMNS} FROM halls WHERE id = ?1"))?
                    .query_row([id], hall_from_row),
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no hall with id {id}")))
        })
    }

    /// Finds a hall by code, row id or UUID.
    pub fn hall_by_key(&self, key: &str) -> Result<Option<Hall>> {
        self.named(|| {
            let key = key.trim();
            if let Some(hall) = optional(self.conn.query_row(
                &format!("SELECT {HALL_COLUMNS} FROM halls WHERE code = ?1 OR uuid = ?1"),
                [key],
                hall_from_row,
            ))? {
                return Ok(Some(hall));
            }
            match key.parse::<i64>() {
                Ok(id) => optional(self.conn.query_row(
                    &format!("SELECT {HALL_COLUMNS} FROM halls WHERE id = ?1"),
                    [id],
                    hall_from_row,
                )),
                Err(_) => Ok(None),
            }
        })
    }

    /// Like [`Store::hall_by_key`], but a missing hall is an error naming the key.
    pub fn require_hall(&self, key: &str) -> Result<Hall> {
        self.named(|| {
            self.hall_by_key(key)?.ok_or_else(|| {
                StoreError::NotFound(format!(
                    "no hall with code or id `{key}` (see `hallcheck halls list`)"
                ))
            })
        })
    }

    /// Renames a hall.
    pub fn rename_hall(&self, id: i64, name: &str) -> Result<()> {
        self.named(|| {
            let name = name.trim();
            if name.is_empty() {
                return Err(StoreError::Invalid("a hall needs a name".into()));
            }
            let hall = self.hall(id)?;
            self.conn
                .execute("UPDATE halls SET name = ?2 WHERE id = ?1", (id, name))?;
            self.audit("rename", "hall", &hall.uuid, name)
        })
    }

    /// Archives or restores a hall.
    pub fn set_hall_archived(&self, id: i64, archived: bool) -> Result<()> {
        self.named(|| {
            let hall = self.hall(id)?;
            self.conn.execute(
                "UPDATE halls SET archived = ?2 WHERE id = ?1",
                (id, archived),
            )?;
            self.audit(
                if archived { "archive" } else { "restore" },
                "hall",
                &hall.uuid,
                "",
            )
        })
    }

    /// Adds a staff member to a hall, with their 工号 if given (one a colleague of the same
    /// hall already has is refused).
    pub fn add_staff(&self, hall_id: i64, name: &str, code: Option<&str>) -> Result<Staff> {
        self.named(|| {
            let name = name.trim();
            if name.is_empty() {
                return Err(StoreError::Invalid("a staff member needs a name".into()));
            }
            let code = code.map(str::trim).filter(|c| !c.is_empty());
            self.hall(hall_id)?;
            if let Some(code) = code
                && let Some(colleague) = self
                    .staff(hall_id, true)?
                    .into_iter()
                    .find(|s| s.code.as_deref() == Some(code))
            {
                return Err(StoreError::Invalid(format!(
                    "工号 `{code}` is already {}'s",
                    colleague.name
                )));
            }
            let uuid = new_uuid();
            self.conn.execute(
                "INSERT INTO staff (uuid, hall_id, name, code) VALUES (?1, ?2, ?3, ?4)",
                (&uuid, hall_id, name, code),
            )?;
            Ok(Staff {
                id: self.conn.last_insert_rowid(),
                uuid,
                hall_id,
                name: name.to_owned(),
                code: code.map(str::to_owned),
                archived: false,
            })
        })
    }

    /// A hall's staff, by name; former staff only when asked.
    pub fn staff(&self, hall_id: i64, include_archived: bool) -> Result<Vec<Staff>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, uuid, hall_id, name, archived, code FROM staff
             WHERE hall_id = ?1 AND (?2 OR archived = 0) ORDER BY name, id",
            )?;
            let rows = stmt
                .query_map((hall_id, include_archived), |r| {
                    Ok(Staff {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        hall_id: r.get(2)?,
                        name: r.get(3)?,
                        archived: r.get(4)?,
                        code: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Marks a staff member as no longer on the roster (their past deductions stay).
    pub fn set_staff_archived(&self, staff_id: i64, archived: bool) -> Result<()> {
        self.named(|| {
            let uuid: Option<String> = optional(self.conn.query_row(
                "SELECT uuid FROM staff WHERE id = ?1",
                [staff_id],
                |r| r.get(0),
            ))?;
            let Some(uuid) = uuid else {
                return Err(StoreError::NotFound(format!(
                    "no staff member with id {staff_id}"
                )));
            };
            self.conn.execute(
                "UPDATE staff SET archived = ?2 WHERE id = ?1",
                (staff_id, archived),
            )?;
            // The change's time travels with the record: of two PCs, the later one wins.
            self.audit(
                if archived { "archive" } else { "restore" },
                "staff",
                &uuid,
                "",
            )
        })
    }

    /// The inspector of that name, created on first use.
    pub fn ensure_inspector(&self, name: &str) -> Result<Inspector> {
        self.named(|| {
            let name = name.trim();
            if name.is_empty() {
                return Err(StoreError::Invalid("an inspector needs a name".into()));
            }
            self.conn.execute(
                "INSERT INTO inspectors (uuid, name) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
                (new_uuid(), name),
            )?;
            Ok(self.conn.query_row(
                "SELECT id, uuid, name FROM inspectors WHERE name = ?1",
                [name],
                |r| {
                    Ok(Inspector {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        name: r.get(2)?,
                    })
                },
            )?)
        })
    }

    /// All inspectors, by name.
    pub fn inspectors(&self) -> Result<Vec<Inspector>> {
        self.named(|| {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, uuid, name FROM inspectors ORDER BY name")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(Inspector {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        name: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}
