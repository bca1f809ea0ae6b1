//! Photo evidence: read an image file, check it, downscale it and encode it as JPEG for the
//! database. Runs off the UI thread; it never panics on a bad file.

use std::path::Path;

use image::GenericImageView;

use crate::domain::Attachment;

/// Largest file accepted (before downscaling).
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;
/// Longest side of the stored copy, in pixels.
pub const MAX_SIDE_PX: u32 = 1600;
/// Largest decoded image accepted, in pixels (guards against decompression bombs).
const MAX_PIXELS: u64 = 100_000_000;

/// Why a photo cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The file cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Too large.
    #[error("{path}: the file is {size_mb} MB; photos up to {max_mb} MB are accepted")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size_mb: u64,
        /// The limit.
        max_mb: u64,
    },
    /// Not an image this program reads.
    #[error("{path}: not a JPEG or PNG image ({detail})")]
    NotAnImage {
        /// The file.
        path: String,
        /// What the decoder said.
        detail: String,
    },
}

/// Reads, checks and downscales a photo file into an attachment ready to store.
pub fn prepare_photo(path: &Path) -> Result<Attachment, PhotoError> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|source| PhotoError::Io {
            path: shown.clone(),
            source,
        })?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge {
            path: shown,
            size_mb: size.div_ceil(1024 * 1024),
            max_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| PhotoError::Io {
        path: shown.clone(),
        source,
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "photo".into());
    prepare_photo_bytes(&shown, &file_name, &bytes)
}

/// Like [`prepare_photo`], from bytes already read; `shown` names the source in errors.
pub fn prepare_photo_bytes(
    shown: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Attachment, PhotoError> {
    let not_image = |detail: String| PhotoError::NotAnImage {
        path: shown.to_owned(),
        detail,
    };
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| not_image(e.to_string()))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| not_image(e.to_string()))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(not_image(format!("{w}×{h} pixels is too large")));
    }
    let decoded = image::load_from_memory(bytes).map_err(|e| not_image(e.to_string()))?;
    let scaled = if decoded.width().max(decoded.height()) > MAX_SIDE_PX {
        decoded.resize(
            MAX_SIDE_PX,
            MAX_SIDE_PX,
            image::imageops::FilterType::Triangle,
        )
    } else {
        decoded
    };
    let (width, height) = scaled.dimensions();
    let rgb = scaled.to_rgb8();
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    encoder
        .encode_image(&rgb)
        .map_err(|e| not_image(e.to_string()))?;
    Ok(Attachment {
        file_name: file_name.to_owned(),
        mime: "image/jpeg".into(),
        width,
        height,
        bytes: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_png_is_downscaled_to_jpeg() {
        let img = image::RgbImage::from_fn(3200, 1000, |x, _| image::Rgb([(x % 256) as u8, 0, 0]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let a = prepare_photo_bytes("x.png", "x.png", &png).unwrap();
        assert_eq!((a.width, a.height), (1600, 500));
        assert_eq!(a.mime, "image/jpeg");
        assert_eq!(&a.bytes[..2], &[0xFF, 0xD8]);
    }

    #[test]
    fn text_file_is_refused_with_its_name() {
        let err = prepare_photo_bytes("notes.txt", "notes.txt", b"hello").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("notes.txt: not a JPEG or PNG image"),
            "{err}"
        );
    }
}
