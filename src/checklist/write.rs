//! [`Template`] → a template file in the documented format, and saving one to the user folder
//! atomically with a version above every one known.
//!
//! The writer spells numbers as decimals (`0.5`, `15`) and every string through the `toml`
//! crate, so whatever a text holds (quotes, backslashes, new lines) reads back as written:
//! `parse_template(write_template(t)) == t` for every valid template.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::checklist::{BUILTIN, Problem, parse_template, read_dir_files};
use crate::domain::{Area, NaRule, Template, Unit};

/// A number as the file will spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Number<'a> {
    /// A TOML integer or float literal, written as is.
    Literal(&'a str),
    /// Text that is no number: written as a string, so the parser names the field.
    Text(&'a str),
    /// Nothing typed: the key is left out, so the parser says it is missing.
    Missing,
}

/// A template as the file spells it: what a validated [`Template`] and an editor's draft
/// (numbers as typed, reasons one per line) both become before they are written.
pub(crate) struct FileForm<'a> {
    pub id: &'a str,
    pub version: u32,
    pub name: &'a str,
    pub name_en: Option<&'a str>,
    pub area: Area,
    pub points: Number<'a>,
    pub max_points: Number<'a>,
    pub na_rule: NaRule,
    pub optional: bool,
    pub items: Vec<ItemForm<'a>>,
}

/// One item as the file spells it.
pub(crate) struct ItemForm<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub text_en: Option<&'a str>,
    pub violation: Option<&'a str>,
    pub deduction: Number<'a>,
    pub deduction_max: Number<'a>,
    pub value: Number<'a>,
    pub bonus: bool,
    pub unit: Unit,
    pub veto: bool,
    pub photo_required: bool,
    pub guidance: &'a str,
    pub guidance_en: Option<&'a str>,
    pub reasons: Vec<&'a str>,
    pub reason_required: bool,
}

/// The text of a template file, and the line (from 1) where each item's `[[items]]` starts.
pub(crate) struct Written {
    pub text: String,
    pub item_lines: Vec<usize>,
}

/// A TOML string literal of `s`, escaped by the `toml` crate.
fn string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// One line of a comment: control characters (a new line would end the comment) as spaces.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Appends `key = value` lines, counting them.
struct Out {
    text: String,
    lines: usize,
}

impl Out {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
        self.lines += 1;
    }

    fn string(&mut self, key: &str, value: &str) {
        self.line(&format!("{key} = {}", string(value)));
    }

    fn optional(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(key, value);
        }
    }

    fn number(&mut self, key: &str, value: Number) {
        match value {
            Number::Literal(literal) => self.line(&format!("{key} = {literal}")),
            Number::Text(text) => self.string(key, text),
            Number::Missing => {}
        }
    }
}

impl FileForm<'_> {
    /// The file: a header comment, the template's keys, then one `[[items]]` table per item.
    pub(crate) fn write(&self) -> Written {
        let mut out = Out {
            text: String::with_capacity(4096),
            lines: 0,
        };
        let title = match self.name_en {
            Some(en) => format!("{} — {}", self.name, en),
            None => self.name.to_owned(),
        };
        out.line(&format!("# {}", comment(&title)));
        out.line(&format!(
            "# 由 HallCheck 模板编辑器保存，第 {} 版。Saved by the HallCheck checklist editor, version {}.",
            self.version, self.version
        ));
        out.line("# 格式见 checklists/README.md；校验：hallcheck templates check 文件夹");
        out.string("id", self.id);
        out.line(&format!("version = {}", self.version));
        out.string("name", self.name);
        out.optional("name_en", self.name_en);
        out.string("area", self.area.code());
        if !self.area.is_builtin() {
            out.string("area_name", self.area.name_zh());
            out.string("area_name_en", self.area.name_en());
        }
        out.number("points", self.points);
        out.number("max_points", self.max_points);
        out.string("na_rule", self.na_rule.code());
        if self.optional {
            out.line("optional = true");
        }
        let mut item_lines = Vec::with_capacity(self.items.len());
        for item in &self.items {
            out.line("");
            out.line("[[items]]");
            item_lines.push(out.lines);
            out.string("id", item.id);
            out.string("text", item.text);
            out.optional("text_en", item.text_en);
            out.optional("violation", item.violation);
            out.number("deduction", item.deduction);
            out.number("deduction_max", item.deduction_max);
            out.number("value", item.value);
            out.string("unit", item.unit.code());
            if item.bonus {
                out.line("bonus = true");
            }
            if item.veto {
                out.line("veto = true");
            }
            if item.photo_required {
                out.line("photo_required = true");
            }
            out.string("guidance", item.guidance);
            out.optional("guidance_en", item.guidance_en);
            if !item.reasons.is_empty() {
                let reasons: Vec<String> = item.reasons.iter().map(|r| string(r)).collect();
                out.line(&format!("reasons = [{}]", reasons.join(", ")));
            }
            if !item.reason_required {
                out.line("reason_required = false");
            }
        }
        Written {
            text: out.text,
            item_lines,
        }
    }
}

