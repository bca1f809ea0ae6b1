//! User settings kept in the database (language, default inspector, rating bands, zoom, the
//! checklists switched off, the money rule, the rectification rule), so they travel with it.

use crate::domain::{
    FixedAmount, Money, MoneyRule, Points, RatingBands, RectificationRule, RectificationScope,
    Template,
};
use crate::store::{Result, Store, StoreError, optional};

/// User settings kept in the database, so they travel with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// UI in English instead of Chinese.
    pub english: bool,
    /// Inspector preselected for a new inspection.
    pub default_inspector: String,
    /// Rating bands used when an inspection is submitted.
    pub bands: RatingBands,
    /// UI zoom factor (1.0 = 100 %).
    pub zoom: f32,
    /// Checklists (template ids) this hall does not walk: a hall using a table of its own
    /// switches a built-in one off. Past inspections keep theirs.
    pub checklists_off: Vec<String>,
    /// Optional checklists (such as 服务行为) this hall has switched on; the others stay off.
    pub checklists_on: Vec<String>,
    /// Which failed items open a rectification (整改) on submit, and the deadlines: by
    /// default every failed item, 3 days, veto items 1 day.
    pub rectification: RectificationRule,
}

impl Settings {
    /// Whether the hall walks a checklist: an optional one once switched on, any other
    /// until switched off.
    pub fn uses(&self, template: &Template) -> bool {
        if template.optional {
            self.checklists_on.contains(&template.id)
        } else {
            !self.checklists_off.contains(&template.id)
        }
    }

    /// Switches a checklist on or off for this hall.
    pub fn set_used(&mut self, template: &Template, on: bool) {
        let list = if template.optional {
            &mut self.checklists_on
        } else {
            &mut self.checklists_off
        };
        list.retain(|id| id != &template.id);
        if on == template.optional {
            list.push(template.id.clone());
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            english: false,
            default_inspector: String::new(),
            bands: RatingBands::default(),
            zoom: 1.0,
            checklists_off: Vec::new(),
            checklists_on: Vec::new(),
            rectification: RectificationRule::default(),
        }
    }
}

