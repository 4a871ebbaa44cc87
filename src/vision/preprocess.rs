//! Image decoding and CLIP-exact preprocessing: bytes in, a normalised CHW
//! `f32` tensor out, bit-for-bit the pipeline OpenAI's CLIP runs in Python
//! (`Resize(224, BICUBIC)` on a PIL image, `CenterCrop(224)`,
//! `convert("RGB")`, `ToTensor`, `Normalize`). Pillow's antialiased resampler
//! (`ImagingResample` in `src/libImaging/Resample.c`) is reimplemented here
//! with its fixed-point arithmetic, because the `image` crate's filters land
//! up to 0.04 away in normalised units and that moves embeddings. Decoding
//! refuses oversized images from their header, before any pixel buffer is
//! allocated, and every failure is an [`ImageError`] the HTTP layer can turn
//! into a 4xx answer.
//!
//! "Pillow" means the classic resampler, unchanged from Pillow 4.3 to 12.x:
//! horizontal pass first. Pillow 13.0 sometimes runs the vertical pass first,
//! which moves a few pixels by up to 3 levels; the published CLIP reference
//! tensors predate it. Pixels differ from Pillow's only where the decoders
//! do: PNG and WebP decode identically, JPEG (`zune-jpeg` against
//! libjpeg-turbo) by up to 3 levels, 4 with 4:2:0 chroma.

use std::io::Cursor;
use std::ops::Range;

use image::error::UnsupportedErrorKind;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use ndarray::ArrayView3;

/// Side of the square CLIP ViT-B/32 input.
pub const CLIP_INPUT_SIZE: u32 = 224;

/// Per-channel mean OpenAI's CLIP normalises with (RGB order). The digits
/// are OpenAI's as published; some exceed f32 precision, harmlessly.
#[allow(clippy::excessive_precision)]
pub const CLIP_MEAN: [f32; 3] = [0.481_454_66, 0.457_827_5, 0.408_210_73];

/// Per-channel standard deviation OpenAI's CLIP normalises with (RGB order).
#[allow(clippy::excessive_precision)]
pub const CLIP_STD: [f32; 3] = [0.268_629_54, 0.261_302_58, 0.275_777_11];

/// Why an uploaded image was refused. Every variant is the client's fault,
/// so all of them map to a 4xx status ([`ImageError::is_too_large`] picks out
/// the ones that deserve 413).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    #[error("image is empty (0 bytes)")]
    Empty,
    #[error("not a supported image: {format} (expected jpeg, png or webp)")]
    UnsupportedFormat { format: String },
    #[error("image has zero width or height")]
    ZeroSize,
    #[error("image is {width}x{height} pixels, more than the limit of {max_pixels} pixels")]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    #[error(
        "image is {width}x{height} pixels, a side is longer than the limit of {max_dimension} pixels"
    )]
    DimensionTooLarge {
        width: u32,
        height: u32,
        max_dimension: u32,
    },
    #[error("decoding the image would need more than {max_bytes} bytes of memory")]
    MemoryLimit { max_bytes: u64 },
    #[error("image data is truncated")]
    Truncated,
    #[error("image data is corrupt: {reason}")]
    Corrupt { reason: String },
}

impl ImageError {
    /// True for refusals caused by the image's size (answer 413 rather than 422).
    pub fn is_too_large(&self) -> bool {
        matches!(
            self,
            Self::TooManyPixels { .. } | Self::DimensionTooLarge { .. } | Self::MemoryLimit { .. }
        )
    }
}

/// Bounds checked against the image header before decoding, so a
/// decompression bomb (a few KiB of PNG declaring 20,000 x 20,000 pixels)
/// costs nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Largest accepted `width * height`.
    pub max_pixels: u64,
    /// Largest accepted width or height on its own.
    pub max_dimension: u32,
    /// Ceiling on what the decoder may allocate (output buffer included).
    pub max_alloc_bytes: u64,
}

impl Default for ImageLimits {
    /// 40 megapixels, 16,384 pixels a side, 512 MiB of decoder memory: a
    /// 48 MP phone photo is refused, every catalogue photo is not.
    fn default() -> Self {
        Self {
            max_pixels: 40_000_000,
            max_dimension: 16_384,
            max_alloc_bytes: 512 << 20,
        }
    }
}

