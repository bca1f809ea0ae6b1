//! Checklist template files: raw TOML → validated [`Template`], with every problem located.
//!
//! The built-in templates in `checklists/` are embedded in the binary; a user folder can add
//! templates or override a built-in one by id with a higher version. [`TemplateDraft`] is a
//! template being edited in the app; [`save_user_template`] writes one to the user folder.

mod draft;
mod rules;
mod validate;
mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::domain::Template;

pub use draft::{DraftProblem, ItemDraft, TemplateDraft};
pub use rules::{check_snapshot, check_template};
pub use validate::parse_template;
pub use write::{SaveError, Saved, next_version, save_user_template, write_template};

/// One problem in a template file, located by line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user knows it (a path, or the built-in file name).
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// Where a loaded template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Embedded in the program (file name).
    Builtin(&'static str),
    /// A file in the user's template folder.
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Builtin(name) => write!(f, "built-in {name}"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A validated template and its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The template.
    pub template: Template,
    /// Where it was read from.
    pub source: Source,
}

/// The templates in use and the problems met while loading them.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Usable templates, in score-sheet order (area, then id).
    pub templates: Vec<Loaded>,
    /// Problems of files that were skipped, or of overrides that were ignored.
    pub problems: Vec<Problem>,
}

impl Catalog {
    /// The templates walked where no setting says otherwise, in score-sheet order: every
    /// usable one but the optional ones (see [`Template::optional`]).
    pub fn into_templates(self) -> Vec<Template> {
        self.templates
            .into_iter()
            .map(|l| l.template)
            .filter(|t| !t.optional)
            .collect()
    }

    /// [`Catalog::into_templates`], borrowed.
    pub fn walked(&self) -> impl Iterator<Item = &Template> {
        self.templates
            .iter()
            .map(|l| &l.template)
            .filter(|t| !t.optional)
    }

    /// Looks a template up by id.
    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates
            .iter()
            .map(|l| &l.template)
            .find(|t| t.id == id)
    }
}

/// The built-in template files, embedded at compile time: the eight of the 100-point
/// scheme, then the optional ones a hall switches on (服务行为).
pub const BUILTIN: [(&str, &str); 9] = [
    (
        "pre_shift.toml",
        include_str!("../../checklists/pre_shift.toml"),
    ),
    (
        "post_shift.toml",
        include_str!("../../checklists/post_shift.toml"),
    ),
    (
        "supervision.toml",
        include_str!("../../checklists/supervision.toml"),
    ),
    ("patrol.toml", include_str!("../../checklists/patrol.toml")),
    (
        "handover.toml",
        include_str!("../../checklists/handover.toml"),
    ),
    (
        "appearance.toml",
        include_str!("../../checklists/appearance.toml"),
    ),
    (
        "hygiene.toml",
        include_str!("../../checklists/hygiene.toml"),
    ),
    (
        "discipline.toml",
        include_str!("../../checklists/discipline.toml"),
    ),
    (
        "service.toml",
        include_str!("../../checklists/service.toml"),
    ),
];

/// Validates a set of named files; duplicate template ids across them are problems too.
/// Returns the valid templates (first of each id wins) and every problem found.
fn validate_files<S: Clone>(
    files: Vec<(String, S, Vec<u8>)>,
) -> (Vec<(S, Template)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut valid: Vec<(S, Template)> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, source, bytes) in files {
        match parse_template(&name, &bytes) {
            Ok(template) => {
                if let Some(first) = seen.get(&template.id) {
                    problems.push(Problem {
                        file: name.clone(),
                        line: validate::line_of_key(&bytes, "id"),
                        col: 1,
                        message: format!(
                            "duplicate template id `{}`: already defined in {first}",
                            template.id
                        ),
                    });
                } else {
                    seen.insert(template.id.clone(), name.clone());
                    valid.push((source, template));
                }
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    (valid, problems)
}

/// Files read from a folder: (name shown in problems, path, bytes).
type ReadFiles = Vec<(String, PathBuf, Vec<u8>)>;

/// Reads every `*.toml` file of a folder, sorted by name. A folder that cannot be read is a
/// problem of its own.
pub(crate) fn read_dir_files(dir: &Path) -> (ReadFiles, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut paths = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                    && path.is_file()
                {
                    paths.push(path);
                }
            }
        }
        Err(err) => problems.push(Problem {
            file: dir.display().to_string(),
            line: 1,
            col: 1,
            message: format!("cannot read the template folder: {err}"),
        }),
    }
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => files.push((name, path, bytes)),
            Err(err) => problems.push(Problem {
                file: name,
                line: 1,
                col: 1,
                message: format!("cannot read the file: {err}"),
            }),
        }
    }
    (files, problems)
}