/// The template file of `template`, in the documented format.
pub fn write_template(template: &Template) -> String {
    let spell = |p: Option<crate::domain::Points>| p.map(|p| p.to_string());
    let numbers: Vec<[Option<String>; 3]> = template
        .items
        .iter()
        .map(|i| {
            [
                Some(i.deduction.to_string()),
                spell(i.deduction_max),
                spell(i.value),
            ]
        })
        .collect();
    let points = template.points.to_string();
    let max_points = spell(template.max_points);
    fn literal(n: &Option<String>) -> Number<'_> {
        match n {
            Some(text) => Number::Literal(text.as_str()),
            None => Number::Missing,
        }
    }
    let form = FileForm {
        id: &template.id,
        version: template.version,
        name: &template.name,
        name_en: template.name_en.as_deref(),
        area: template.area,
        points: Number::Literal(&points),
        max_points: literal(&max_points),
        na_rule: template.na_rule,
        optional: template.optional,
        items: template
            .items
            .iter()
            .zip(&numbers)
            .map(|(item, [deduction, deduction_max, value])| ItemForm {
                id: &item.id,
                text: &item.text,
                text_en: item.text_en.as_deref(),
                violation: item.violation.as_deref(),
                deduction: literal(deduction),
                deduction_max: literal(deduction_max),
                value: literal(value),
                bonus: item.bonus,
                unit: item.unit,
                veto: item.veto,
                photo_required: item.photo_required,
                guidance: &item.guidance,
                guidance_en: item.guidance_en.as_deref(),
                reasons: item.reasons.iter().map(String::as_str).collect(),
                reason_required: item.reason_required,
            })
            .collect(),
    };
    form.write().text
}

/// Why a checklist could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The folder or file could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The checklist breaks a rule of template files (nothing was written).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Where a checklist was saved, and as which version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file written.
    pub path: PathBuf,
    /// The version it carries.
    pub version: u32,
}

/// What the folder and the built-ins know of one template id.
struct Known {
    /// The highest version of the id, built-in or in the folder (0 when none).
    version: u32,
    /// The first valid file of the id in the folder: the one the catalog takes.
    file: Option<PathBuf>,
}

/// The versions of `id` among the built-ins and the `.toml` files of `dir`. A file counts
/// with its `id` and `version` keys when it is TOML at all, valid template or not, so a
/// file being repaired by hand is never overtaken by a lower version.
fn known(dir: Option<&Path>, id: &str) -> Known {
    let version_of = |text: &str| -> Option<u32> {
        let table: toml::Table = toml::from_str(text).ok()?;
        if table.get("id")?.as_str()? != id {
            return None;
        }
        u32::try_from(table.get("version")?.as_integer()?).ok()
    };
    let mut version = BUILTIN
        .iter()
        .filter_map(|(_, text)| version_of(text))
        .max()
        .unwrap_or(0);
    let mut file = None;
    if let Some(dir) = dir {
        let (files, _) = read_dir_files(dir);
        for (name, path, bytes) in files {
            let text = String::from_utf8_lossy(&bytes);
            if let Some(v) = version_of(&text) {
                version = version.max(v);
                if file.is_none() && parse_template(&name, &bytes).is_ok_and(|t| t.id == id) {
                    file = Some(path);
                }
            }
        }
    }
    Known { version, file }
}

/// The version a saved edit of `id` gets: one above every version of it known, built-in or
/// in the folder `dir`.
pub fn next_version(dir: Option<&Path>, id: &str) -> u32 {
    known(dir, id).version.saturating_add(1)
}

/// Saves `template` in the user folder `dir` (created if needed) as the version above every
/// one known of its id (or its own, if higher), so it takes effect on the next load and past
/// inspections keep the snapshot they were taken with.
///
/// The file is the folder's file of that id when there is one (the one in use), otherwise
/// `<id>.toml` (or `<id>_2.toml`, … when that name holds something else). It is written to a
/// temporary file beside it and renamed over it, so a crash leaves the old file or the new
/// one, never half of one. The text is checked with [`parse_template`] before anything is
/// written.
pub fn save_user_template(dir: &Path, template: &Template) -> Result<Saved, SaveError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SaveError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let known = known(Some(dir), &template.id);
    let mut template = template.clone();
    template.version = template.version.max(known.version.saturating_add(1));
    let path = match known.file {
        Some(path) => path,
        None => free_name(dir, &template.id),
    };
    let text = write_template(&template);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_template(&file_name, text.as_bytes()).map_err(SaveError::Invalid)?;
    let temp = dir.join(format!(".{file_name}.tmp"));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    if let Err(source) = written.and_then(|()| std::fs::rename(&temp, &path)) {
        // The temporary file is ours; a failure to remove it changes nothing for the user.
        let _ = std::fs::remove_file(&temp);
        return Err(SaveError::Io { path, source });
    }
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    Ok(Saved {
        path,
        version: template.version,
    })
}