/// Resampling filter; CLIP uses bicubic, some open_clip exports bilinear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interpolation {
    Bicubic,
    Bilinear,
}

/// How the image is brought to a square.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResizeMode {
    /// Shortest side to `size`, then centre crop (CLIP and open_clip's default).
    Shortest,
    /// Both sides to `size`, aspect ratio ignored (open_clip's `squash`).
    Squash,
}

/// Everything that shapes the tensor a model receives.
#[derive(Debug, Clone, PartialEq)]
pub struct PreprocessConfig {
    /// Side of the square input.
    pub size: u32,
    /// Per-channel mean subtracted after scaling to `[0, 1]` (RGB order).
    pub mean: [f32; 3],
    /// Per-channel divisor applied after subtracting the mean (RGB order).
    pub std: [f32; 3],
    pub interpolation: Interpolation,
    pub resize_mode: ResizeMode,
    /// Rotate and flip by the EXIF orientation tag first, as
    /// `ImageOps.exif_transpose` does. OpenAI's own code does not, but a
    /// phone photo lying on its side is a different picture to the model.
    pub apply_orientation: bool,
    pub limits: ImageLimits,
}

impl PreprocessConfig {
    /// OpenAI CLIP's preprocessing for a square input of side `size`.
    pub fn clip(size: u32) -> Self {
        Self {
            size,
            mean: CLIP_MEAN,
            std: CLIP_STD,
            interpolation: Interpolation::Bicubic,
            resize_mode: ResizeMode::Shortest,
            apply_orientation: true,
            limits: ImageLimits::default(),
        }
    }
}

impl Default for PreprocessConfig {
    fn default() -> Self {
        Self::clip(CLIP_INPUT_SIZE)
    }
}

/// A preprocessed image: `3 x size x size` `f32`, channel-major (CHW).
#[derive(Debug, Clone, PartialEq)]
pub struct ImageTensor {
    size: u32,
    data: Vec<f32>,
}

impl ImageTensor {
    /// Wraps CHW data; `None` unless `data.len() == 3 * size * size`.
    pub fn from_vec(size: u32, data: Vec<f32>) -> Option<Self> {
        (data.len() == 3 * size as usize * size as usize).then_some(Self { size, data })
    }

    pub fn size(&self) -> u32 {
        self.size
    }

    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    pub fn into_vec(self) -> Vec<f32> {
        self.data
    }

    /// The tensor as `[3, size, size]`.
    pub fn view(&self) -> ArrayView3<'_, f32> {
        let s = self.size as usize;
        ArrayView3::from_shape((3, s, s), &self.data).expect("length checked at construction")
    }
}

/// Decodes and preprocesses one image.
pub fn preprocess(bytes: &[u8], config: &PreprocessConfig) -> Result<ImageTensor, ImageError> {
    let decoded = decode(bytes, &config.limits, config.apply_orientation)?;
    Ok(decoded.to_tensor(config))
}

/// Pixel layout as Pillow would hold it after `Image.open`; it decides
/// whether resizing goes through premultiplied alpha and what
/// `convert("RGB")` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelLayout {
    /// Pillow mode `L`.
    Luma,
    /// Pillow mode `LA`: resized premultiplied (`La`), alpha then dropped.
    LumaAlpha,
    /// Pillow mode `RGB`.
    Rgb,
    /// Pillow mode `RGBA`: resized premultiplied (`RGBa`), alpha then dropped.
    Rgba,
}

impl PixelLayout {
    fn channels(self) -> usize {
        match self {
            Self::Luma => 1,
            Self::LumaAlpha => 2,
            Self::Rgb => 3,
            Self::Rgba => 4,
        }
    }

    fn has_alpha(self) -> bool {
        matches!(self, Self::LumaAlpha | Self::Rgba)
    }
}

/// Decoded 8-bit pixels, upright, in the layout Pillow would have.
#[derive(Debug, Clone)]
pub struct DecodedImage {
    width: u32,
    height: u32,
    layout: PixelLayout,
    /// Pillow resizes palette (`P`) and 1-bit (`1`) images with NEAREST
    /// whatever filter is asked for; this records that.
    nearest_only: bool,
    data: Vec<u8>,
}

