//! Photos on letters (server only): whatever a phone sends — JPEG, PNG or WebP — is
//! decoded under size limits, turned upright, scaled to at most 1600 pixels and written
//! again as JPEG. Re-encoding drops every metadata block, so no camera model or GPS
//! position reaches the organization or the public page.
use crate::shell::AppError;

/// Largest upload accepted, and the longest side kept.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
const MAX_SIDE: u32 = 1600;

/// A photo ready to store.
#[derive(Debug)]
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn not_an_image() -> AppError {
    AppError::invalid("file", "只能上传 JPG、PNG 或 WebP 图片")
}

/// Decodes, orients, scales and re-encodes one upload.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, AppError> {
    use image::{codecs::jpeg::JpegEncoder, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::invalid("file", "每张图片不能超过 8 MB"));
    }
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|_| not_an_image())?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) {
        return Err(not_an_image());
    }
    // A small file can claim a huge picture: refuse before allocating it.
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| not_an_image())?;
    let orientation = decoder.orientation().map_err(|_| not_an_image())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| AppError::invalid("file", "图片无法读取，可能已损坏或过大"))?;
    img.apply_orientation(orientation);
    if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let rgb = img.to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 82).encode_image(&rgb).map_err(AppError::internal)?;
    Ok(Prepared { width: rgb.width(), height: rgb.height(), jpeg })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, RgbImage};

    fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_photos_are_scaled_and_become_jpeg() {
        let p = prepare(&encoded(3200, 1200, ImageFormat::Png)).unwrap();
        assert_eq!((p.width, p.height), (1600, 600));
        assert_eq!(&p.jpeg[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
        let small = prepare(&encoded(400, 300, ImageFormat::Jpeg)).unwrap();
        assert_eq!((small.width, small.height), (400, 300), "small photos keep their size");
    }

    #[test]
    fn metadata_does_not_survive() {
        // A JPEG with an EXIF block naming a camera: the stored copy has no APP1 segment.
        let plain = encoded(64, 64, ImageFormat::Jpeg);
        let exif: &[u8] = b"Exif\0\0II*\0\x08\0\0\0\0\0CameraModel-GPS";
        let mut with_exif = plain[..2].to_vec();
        with_exif.extend_from_slice(&[0xFF, 0xE1, 0, (exif.len() + 2) as u8]);
        with_exif.extend_from_slice(exif);
        with_exif.extend_from_slice(&plain[2..]);
        let p = prepare(&with_exif).unwrap();
        assert!(!p.jpeg.windows(4).any(|w| w == b"Exif"));
        assert!(!p.jpeg.windows(11).any(|w| w == b"CameraModel"));
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(prepare(b"GIF89a....").unwrap_err(), not_an_image());
        assert_eq!(prepare(b"%PDF-1.7 not a photo").unwrap_err(), not_an_image());
        assert!(prepare(&vec![0u8; MAX_UPLOAD_BYTES + 1]).is_err());
        let mut truncated = encoded(200, 200, ImageFormat::Png);
        truncated.truncate(truncated.len() / 2);
        assert!(prepare(&truncated).is_err());
    }
}
