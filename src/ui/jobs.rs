//! Work that can take longer than a frame runs on named threads; the app polls the results
//! each frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::domain::Attachment;
use crate::export::photo::prepare_photo;
use crate::store::{InspectionFilter, InspectionRow, SortKey, Store};

/// What a history list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Filter.
    pub filter: InspectionFilter,
    /// Sort column.
    pub sort: SortKey,
    /// Descending.
    pub descending: bool,
}

/// A request to the history reader.
#[derive(Debug, Clone)]
pub enum HistoryRequest {
    /// Count the matching inspections.
    Count {
        /// Which query generation asked.
        generation: u64,
        /// The query.
        query: HistoryQuery,
    },
    /// Load one page.
    Page {
        /// Which query generation asked.
        generation: u64,
        /// The query.
        query: HistoryQuery,
        /// Page number.
        page: usize,
    },
}

/// An answer of the history reader.
#[derive(Debug)]
pub enum HistoryReply {
    /// The count.
    Count {
        /// Query generation.
        generation: u64,
        /// Number of rows, or the error.
        result: Result<i64, String>,
    },
    /// A page.
    Page {
        /// Query generation.
        generation: u64,
        /// Page number.
        page: usize,
        /// The rows, or the error.
        result: Result<Vec<InspectionRow>, String>,
    },
}

/// Rows per history page.
pub const PAGE_ROWS: usize = 200;

impl HistoryRequest {
    /// The query generation that asked.
    pub fn generation(&self) -> u64 {
        match self {
            HistoryRequest::Count { generation, .. } | HistoryRequest::Page { generation, .. } => {
                *generation
            }
        }
    }
}

/// The matching ids of the last text-filtered query: a search of the notes reads them all
/// once, then its count and every page, at any depth, come from the list.
#[derive(Debug, Default)]
pub struct HistoryCache {
    key: Option<(u64, HistoryQuery)>,
    ids: Vec<i64>,
}

impl HistoryCache {
    fn ids(
        &mut self,
        store: &Store,
        generation: u64,
        query: &HistoryQuery,
    ) -> crate::store::Result<&[i64]> {
        let key = (generation, query.clone());
        if self.key.as_ref() != Some(&key) {
            self.key = None;
            self.ids = store.inspection_ids(&query.filter, query.sort, query.descending)?;
            self.key = Some(key);
        }
        Ok(&self.ids)
    }
}

fn searches_text(query: &HistoryQuery) -> bool {
    query
        .filter
        .text
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty())
}

/// Runs one history request against a store.
pub fn run_history_request(
    store: &Store,
    cache: &mut HistoryCache,
    request: HistoryRequest,
) -> HistoryReply {
    match request {
        HistoryRequest::Count { generation, query } if searches_text(&query) => {
            HistoryReply::Count {
                generation,
                result: cache
                    .ids(store, generation, &query)
                    .map(|ids| ids.len() as i64)
                    .map_err(|e| e.to_string()),
            }
        }
        HistoryRequest::Page {
            generation,
            query,
            page,
        } if searches_text(&query) => HistoryReply::Page {
            generation,
            page,
            result: cache
                .ids(store, generation, &query)
                .and_then(|ids| {
                    let start = (page * PAGE_ROWS).min(ids.len());
                    let end = (start + PAGE_ROWS).min(ids.len());
                    store.inspection_rows(&ids[start..end])
                })
                .map_err(|e| e.to_string()),
        },
        HistoryRequest::Count { generation, query } => HistoryReply::Count {
            generation,
            result: store
                .count_inspections(&query.filter)
                .map_err(|e| e.to_string()),
        },
        HistoryRequest::Page {
            generation,
            query,
            page,
        } => HistoryReply::Page {
            generation,
            page,
            result: store
                .list_inspections(
                    &query.filter,
                    query.sort,
                    query.descending,
                    (page * PAGE_ROWS) as i64,
                    PAGE_ROWS as i64,
                )
                .map_err(|e| e.to_string()),
        },
    }
}

/// A thread with its own connection to the database that answers history requests.
pub struct HistoryReader {
    requests: Sender<HistoryRequest>,
    replies: Receiver<HistoryReply>,
}