impl DecodedImage {
    /// Wraps interleaved 8-bit pixels, e.g. ones Pillow decoded, so the
    /// resampler can be checked apart from the decoder.
    pub fn from_raw(width: u32, height: u32, layout: PixelLayout, data: Vec<u8>) -> Option<Self> {
        let expected = width as usize * height as usize * layout.channels();
        (width > 0 && height > 0 && data.len() == expected).then_some(Self {
            width,
            height,
            layout,
            nearest_only: false,
            data,
        })
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn layout(&self) -> PixelLayout {
        self.layout
    }

    /// Whether Pillow would resize this image with NEAREST (palette or 1-bit PNG).
    pub fn is_nearest_only(&self) -> bool {
        self.nearest_only
    }

    /// Full-size interleaved RGB, as Pillow's `convert("RGB")` would give
    /// before any resizing (alpha dropped, not composited).
    pub fn to_rgb8(&self) -> Vec<u8> {
        to_rgb(&self.data, self.layout)
    }

    /// Resized, cropped RGB pixels (`size x size x 3`, row-major), i.e. the
    /// 8-bit image CLIP's `ToTensor` sees.
    pub fn resize_crop_rgb8(&self, config: &PreprocessConfig) -> Vec<u8> {
        let (w, h) = (self.width as usize, self.height as usize);
        let size = config.size as usize;
        let (out_w, out_h) = match config.resize_mode {
            ResizeMode::Shortest => shortest_side_size(w, h, size),
            ResizeMode::Squash => (size, size),
        };
        // torchvision's center_crop: int(round((n - size) / 2.0)), with
        // Python's round-half-to-even.
        let left = crop_offset(out_w, size);
        let top = crop_offset(out_h, size);
        let (cols, rows) = (left..left + size, top..top + size);
        let channels = self.layout.channels();

        let unchanged = out_w == w && out_h == h;
        let resized = if unchanged {
            // Both torchvision and Pillow return the image untouched when the
            // size already matches, so alpha is never premultiplied here.
            crop(&self.data, w, channels, cols, rows)
        } else if self.nearest_only {
            resample_nearest(&self.data, w, h, channels, out_w, out_h, cols, rows)
        } else if self.layout.has_alpha() {
            // Pillow's `resize` on LA/RGBA: convert to La/RGBa, resize, convert back.
            let premultiplied = premultiply(&self.data, channels);
            let filter = Filter::from(config.interpolation);
            let out = resample(
                &premultiplied,
                w,
                h,
                channels,
                out_w,
                out_h,
                cols,
                rows,
                filter,
            );
            unpremultiply(&out, channels)
        } else {
            let filter = Filter::from(config.interpolation);
            resample(&self.data, w, h, channels, out_w, out_h, cols, rows, filter)
        };
        to_rgb(&resized, self.layout)
    }

    /// The normalised CHW tensor for `config`.
    pub fn to_tensor(&self, config: &PreprocessConfig) -> ImageTensor {
        let rgb = self.resize_crop_rgb8(config);
        ImageTensor {
            size: config.size,
            data: normalize_chw(&rgb, config),
        }
    }
}

/// Decodes `bytes` (JPEG, PNG or WebP) after checking the header against
/// `limits`, then applies the EXIF orientation if asked.
pub fn decode(
    bytes: &[u8],
    limits: &ImageLimits,
    apply_orientation: bool,
) -> Result<DecodedImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("reading from memory cannot fail");
    // Limits are applied by hand below, once the header has been read.
    reader.no_limits();
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(other) => {
            return Err(ImageError::UnsupportedFormat {
                format: format_name(other),
            });
        }
        None => {
            return Err(ImageError::UnsupportedFormat {
                format: "unrecognised data".to_owned(),
            });
        }
    };
    if format == ImageFormat::Jpeg {
        check_jpeg_complete(bytes)?;
    }
    let dims_error = |width, height| ImageError::DimensionTooLarge {
        width,
        height,
        max_dimension: limits.max_dimension,
    };
    let png = (format == ImageFormat::Png)
        .then(|| png_header(bytes))
        .flatten();
    if let Some(ihdr) = &png {
        // Checked before the PNG decoder is built, so that not even its
        // row buffers are sized from a hostile header.
        if ihdr.width > limits.max_dimension || ihdr.height > limits.max_dimension {
            return Err(dims_error(ihdr.width, ihdr.height));
        }
    }

    // Building the decoder reads only the header. The limits are checked
    // against it here, then handed to the decoder for its own allocations.
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| map_codec_error(e, limits))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(ImageError::ZeroSize);
    }
    if width > limits.max_dimension || height > limits.max_dimension {
        return Err(dims_error(width, height));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    if decoder.total_bytes() > limits.max_alloc_bytes {
        return Err(ImageError::MemoryLimit {
            max_bytes: limits.max_alloc_bytes,
        });
    }
    let mut codec_limits = Limits::default();
    codec_limits.max_image_width = Some(limits.max_dimension);
    codec_limits.max_image_height = Some(limits.max_dimension);
    codec_limits.max_alloc = Some(limits.max_alloc_bytes);
    decoder
        .set_limits(codec_limits)
        .map_err(|e| map_codec_error(e, limits))?;
    let orientation = if apply_orientation {
        // A broken EXIF block is no reason to refuse a decodable photo.
        decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms)
    } else {
        image::metadata::Orientation::NoTransforms
    };
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| map_codec_error(e, limits))?;
    image.apply_orientation(orientation);

    let (width, height) = (image.width(), image.height());
    let (mut layout, mut data) = to_layout(image);
    let mut nearest_only = false;
    if let Some(ihdr) = png {
        // Pillow opens grey, RGB and palette PNGs with a tRNS chunk as L, RGB
        // and P (transparency kept aside in `info`), so it neither
        // premultiplies nor keeps that alpha; the `image` crate expands tRNS
        // into an alpha channel, which is dropped again here.
        if matches!(ihdr.color_type, 0 | 2 | 3) && layout.has_alpha() {
            data = strip_alpha(&data, layout);
            layout = if layout == PixelLayout::LumaAlpha {
                PixelLayout::Luma
            } else {
                PixelLayout::Rgb
            };
        }
        // Palette and 1-bit images are modes P and 1 in Pillow, which
        // `Image.resize` always resamples with NEAREST.
        nearest_only = ihdr.color_type == 3 || (ihdr.color_type == 0 && ihdr.bit_depth == 1);
    }
    Ok(DecodedImage {
        width,
        height,
        layout,
        nearest_only,
        data,
    })
}