/// Validates every template file of a folder: the valid templates and all problems.
pub fn check_dir(dir: &Path) -> (Vec<Loaded>, Vec<Problem>) {
    let (files, mut problems) = read_dir_files(dir);
    let (valid, mut found) = validate_files(files);
    problems.append(&mut found);
    let loaded = valid
        .into_iter()
        .map(|(path, template)| Loaded {
            template,
            source: Source::File(path),
        })
        .collect();
    (loaded, problems)
}

/// The built-in templates; problems here are a build defect and are reported like any other.
pub fn builtin() -> (Vec<Loaded>, Vec<Problem>) {
    let files = BUILTIN
        .iter()
        .map(|(name, text)| (name.to_string(), *name, text.as_bytes().to_vec()))
        .collect();
    let (valid, problems) = validate_files(files);
    let loaded = valid
        .into_iter()
        .map(|(name, template)| Loaded {
            template,
            source: Source::Builtin(name),
        })
        .collect();
    (loaded, problems)
}

/// The built-in templates merged with a user folder: a user template with a new id is added,
/// one with the id of a built-in replaces it when its version is higher. A folder that does not
/// exist is simply empty.
pub fn load_catalog(user_dir: Option<&Path>) -> Catalog {
    let (mut templates, mut problems) = builtin();
    if let Some(dir) = user_dir.filter(|d| d.exists()) {
        let (user, mut found) = check_dir(dir);
        problems.append(&mut found);
        for loaded in user {
            match templates
                .iter_mut()
                .find(|l| l.template.id == loaded.template.id)
            {
                Some(existing) if loaded.template.version > existing.template.version => {
                    *existing = loaded;
                }
                Some(existing) => problems.push(Problem {
                    file: loaded.source.to_string(),
                    line: 1,
                    col: 1,
                    message: format!(
                        "template `{}` version {} does not override {} version {}: raise the version",
                        loaded.template.id,
                        loaded.template.version,
                        existing.source,
                        existing.template.version
                    ),
                }),
                None => templates.push(loaded),
            }
        }
    }
    templates
        .sort_by(|a, b| (a.template.area, &a.template.id).cmp(&(b.template.area, &b.template.id)));
    Catalog {
        templates,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_are_valid_and_cover_every_area() {
        let (loaded, problems) = builtin();
        assert!(problems.is_empty(), "{problems:?}");
        let scheme: Vec<_> = loaded.iter().filter(|l| !l.template.optional).collect();
        let mut areas: Vec<_> = scheme.iter().map(|l| l.template.area).collect();
        areas.sort();
        assert_eq!(areas, crate::domain::Area::BUILTIN.to_vec());
        let total: crate::domain::Points = scheme.iter().map(|l| l.template.points).sum();
        assert_eq!(total, crate::domain::Points::from_whole(100));
    }

    #[test]
    fn every_builtin_item_names_its_finding() {
        let (loaded, _) = builtin();
        let items: Vec<_> = loaded.iter().flat_map(|l| &l.template.items).collect();
        assert_eq!(items.len(), 63);
        for item in items {
            let violation = item.violation.as_deref().unwrap_or_default();
            assert!(
                !violation.is_empty() && violation != item.text,
                "{}: `{violation}`",
                item.id
            );
        }
    }
}