impl HistoryReader {
    /// Starts the reader thread on the database at `db_path`; `wake` is called after each reply.
    pub fn start(
        db_path: &Path,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<HistoryReader> {
        let (request_tx, request_rx) = channel::<HistoryRequest>();
        let (reply_tx, reply_rx) = channel();
        let path = db_path.to_path_buf();
        std::thread::Builder::new()
            .name("history-reader".into())
            .spawn(move || {
                let store = match Store::open(&path) {
                    Ok(store) => store,
                    Err(e) => {
                        let message = e.to_string();
                        // Answer every request with the open error until the app goes away.
                        while let Ok(request) = request_rx.recv() {
                            let reply = match request {
                                HistoryRequest::Count { generation, .. } => HistoryReply::Count {
                                    generation,
                                    result: Err(message.clone()),
                                },
                                HistoryRequest::Page {
                                    generation, page, ..
                                } => HistoryReply::Page {
                                    generation,
                                    page,
                                    result: Err(message.clone()),
                                },
                            };
                            if reply_tx.send(reply).is_err() {
                                return;
                            }
                            wake();
                        }
                        return;
                    }
                };
                let mut cache = HistoryCache::default();
                while let Ok(first) = request_rx.recv() {
                    // Requests of an older query that queued up while this one worked are
                    // no longer wanted: answer only the newest generation's.
                    let mut pending = vec![first];
                    pending.extend(request_rx.try_iter());
                    let newest = pending.iter().map(HistoryRequest::generation).max();
                    for request in pending {
                        if Some(request.generation()) != newest {
                            continue;
                        }
                        let reply = run_history_request(&store, &mut cache, request);
                        if reply_tx.send(reply).is_err() {
                            return;
                        }
                        wake();
                    }
                }
            })?;
        Ok(HistoryReader {
            requests: request_tx,
            replies: reply_rx,
        })
    }

    /// Queues a request; false when the thread is gone.
    pub fn send(&self, request: HistoryRequest) -> bool {
        self.requests.send(request).is_ok()
    }

    /// The replies that arrived since the last poll.
    pub fn poll(&self) -> Vec<HistoryReply> {
        let mut out = Vec::new();
        loop {
            match self.replies.try_recv() {
                Ok(reply) => out.push(reply),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return out,
            }
        }
    }
}

/// A photo prepared off the frame path, for one item of one inspection.
#[derive(Debug)]
pub struct PreparedPhoto {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// The attachment, or why the file cannot be used.
    pub result: Result<Attachment, String>,
}

/// Prepares photos on background threads.
pub struct PhotoJobs {
    tx: Sender<PreparedPhoto>,
    rx: Receiver<PreparedPhoto>,
    /// Jobs started and not yet collected.
    pub pending: usize,
}

impl Default for PhotoJobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        PhotoJobs { tx, rx, pending: 0 }
    }
}

impl PhotoJobs {
    /// Reads and downscales `path` on a new thread.
    pub fn start(
        &mut self,
        inspection_id: i64,
        template_row: i64,
        item_id: String,
        path: PathBuf,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<()> {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("photo-prepare".into())
            .spawn(move || {
                let result = prepare_photo(&path).map_err(|e| e.to_string());
                // The app may be gone; nothing to do then.
                let _closed = tx.send(PreparedPhoto {
                    inspection_id,
                    template_row,
                    item_id,
                    result,
                });
                wake();
            })?;
        self.pending += 1;
        Ok(())
    }

    /// Prepares `path` on this thread (tests).
    pub fn run_inline(
        &mut self,
        inspection_id: i64,
        template_row: i64,
        item_id: String,
        path: &Path,
    ) {
        let result = prepare_photo(path).map_err(|e| e.to_string());
        self.pending += 1;
        let _closed = self.tx.send(PreparedPhoto {
            inspection_id,
            template_row,
            item_id,
            result,
        });
    }

    /// Photos finished since the last poll.
    pub fn poll(&mut self) -> Vec<PreparedPhoto> {
        let mut out = Vec::new();
        while let Ok(done) = self.rx.try_recv() {
            self.pending = self.pending.saturating_sub(1);
            out.push(done);
        }
        out
    }
}

/// Stored photos to decode: (attachment id, bytes).
pub type PhotoBatch = Vec<(i64, Vec<u8>)>;

/// A photo thumbnail decoded off the frame path.
#[derive(Debug)]
pub struct DecodedThumb {
    /// Attachment row id.
    pub attachment_id: i64,
    /// The small image, or why it could not be decoded.
    pub result: Result<egui::ColorImage, String>,
}

/// Decodes a stored photo into a thumbnail at most `THUMB_PX` on its longer side.
pub fn decode_thumb(bytes: &[u8]) -> Result<egui::ColorImage, String> {
    const THUMB_PX: u32 = 240;
    let image = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let small = image.thumbnail(THUMB_PX, THUMB_PX).to_rgba8();
    let size = [small.width() as usize, small.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        small.as_raw(),
    ))
}

/// Decodes photo thumbnails on background threads, one thread per batch.
pub struct ThumbJobs {
    tx: Sender<DecodedThumb>,
    rx: Receiver<DecodedThumb>,
}

impl Default for ThumbJobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        ThumbJobs { tx, rx }
    }
}

impl ThumbJobs {
    /// Decodes `photos` (attachment id, stored bytes) on a new thread; `wake` after each.
    pub fn start(
        &self,
        photos: PhotoBatch,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<()> {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("photo-thumbs".into())
            .spawn(move || {
                for (attachment_id, bytes) in photos {
                    let result = decode_thumb(&bytes);
                    if tx
                        .send(DecodedThumb {
                            attachment_id,
                            result,
                        })
                        .is_err()
                    {
                        // The app is gone.
                        return;
                    }
                    wake();
                }
            })?;
        Ok(())
    }

    /// Decodes `photos` on this thread (tests).
    pub fn run_inline(&self, photos: PhotoBatch) {
        for (attachment_id, bytes) in photos {
            let result = decode_thumb(&bytes);
            let _closed = self.tx.send(DecodedThumb {
                attachment_id,
                result,
            });
        }
    }

    /// Thumbnails finished since the last poll.
    pub fn poll(&self) -> Vec<DecodedThumb> {
        let mut out = Vec::new();
        while let Ok(done) = self.rx.try_recv() {
            out.push(done);
        }
        out
    }
}