/// The fields of a PNG IHDR chunk: size, and what decides Pillow's mode.
struct PngHeader {
    width: u32,
    height: u32,
    bit_depth: u8,
    color_type: u8,
}

fn png_header(bytes: &[u8]) -> Option<PngHeader> {
    // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4),
    // bit depth (1), colour type (1).
    if bytes.len() < 26 || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be32 =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some(PngHeader {
        width: be32(16),
        height: be32(20),
        bit_depth: bytes[24],
        color_type: bytes[25],
    })
}

/// `zune-jpeg`, which the `image` crate decodes JPEG with, runs in lenient
/// mode and fills a truncated scan with grey instead of failing, where
/// libjpeg (Pillow) raises "image file is truncated". A complete JPEG has an
/// EOI marker (`FF D9`) after its first scan starts; entropy-coded data
/// cannot contain that pair (a data `FF` is always followed by `00`). The
/// search starts at the first SOS, because an EXIF thumbnail earlier in the
/// file ends with its own EOI, and runs to the end of the file, because
/// data may follow the image (e.g. the video of a "motion photo").
fn check_jpeg_complete(bytes: &[u8]) -> Result<(), ImageError> {
    let Some(scan) = jpeg_first_scan(bytes) else {
        // No scan at all: let the decoder say what is wrong with the headers.
        return Ok(());
    };
    if bytes[scan..].windows(2).any(|w| w == [0xFF, 0xD9]) {
        Ok(())
    } else {
        Err(ImageError::Truncated)
    }
}

/// Offset of the first SOS marker, found by walking the marker segments.
fn jpeg_first_scan(bytes: &[u8]) -> Option<usize> {
    let mut pos = 2; // after SOI
    loop {
        while bytes.get(pos) == Some(&0xFF) && bytes.get(pos + 1) == Some(&0xFF) {
            pos += 1; // fill bytes
        }
        if bytes.get(pos) != Some(&0xFF) {
            return None;
        }
        let marker = *bytes.get(pos + 1)?;
        match marker {
            0xDA => return Some(pos),
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD7 => pos += 2,
            _ => {
                let len = u16::from_be_bytes([*bytes.get(pos + 2)?, *bytes.get(pos + 3)?]) as usize;
                pos += 2 + len;
            }
        }
    }
}

