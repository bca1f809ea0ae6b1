//! Photos chosen for an item, or as a rectification's after-photos, are read and downscaled off
//! the frame thread; the app stores the prepared photo when it comes back (an after-photo is
//! held until the close it goes with, its thumbnail decoded here too).

use std::path::PathBuf;

use crate::domain::Attachment;
use crate::export::photo::prepare_photo;
use crate::ui::error::UiError;
use crate::ui::jobs::{Job, Worker};

/// A photo file to prepare, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoJob {
    /// What the photo is for.
    pub target: PhotoTarget,
    /// The file chosen.
    pub path: PathBuf,
}

/// What a photo is prepared for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoTarget {
    /// One item of one inspection being walked.
    Item(ItemPhoto),
    /// An after-photo of a rectification, sent with its close (整改后照片).
    AfterPhoto {
        /// The rectification's row id.
        rectification_id: i64,
    },
}

/// The item of an inspection a photo belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPhoto {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Its UUID: the photo is stored only if the row is still that inspection (a restore
    /// may have replaced the database meanwhile).
    pub inspection_uuid: String,
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// An after-photo of the item fixed on the spot (整改后照片), not of the problem.
    pub after_fix: bool,
}

/// A prepared photo, or why the file cannot be used.
#[derive(Debug)]
pub struct PreparedPhoto {
    /// What was asked.
    pub job: PhotoJob,
    /// The attachment to store.
    pub result: Result<Attachment, UiError>,
    /// Its thumbnail, for an after-photo (shown before it is stored).
    pub thumb: Option<egui::ColorImage>,
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
            thumb: None,
        }
    }
}

fn prepare(job: &PhotoJob) -> PreparedPhoto {
    let result = prepare_photo(&job.path).map_err(|e| UiError::Failed(e.to_string()));
    let thumb = match (&job.target, &result) {
        (PhotoTarget::AfterPhoto { .. }, Ok(photo)) => {
            crate::ui::jobs::reader::decode(&photo.bytes, THUMB_PX).ok()
        }
        _ => None,
    };
    PreparedPhoto {
        job: job.clone(),
        result,
        thumb,
    }
}

/// The longer side of an after-photo's thumbnail, in pixels.
const THUMB_PX: u32 = 240;

/// Starts the photo worker: a thread, or inline (tests).
pub fn start(inline: bool, wake: impl Fn() + Send + 'static) -> Result<Worker<PhotoJob>, UiError> {
    Worker::start("photos", inline, wake, || prepare)
}