/// `<id>.toml`, or `<id>_2.toml`, `<id>_3.toml`, … : the first name nothing is using.
fn free_name(dir: &Path, id: &str) -> PathBuf {
    let mut n = 1u32;
    loop {
        let name = if n == 1 {
            format!("{id}.toml")
        } else {
            format!("{id}_{n}.toml")
        };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_checklist_reads_back_as_written() {
        let (loaded, problems) = crate::checklist::builtin();
        assert!(problems.is_empty());
        for l in loaded {
            let text = write_template(&l.template);
            assert_eq!(
                parse_template("written.toml", text.as_bytes()),
                Ok(l.template.clone()),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_are_decimals_and_defaults_are_left_out() {
        let (loaded, _) = crate::checklist::builtin();
        let hygiene = loaded
            .iter()
            .find(|l| l.template.id == "hygiene")
            .map(|l| l.template.clone())
            .unwrap_or_else(|| panic!("hygiene is built in"));
        let text = write_template(&hygiene);
        assert!(text.starts_with("# 环境卫生 — Environment and cleanliness\n"));
        assert!(text.contains("\npoints = 15\n"));
        assert!(text.contains("\ndeduction = 0.5\n"));
        assert!(!text.contains("veto = false"));
        assert!(!text.contains("reason_required = true"));
    }

    fn hygiene() -> Template {
        crate::checklist::load_catalog(None)
            .template("hygiene")
            .cloned()
            .unwrap_or_else(|| panic!("hygiene is built in"))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_save_overrides_the_built_in_with_a_higher_version() -> Result<(), SaveError> {
        let dir = tempfile::tempdir().map_err(|source| SaveError::Io {
            path: PathBuf::new(),
            source,
        })?;
        let folder = dir.path().join("checklists");
        let mut edited = hygiene();
        let built_in = edited.version;
        edited.items[0].deduction = crate::domain::Points::from_whole(2);
        assert_eq!(next_version(Some(&folder), "hygiene"), built_in + 1);
        let saved = save_user_template(&folder, &edited)?;
        assert_eq!(saved.path, folder.join("hygiene.toml"));
        assert_eq!(saved.version, built_in + 1);
        let catalog = crate::checklist::load_catalog(Some(&folder));
        assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
        let in_use = catalog.template("hygiene").cloned();
        edited.version = saved.version;
        assert_eq!(in_use.as_ref(), Some(&edited));

        // Saved again: the same file, one version up; no temporary file is left.
        let again = save_user_template(&folder, &edited)?;
        assert_eq!((again.path, again.version), (saved.path, built_in + 2));
        assert_eq!(names(&folder), ["hygiene.toml"]);
        Ok(())
    }

    #[test]
    fn a_save_goes_to_the_file_in_use_and_never_over_another() -> Result<(), SaveError> {
        let dir = tempfile::tempdir().map_err(|source| SaveError::Io {
            path: PathBuf::new(),
            source,
        })?;
        let folder = dir.path();
        let io = |source| SaveError::Io {
            path: folder.to_path_buf(),
            source,
        };
        let mut own = hygiene();
        own.version = 9;
        std::fs::write(folder.join("my_hygiene.toml"), write_template(&own)).map_err(io)?;
        // A file under the name `hygiene.toml` that is another checklist, and one that is
        // broken but names a higher version of hygiene.
        let mut other = hygiene();
        other.id = "self_service".into();
        std::fs::write(folder.join("hygiene.toml"), write_template(&other)).map_err(io)?;
        let saved = save_user_template(folder, &own)?;
        assert_eq!(
            (saved.path, saved.version),
            (folder.join("my_hygiene.toml"), 10)
        );

        std::fs::remove_file(folder.join("my_hygiene.toml")).map_err(io)?;
        let broken = "id = \"hygiene\"\nversion = 12\nname = \"\"\n";
        std::fs::write(folder.join("hygiene_2.toml"), broken).map_err(io)?;
        let saved = save_user_template(folder, &own)?;
        assert_eq!(
            (saved.path, saved.version),
            (folder.join("hygiene_3.toml"), 13)
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("hygiene_2.toml")).map_err(io)?,
            broken
        );
        Ok(())
    }
}