fn format_name(format: ImageFormat) -> String {
    format
        .extensions_str()
        .first()
        .map_or_else(|| format!("{format:?}").to_lowercase(), |e| (*e).to_owned())
}

fn map_codec_error(error: image::ImageError, limits: &ImageLimits) -> ImageError {
    use image::ImageError as E;
    match error {
        // Dimensions were checked before the limits reached the decoder,
        // so what is left is the memory ceiling.
        E::Limits(_) => ImageError::MemoryLimit {
            max_bytes: limits.max_alloc_bytes,
        },
        E::Unsupported(u) => match u.kind() {
            UnsupportedErrorKind::Format(hint) => ImageError::UnsupportedFormat {
                format: hint.to_string(),
            },
            _ => ImageError::Corrupt {
                reason: tidy_reason(&u.to_string()),
            },
        },
        E::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => ImageError::Truncated,
        other => {
            let reason = tidy_reason(&other.to_string());
            if reason.contains("eof")
                || reason.contains("end of file")
                || reason.contains("truncated")
            {
                ImageError::Truncated
            } else {
                ImageError::Corrupt { reason }
            }
        }
    }
}

/// Codec messages come capitalised and with trailing periods; the house
/// style is lowercase without one.
fn tidy_reason(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown decoder error".to_owned(),
    }
}

/// Flattens any decoded image into 8-bit interleaved pixels. 16-bit samples
/// keep their high byte, which is what Pillow's `;16B` unpackers do.
fn to_layout(image: DynamicImage) -> (PixelLayout, Vec<u8>) {
    fn high_bytes(samples: &[u16]) -> Vec<u8> {
        samples.iter().map(|&v| (v >> 8) as u8).collect()
    }
    match image {
        DynamicImage::ImageLuma8(b) => (PixelLayout::Luma, b.into_raw()),
        DynamicImage::ImageLumaA8(b) => (PixelLayout::LumaAlpha, b.into_raw()),
        DynamicImage::ImageRgb8(b) => (PixelLayout::Rgb, b.into_raw()),
        DynamicImage::ImageRgba8(b) => (PixelLayout::Rgba, b.into_raw()),
        DynamicImage::ImageLuma16(b) => (PixelLayout::Luma, high_bytes(b.as_raw())),
        DynamicImage::ImageLumaA16(b) => (PixelLayout::LumaAlpha, high_bytes(b.as_raw())),
        DynamicImage::ImageRgb16(b) => (PixelLayout::Rgb, high_bytes(b.as_raw())),
        DynamicImage::ImageRgba16(b) => (PixelLayout::Rgba, high_bytes(b.as_raw())),
        other if other.color().has_alpha() => (PixelLayout::Rgba, other.into_rgba8().into_raw()),
        other => (PixelLayout::Rgb, other.into_rgb8().into_raw()),
    }
}

fn strip_alpha(data: &[u8], layout: PixelLayout) -> Vec<u8> {
    let channels = layout.channels();
    data.chunks_exact(channels)
        .flat_map(|px| px[..channels - 1].iter().copied())
        .collect()
}

/// Pillow's `convert("RGB")`: grey replicated, alpha dropped (not composited
/// onto a background).
fn to_rgb(data: &[u8], layout: PixelLayout) -> Vec<u8> {
    match layout {
        PixelLayout::Rgb => data.to_vec(),
        PixelLayout::Rgba => data
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        PixelLayout::Luma => data.iter().flat_map(|&v| [v, v, v]).collect(),
        PixelLayout::LumaAlpha => data
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0]])
            .collect(),
    }
}

/// Pillow's `MULDIV255`: `a * b / 255` rounded, without a division.
fn muldiv255(a: u8, b: u8) -> u8 {
    let t = u32::from(a) * u32::from(b) + 128;
    (((t >> 8) + t) >> 8) as u8
}

/// Pillow's `rgbA2rgba` / `la2lA`: colour channels times alpha.
fn premultiply(data: &[u8], channels: usize) -> Vec<u8> {
    let mut out = data.to_vec();
    for px in out.chunks_exact_mut(channels) {
        let (colour, alpha) = px.split_at_mut(channels - 1);
        for c in colour {
            *c = muldiv255(*c, alpha[0]);
        }
    }
    out
}