impl Store {
    pub(super) fn setting(&self, key: &str) -> Result<Option<String>> {
        optional(
            self.conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                }),
        )
    }

    pub(super) fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }

    /// A list of template ids kept as one text.
    fn ids_setting(&self, key: &str) -> Result<Vec<String>> {
        Ok(self
            .setting(key)?
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect())
    }

    /// Reads the settings; missing or unreadable values fall back to the defaults.
    pub fn settings(&self) -> Result<Settings> {
        self.named(|| {
            let defaults = Settings::default();
            Ok(Settings {
                english: self.setting("language")?.as_deref() == Some("en"),
                default_inspector: self.setting("default_inspector")?.unwrap_or_default(),
                bands: self.rating_bands()?,
                zoom: self
                    .setting("zoom")?
                    .and_then(|v| v.parse::<f32>().ok())
                    .filter(|z| (0.5..=3.0).contains(z))
                    .unwrap_or(defaults.zoom),
                checklists_off: self.ids_setting("checklists_off")?,
                checklists_on: self.ids_setting("checklists_on")?,
                rectification: self.rectification_rule()?,
            })
        })
    }

    /// The rating bands, through one cached statement (reports read them on every call):
    /// missing or unreadable values fall back to the defaults, and so do bands that do not
    /// validate.
    pub fn rating_bands(&self) -> Result<RatingBands> {
        self.named(|| {
            let mut bands = RatingBands::default();
            let mut stmt = self.conn.prepare_cached(
                "SELECT key, value FROM settings WHERE key IN ('band_excellent', 'band_good', 'band_pass')",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (key, value): (String, String) = (r.get(0)?, r.get(1)?);
                let Ok(value) = Points::parse(&value) else {
                    continue;
                };
                match key.as_str() {
                    "band_excellent" => bands.excellent = value,
                    "band_good" => bands.good = value,
                    "band_pass" => bands.pass = value,
                    _ => {}
                }
            }
            Ok(if bands.validate().is_ok() {
                bands
            } else {
                RatingBands::default()
        })
        })
    }

    /// Saves the settings; rating bands are checked first.
    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.named(|| {
            settings
                .bands
                .validate()
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            self.set_setting("language", if settings.english { "en" } else { "zh" })?;
            self.set_setting("default_inspector", settings.default_inspector.trim())?;
            self.set_setting("band_excellent", &settings.bands.excellent.to_string())?;
            self.set_setting("band_good", &settings.bands.good.to_string())?;
            self.set_setting("band_pass", &settings.bands.pass.to_string())?;
            self.set_setting("zoom", &format!("{:.2}", settings.zoom))?;
            self.set_setting("checklists_off", &settings.checklists_off.join(" "))?;
            self.set_setting("checklists_on", &settings.checklists_on.join(" "))?;
            let rule = &settings.rectification;
            rule.validate().map_err(StoreError::Invalid)?;
            let scope = match rule.scope {
                RectificationScope::EveryFail => RECTIFY_EVERY_FAIL.to_owned(),
                RectificationScope::VetoOrAtLeast(least) => least.to_string(),
            };
            self.set_setting(RECTIFY_SCOPE, &scope)?;
            self.set_setting(RECTIFY_DAYS, &rule.deadline_days.to_string())?;
            self.set_setting(RECTIFY_VETO_DAYS, &rule.veto_deadline_days.to_string())?;
            Ok(())
        })
    }

    /// The rectification rule: which fails open a rectification on submit, and the
    /// deadlines. Missing or unreadable values fall back to the defaults (every fail, 3
    /// days, veto items 1 day), and so does a rule that does not validate.
    pub fn rectification_rule(&self) -> Result<RectificationRule> {
        self.named(|| {
            let defaults = RectificationRule::default();
            let days = |key: &str, default: u32| -> Result<u32> {
                Ok(self
                    .setting(key)?
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(default))
            };
            let scope = match self.setting(RECTIFY_SCOPE)? {
                Some(text) if text.trim() != RECTIFY_EVERY_FAIL && !text.trim().is_empty() => {
                    Points::parse(text.trim())
                        .map(RectificationScope::VetoOrAtLeast)
                        .unwrap_or(defaults.scope)
                }
                _ => defaults.scope,
            };
            let rule = RectificationRule {
                scope,
                deadline_days: days(RECTIFY_DAYS, defaults.deadline_days)?,
                veto_deadline_days: days(RECTIFY_VETO_DAYS, defaults.veto_deadline_days)?,
            };
            Ok(if rule.validate().is_ok() {
                rule
            } else {
                defaults
            })
        })
    }

    /// The hall's money rule (绩效金额): none when nothing is set. A stored value that does
    /// not read as an amount is an error that names it, never replaced by a default.
    pub fn money_rule(&self) -> Result<Option<MoneyRule>> {
        self.named(|| {
            let per_point = match self.setting(MONEY_PER_POINT)? {
                Some(text) if !text.trim().is_empty() => {
                    Some(Money::parse(&text).map_err(|e| unreadable(MONEY_PER_POINT, &e))?)
                }
                _ => None,
            };
            let fixed = match self.setting(MONEY_FIXED)? {
                Some(text) if !text.trim().is_empty() => fixed_from_json(&text)?,
                _ => Vec::new(),
            };
            let rule = MoneyRule { per_point, fixed };
            rule.validate().map_err(|e| unreadable(MONEY_FIXED, &e))?;
            Ok(rule.is_set().then_some(rule))
        })
    }

    /// Saves the money rule after checking it; a rule that says nothing clears it (no money is
    /// shown anywhere).
    pub fn save_money_rule(&self, rule: &MoneyRule) -> Result<()> {
        self.named(|| {
            rule.validate()
                .map_err(|e| StoreError::Invalid(format!("绩效金额 not saved: {e}")))?;
            let per_point = rule.per_point.map(|m| m.to_string()).unwrap_or_default();
            let fixed: Vec<serde_json::Value> = rule
                .fixed
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "template": f.template_id,
                        "item": f.item_id,
                        "yuan": f.amount.to_string(),
                    })
                })
                .collect();
            let fixed = if fixed.is_empty() {
                String::new()
            } else {
                serde_json::Value::Array(fixed).to_string()
            };
            let tx = self.conn.unchecked_transaction()?;
            self.set_setting(MONEY_PER_POINT, &per_point)?;
            self.set_setting(MONEY_FIXED, &fixed)?;
            tx.commit()?;
            Ok(())
        })
    }
}

/// The settings key of which fails open a rectification: [`RECTIFY_EVERY_FAIL`], or the
/// least deduction (points, as `2` or `1.5`) of a non-veto fail that opens one.
const RECTIFY_SCOPE: &str = "rectify_scope";

/// The value of [`RECTIFY_SCOPE`] for every fail.
const RECTIFY_EVERY_FAIL: &str = "every_fail";

/// The settings key of the days to fix an ordinary item.
const RECTIFY_DAYS: &str = "rectify_days";

/// The settings key of the days to fix a veto item.
const RECTIFY_VETO_DAYS: &str = "rectify_veto_days";

/// The settings key of 每分金额 (yuan, two decimals; empty for none).
const MONEY_PER_POINT: &str = "money_per_point";

/// The settings key of the fixed amounts: a JSON list of `{"template", "item", "yuan"}`.
const MONEY_FIXED: &str = "money_fixed";

/// The error of a stored money setting that does not read.
fn unreadable(key: &str, problem: &dyn std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!(
        "the saved 绩效金额 setting `{key}` does not read ({problem}); no amounts are shown until it is set again in Settings"
    ))
}

/// The fixed amounts as stored.
fn fixed_from_json(text: &str) -> Result<Vec<FixedAmount>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Stored {
        template: String,
        item: String,
        yuan: String,
    }
    let stored: Vec<Stored> =
        serde_json::from_str(text).map_err(|e| unreadable(MONEY_FIXED, &e))?;
    stored
        .into_iter()
        .map(|s| {
            Ok(FixedAmount {
                amount: Money::parse(&s.yuan).map_err(|e| unreadable(MONEY_FIXED, &e))?,
                template_id: s.template,
                item_id: s.item,
            })
        })
        .collect()
}
