//! Photos chosen for an item are read and downscaled off the frame thread; the app stores the
//! prepared photo when it comes back.

use std::path::PathBuf;

use crate::domain::Attachment;
use crate::export::photo::prepare_photo;
use crate::ui::error::UiError;
use crate::ui::jobs::{Job, Worker};

/// A photo file to prepare for one item of one inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoJob {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Its UUID: the photo is stored only if the row is still that inspection (a restore
    /// may have replaced the database meanwhile).
    pub inspection_uuid: String,
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// The file chosen.
    pub path: PathBuf,
}

/// A prepared photo, or why the file cannot be used.
#[derive(Debug)]
pub struct PreparedPhoto {
    /// What was asked.
    pub job: PhotoJob,
    /// The attachment to store.
    pub result: Result<Attachment, UiError>,
}

impl Job for PhotoJob {
    type Reply = PreparedPhoto;

    fn panic_reply(&self, message: &str) -> PreparedPhoto {
        PreparedPhoto {
            job: self.clone(),
            result: Err(UiError::Failed(format!(
                "{}: {message}",
                self.path.display()
            ))),
        }
    }
}

fn prepare(job: &PhotoJob) -> PreparedPhoto {
    PreparedPhoto {
        job: job.clone(),
        result: prepare_photo(&job.path).map_err(|e| UiError::Failed(e.to_string())),
    }
}

/// Starts the photo worker: a thread, or inline (tests).
pub fn start(inline: bool, wake: impl Fn() + Send + 'static) -> Result<Worker<PhotoJob>, UiError> {
    Worker::start("photos", inline, wake, || prepare)
}