/// Pillow's `rgba2rgbA` / `La` to `LA`: colour divided by alpha, truncating,
/// left alone where alpha is 0 or 255.
fn unpremultiply(data: &[u8], channels: usize) -> Vec<u8> {
    let mut out = data.to_vec();
    for px in out.chunks_exact_mut(channels) {
        let (colour, alpha) = px.split_at_mut(channels - 1);
        let a = u32::from(alpha[0]);
        if a != 0 && a != 255 {
            for c in colour {
                *c = ((255 * u32::from(*c)) / a).min(255) as u8;
            }
        }
    }
    out
}

/// torchvision's `Resize(size)` output size for an int `size`: shortest side
/// to `size`, the other `int(size * long / short)` (truncated).
fn shortest_side_size(w: usize, h: usize, size: usize) -> (usize, usize) {
    if w <= h {
        (size, (size as f64 * h as f64 / w as f64) as usize)
    } else {
        ((size as f64 * w as f64 / h as f64) as usize, size)
    }
}

/// `int(round((full - size) / 2.0))` with Python 3's round-half-to-even.
fn crop_offset(full: usize, size: usize) -> usize {
    let d = full.saturating_sub(size);
    let half = d / 2;
    if d.is_multiple_of(2) || half.is_multiple_of(2) {
        half
    } else {
        half + 1
    }
}

fn crop(
    data: &[u8],
    width: usize,
    channels: usize,
    cols: Range<usize>,
    rows: Range<usize>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(cols.len() * rows.len() * channels);
    for y in rows {
        let start = (y * width + cols.start) * channels;
        out.extend_from_slice(&data[start..start + cols.len() * channels]);
    }
    out
}

