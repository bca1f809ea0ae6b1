use crate::domain::{Points, RatingBands};
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            english: false,
            default_inspector: String::new(),
            bands: RatingBands::default(),
            zoom: 1.0,
        }
    }
}

impl Store {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        optional(
            self.conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                }),
        )
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }

    /// Reads the settings; missing or unreadable values fall back to the defaults.
    pub fn settings(&self) -> Result<Settings> {
        let defaults = Settings::default();
        let points = |key: &str, fallback: Points| -> Result<Points> {
            Ok(self
                .setting(key)?
                .and_then(|v| Points::parse(&v).ok())
                .unwrap_or(fallback))
        };
        let bands = RatingBands {
            excellent: points("band_excellent", defaults.bands.excellent)?,
            good: points("band_good", defaults.bands.good)?,
            pass: points("band_pass", defaults.bands.pass)?,
        };
        Ok(Settings {
            english: self.setting("language")?.as_deref() == Some("en"),
            default_inspector: self.setting("default_inspector")?.unwrap_or_default(),
            bands: if bands.validate().is_ok() {
                bands
            } else {
                defaults.bands
            },
            zoom: self
                .setting("zoom")?
                .and_then(|v| v.parse::<f32>().ok())
                .filter(|z| (0.5..=3.0).contains(z))
                .unwrap_or(defaults.zoom),
        })
    }

    /// Saves the settings; rating bands are checked first.
    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        settings.bands.validate().map_err(StoreError::Invalid)?;
        self.set_setting("language", if settings.english { "en" } else { "zh" })?;
        self.set_setting("default_inspector", settings.default_inspector.trim())?;
        self.set_setting("band_excellent", &settings.bands.excellent.to_string())?;
        self.set_setting("band_good", &settings.bands.good.to_string())?;
        self.set_setting("band_pass", &settings.bands.pass.to_string())?;
        self.set_setting("zoom", &format!("{:.2}", settings.zoom))?;
        Ok(())
    }
}