fn normalize_chw(rgb: &[u8], config: &PreprocessConfig) -> Vec<f32> {
    let plane = rgb.len() / 3;
    let mut out = vec![0f32; rgb.len()];
    for (i, px) in rgb.chunks_exact(3).enumerate() {
        for c in 0..3 {
            // Same f32 operations, in the same order, as torchvision's
            // `ToTensor` (`div(255)`) and `Normalize` (`sub(mean).div(std)`).
            out[c * plane + i] = (f32::from(px[c]) / 255.0 - config.mean[c]) / config.std[c];
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Pillow's resampler (src/libImaging/Resample.c), 8 bits per channel.

/// Fixed-point fraction bits: 32 bits minus 8 for the value and 2 for the
/// overshoot of filters with negative lobes.
const PRECISION_BITS: u32 = 32 - 8 - 2;

#[derive(Debug, Clone, Copy)]
enum Filter {
    Bicubic,
    Bilinear,
}

impl From<Interpolation> for Filter {
    fn from(value: Interpolation) -> Self {
        match value {
            Interpolation::Bicubic => Self::Bicubic,
            Interpolation::Bilinear => Self::Bilinear,
        }
    }
}

impl Filter {
    fn support(self) -> f64 {
        match self {
            Self::Bicubic => 2.0,
            Self::Bilinear => 1.0,
        }
    }

    /// Kernel values computed in `f64` with the operations in Pillow's order,
    /// so the weights come out identical.
    fn eval(self, x: f64) -> f64 {
        let x = x.abs();
        match self {
            Self::Bicubic => {
                const A: f64 = -0.5;
                if x < 1.0 {
                    ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0
                } else if x < 2.0 {
                    (((x - 5.0) * x + 8.0) * x - 4.0) * A
                } else {
                    0.0
                }
            }
            Self::Bilinear => {
                if x < 1.0 {
                    1.0 - x
                } else {
                    0.0
                }
            }
        }
    }
}

/// Fixed-point weights for a run of output positions along one axis.
struct Coefficients {
    /// Per output position: first input index and number of taps.
    bounds: Vec<(usize, usize)>,
    /// `ksize` weights per output position (unused tail is zero).
    weights: Vec<i32>,
    ksize: usize,
}

impl Coefficients {
    /// Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for output
    /// positions `window` of an `in_size -> out_size` resize. Each output
    /// position depends only on its own weights, so computing a window is
    /// the same as computing everything and cropping afterwards.
    fn new(in_size: usize, out_size: usize, window: Range<usize>, filter: Filter) -> Self {
        let scale = in_size as f64 / out_size as f64;
        let filterscale = if scale < 1.0 { 1.0 } else { scale };
        let support = filter.support() * filterscale;
        let ksize = support.ceil() as usize * 2 + 1;
        let mut bounds = Vec::with_capacity(window.len());
        let mut weights = vec![0i32; window.len() * ksize];
        let mut k = vec![0f64; ksize];
        for (i, xx) in window.enumerate() {
            let center = (xx as f64 + 0.5) * scale;
            let ss = 1.0 / filterscale;
            // `(int)` in C truncates toward zero, as `as` does.
            let xmin = ((center - support + 0.5) as i64).max(0);
            let xmax = ((center + support + 0.5) as i64).min(in_size as i64);
            let taps = (xmax - xmin).max(0) as usize;
            let mut ww = 0.0;
            for (x, slot) in k.iter_mut().enumerate().take(taps) {
                let w = filter.eval(((x as i64 + xmin) as f64 - center + 0.5) * ss);
                *slot = w;
                ww += w;
            }
            let row = &mut weights[i * ksize..i * ksize + taps];
            for (slot, &w) in row.iter_mut().zip(&k) {
                let w = if ww != 0.0 { w / ww } else { w };
                let fixed = w * f64::from(1u32 << PRECISION_BITS);
                *slot = if w < 0.0 {
                    (-0.5 + fixed) as i32
                } else {
                    (0.5 + fixed) as i32
                };
            }
            bounds.push((xmin as usize, taps));
        }
        Self {
            bounds,
            weights,
            ksize,
        }
    }

    fn taps(&self, i: usize) -> (usize, &[i32]) {
        let (min, taps) = self.bounds[i];
        (min, &self.weights[i * self.ksize..i * self.ksize + taps])
    }

    fn len(&self) -> usize {
        self.bounds.len()
    }
}

/// Pillow's `clip8`: drop the fraction bits, clamp to a byte.
fn clip8(v: i32) -> u8 {
    (v >> PRECISION_BITS).clamp(0, 255) as u8
}

/// Pillow's two-pass resize (horizontal into an 8-bit intermediate, then
/// vertical), evaluated only for output columns `cols` and rows `rows`.
#[allow(clippy::too_many_arguments)]
fn resample(
    src: &[u8],
    w: usize,
    h: usize,
    channels: usize,
    out_w: usize,
    out_h: usize,
    cols: Range<usize>,
    rows: Range<usize>,
    filter: Filter,
) -> Vec<u8> {
    match channels {
        1 => resample_n::<1>(src, w, h, out_w, out_h, cols, rows, filter),
        2 => resample_n::<2>(src, w, h, out_w, out_h, cols, rows, filter),
        3 => resample_n::<3>(src, w, h, out_w, out_h, cols, rows, filter),
        4 => resample_n::<4>(src, w, h, out_w, out_h, cols, rows, filter),
        _ => unreachable!("layouts have 1 to 4 channels"),
    }
}

#[allow(clippy::too_many_arguments)]
fn resample_n<const C: usize>(
    src: &[u8],
    w: usize,
    h: usize,
    out_w: usize,
    out_h: usize,
    cols: Range<usize>,
    rows: Range<usize>,
    filter: Filter,
) -> Vec<u8> {
    let need_horizontal = out_w != w;
    let need_vertical = out_h != h;
    let vertical = need_vertical.then(|| Coefficients::new(h, out_h, rows.clone(), filter));

    // Source rows the vertical pass reads (or, without one, the output rows).
    let src_rows = match &vertical {
        Some(v) => {
            let first = v.bounds[0].0;
            let (last_min, last_taps) = v.bounds[v.len() - 1];
            first..last_min + last_taps
        }
        None => rows.clone(),
    };

    // Horizontal pass, rounded and clipped to 8 bits like Pillow's `imTemp`.
    let (tmp, tmp_w) = if need_horizontal {
        let coeffs = Coefficients::new(w, out_w, cols.clone(), filter);
        let tmp_w = coeffs.len();
        let mut tmp = vec![0u8; src_rows.len() * tmp_w * C];
        for (ty, y) in src_rows.clone().enumerate() {
            let line = &src[y * w * C..(y + 1) * w * C];
            let out = &mut tmp[ty * tmp_w * C..(ty + 1) * tmp_w * C];
            for (xx, out_px) in out.chunks_exact_mut(C).enumerate() {
                let (xmin, k) = coeffs.taps(xx);
                let window = &line[xmin * C..(xmin + k.len()) * C];
                let mut ss = [1i32 << (PRECISION_BITS - 1); C];
                for (px, &kx) in window.chunks_exact(C).zip(k) {
                    for c in 0..C {
                        ss[c] += i32::from(px[c]) * kx;
                    }
                }
                for c in 0..C {
                    out_px[c] = clip8(ss[c]);
                }
            }
        }
        (tmp, tmp_w)
    } else {
        (crop(src, w, C, cols.clone(), src_rows.clone()), cols.len())
    };

    let Some(vertical) = vertical else {
        return tmp;
    };
    let row_offset = src_rows.start;
    let row_len = tmp_w * C;
    let mut out = vec![0u8; vertical.len() * row_len];
    // Row at a time: integer sums are exact, so accumulating tap by tap
    // over a whole row gives Pillow's result and lets the loop vectorise.
    let mut acc = vec![0i32; row_len];
    for (yy, line) in out.chunks_exact_mut(row_len).enumerate() {
        let (ymin, k) = vertical.taps(yy);
        let ymin = ymin - row_offset;
        acc.fill(1 << (PRECISION_BITS - 1));
        for (y, &ky) in k.iter().enumerate() {
            let src_row = &tmp[(ymin + y) * row_len..(ymin + y + 1) * row_len];
            for (a, &p) in acc.iter_mut().zip(src_row) {
                *a += i32::from(p) * ky;
            }
        }
        for (o, &a) in line.iter_mut().zip(&acc) {
            *o = clip8(a);
        }
    }
    out
}

/// Pillow's NEAREST resize (`ImagingScaleAffine`): source index is the
/// truncated running sum `scale / 2 + i * scale`, accumulated in `f64` the
/// way Pillow does, which differs from `(i + 0.5) * scale` at exact edges.
#[allow(clippy::too_many_arguments)]
fn resample_nearest(
    src: &[u8],
    w: usize,
    h: usize,
    channels: usize,
    out_w: usize,
    out_h: usize,
    cols: Range<usize>,
    rows: Range<usize>,
) -> Vec<u8> {
    fn indices(in_size: usize, out_size: usize, window: &Range<usize>) -> Vec<usize> {
        let scale = in_size as f64 / out_size as f64;
        let mut pos = scale * 0.5;
        let mut out = Vec::with_capacity(window.len());
        for i in 0..window.end {
            if i >= window.start {
                out.push((pos as usize).min(in_size - 1));
            }
            pos += scale;
        }
        out
    }
    let xs = indices(w, out_w, &cols);
    let ys = indices(h, out_h, &rows);
    let mut out = Vec::with_capacity(xs.len() * ys.len() * channels);
    for &y in &ys {
        for &x in &xs {
            let at = (y * w + x) * channels;
            out.extend_from_slice(&src[at..at + channels]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_offset_rounds_half_to_even() {
        // (n - 224) / 2: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, 3 -> 3.
        assert_eq!(crop_offset(225, 224), 0);
        assert_eq!(crop_offset(227, 224), 2);
        assert_eq!(crop_offset(229, 224), 2);
        assert_eq!(crop_offset(230, 224), 3);
        assert_eq!(crop_offset(326, 224), 51);
    }

    #[test]
    fn shortest_side_truncates_like_torchvision() {
        assert_eq!(shortest_side_size(450, 655, 224), (224, 326));
        assert_eq!(shortest_side_size(655, 450, 224), (326, 224));
        assert_eq!(shortest_side_size(224, 224, 224), (224, 224));
    }

    #[test]
    fn identity_when_sizes_match() {
        let data: Vec<u8> = (0..224 * 224 * 3).map(|i| (i % 251) as u8).collect();
        let img = DecodedImage::from_raw(224, 224, PixelLayout::Rgb, data.clone()).unwrap();
        assert_eq!(img.resize_crop_rgb8(&PreprocessConfig::default()), data);
    }

    #[test]
    fn error_messages_are_lowercase_without_period() {
        let errors = [
            ImageError::Empty,
            ImageError::Truncated,
            ImageError::ZeroSize,
            ImageError::TooManyPixels {
                width: 1,
                height: 2,
                max_pixels: 1,
            },
        ];
        for e in errors {
            let m = e.to_string();
            assert!(m.chars().next().unwrap().is_lowercase(), "{m}");
            assert!(!m.ends_with('.'), "{m}");
        }
    }
}
