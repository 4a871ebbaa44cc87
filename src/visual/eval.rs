//! `dalil eval-visual`: how well a photo finds its listing when it is not the catalogue photo
//! itself but one taken the way shoppers and sellers take them.
//!
//! Each query is a catalogue photo, transformed as [`transform`] says: another backdrop
//! colour, more backdrop around the item, a rotation by up to 8 degrees, a crop, a rescale,
//! brightness and contrast, and JPEG recompression (the steps of `models/query_transforms.py`,
//! which measured the bundled model in Python). The report
//! gives recall@1 and recall@10 of the source listing, and the HNSW recall@10 against exact
//! search of the same queries.

use std::io::Cursor;
use std::sync::Arc;
use std::time::Instant;

use image::{DynamicImage, ImageBuffer, Rgb, RgbImage};
use rand::{Rng, SeedableRng};
use serde::Serialize;

use super::{Visual, VisualError};
use crate::catalog::Listing;
use crate::vectors::VectorFilter;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalReport {
    pub queries: usize,
    pub recall_at_1: f64,
    pub recall_at_10: f64,
    /// Share of the exact top 10 that the HNSW search also returns.
    pub hnsw_recall_at_10: f64,
    /// End to end per query (decode, preprocess, embed, search), milliseconds.
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Evaluates `queries` transformed photos of randomly chosen listings.
pub async fn evaluate(visual: &Arc<Visual>, listings: &[Listing], queries: usize, seed: u64) -> Result<EvalReport, VisualError> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut with_photo: Vec<&Listing> = listings.iter().filter(|l| l.status.is_searchable() && visual.read_photo(l).is_some()).collect();
    // The index hands listings over in no fixed order (a hash set of documents), so without
    // this a seed would draw a different sample on every run.
    with_photo.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    if with_photo.is_empty() {
        return Err(VisualError::Io("no listing has a readable photo to build queries from".into()));
    }
    let (mut hit1, mut hit10, mut overlap, mut times) = (0usize, 0usize, 0usize, Vec::new());
    let mut exact_total = 0usize;
    for _ in 0..queries {
        let listing = with_photo[rng.gen_range(0..with_photo.len())];
        let Some((_, bytes)) = visual.read_photo(listing) else { continue };
        let query = transform(&bytes, &mut rng).map_err(|e| VisualError::Io(format!("listing {}: {e}", listing.id)))?;
        let started = Instant::now();
        let vector = visual.embed_upload(query).await?;
        let hits = visual.search_vector(vector.clone(), VectorFilter::default(), 10, None).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if hits.first().is_some_and(|h| h.listing_id == listing.id) {
            hit1 += 1;
        }
        if hits.iter().any(|h| h.listing_id == listing.id) {
            hit10 += 1;
        }
        let exact = visual.search_exact(vector, 10).await?;
        exact_total += exact.len();
        overlap += exact.iter().filter(|e| hits.iter().any(|h| h.listing_id == e.listing_id)).count();
    }
    times.sort_by(f64::total_cmp);
    let q = |p: f64| times.get(((times.len().max(1) - 1) as f64 * p) as usize).copied().unwrap_or(0.0);
    let n = times.len().max(1) as f64;
    Ok(EvalReport {
        queries: times.len(),
        recall_at_1: hit1 as f64 / n,
        recall_at_10: hit10 as f64 / n,
        hnsw_recall_at_10: if exact_total == 0 { 0.0 } else { overlap as f64 / exact_total as f64 },
        p50_ms: q(0.5),
        p99_ms: q(0.99),
    })
}

/// A catalogue photo as a shopper's photo of the same item: JPEG bytes. In order: the backdrop
/// recoloured to another pale colour (pixels near the border's colour, so the item keeps its
/// own), 10-35% more backdrop on each side (the item off-centre, as from further away), a
/// rotation by up to 8 degrees, a crop keeping 70-95% of the area, a rescale of the long side
/// to 96-320 px, brightness and contrast each times 0.75-1.25, and JPEG at quality 40-80.
pub fn transform(bytes: &[u8], rng: &mut impl Rng) -> Result<Vec<u8>, image::ImageError> {
    let photo = image::load_from_memory(bytes)?.to_rgb8();
    let (w, h) = photo.dimensions();
    // 1. Backdrop colour.
    let backdrop = border_colour(&photo);
    let pale = pale_colour(rng);
    let ratio: [f64; 3] = std::array::from_fn(|k| pale[k] / backdrop[k].max(12.0));
    let recoloured = ImageBuffer::from_fn(w, h, |x, y| {
        let p = photo.get_pixel(x, y).0;
        let near = (0..3).all(|k| (p[k] as f64 - backdrop[k]).abs() < 20.0);
        if near { Rgb(std::array::from_fn(|k| (p[k] as f64 * ratio[k]).clamp(0.0, 255.0) as u8)) } else { Rgb(p) }
    });
    // 2. Padding: the edge pixels repeated outwards.
    let m: [f64; 4] = std::array::from_fn(|_| rng.gen_range(0.10..0.35));
    let (l, t) = ((m[0] * w as f64) as i64, (m[1] * h as f64) as i64);
    let (pw, ph) = (w + l as u32 + (m[2] * w as f64) as u32, h + t as u32 + (m[3] * h as f64) as u32);
    let padded: RgbImage = ImageBuffer::from_fn(pw, ph, |x, y| {
        let sx = (x as i64 - l).clamp(0, w as i64 - 1) as u32;
        let sy = (y as i64 - t).clamp(0, h as i64 - 1) as u32;
        *recoloured.get_pixel(sx, sy)
    });
    // 3. Rotation, the corners filled with the backdrop.
    let fill = border_colour(&padded);
    let rotated = rotate(&padded, rng.gen_range(-8.0..8.0f64).to_radians(), Rgb(fill.map(|c| c as u8)));
    // 4. Crop.
    let area = rng.gen_range(0.70..0.95f64);
    let aspect = rng.gen_range(0.75..1.333f64);
    let (rw, rh) = rotated.dimensions();
    let cw = ((rw as f64 * (area * aspect).sqrt()).min(rw as f64) as u32).max(8);
    let ch = ((rh as f64 * (area / aspect).sqrt()).min(rh as f64) as u32).max(8);
    let (x0, y0) = (rng.gen_range(0..=rw - cw), rng.gen_range(0..=rh - ch));
    let cropped = DynamicImage::ImageRgb8(rotated).crop_imm(x0, y0, cw, ch).to_rgb8();
    // 5. Scale: long side 96-320 px.
    let long = rng.gen_range(96..=320u32) as f64 / cw.max(ch) as f64;
    let scaled = image::imageops::resize(
        &cropped,
        ((cw as f64 * long) as u32).max(16),
        ((ch as f64 * long) as u32).max(16),
        image::imageops::FilterType::CatmullRom,
    );
    // 6. Brightness, then contrast about the mean grey (as Pillow's ImageEnhance does).
    let (brightness, contrast) = (rng.gen_range(0.75..1.25f64), rng.gen_range(0.75..1.25f64));
    let grey = scaled.pixels().map(|p| 0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64).sum::<f64>()
        / (scaled.width() * scaled.height()).max(1) as f64
        * brightness;
    let lit = ImageBuffer::from_fn(scaled.width(), scaled.height(), |x, y| {
        let p = scaled.get_pixel(x, y);
        Rgb(p.0.map(|c| ((c as f64 * brightness - grey) * contrast + grey).clamp(0.0, 255.0) as u8))
    });
    // 7. JPEG.
    let mut out = Cursor::new(Vec::new());
    let quality = rng.gen_range(40..=80u8);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(&DynamicImage::ImageRgb8(lit))?;
    Ok(out.into_inner())
}

/// Mean colour of the outermost pixels: the backdrop of a product photo.
fn border_colour(img: &RgbImage) -> [f64; 3] {
    let (w, h) = img.dimensions();
    let mut sum = [0.0f64; 3];
    let mut n = 0.0f64;
    for (x, y) in (0..w).flat_map(|x| [(x, 0), (x, h - 1)]).chain((0..h).flat_map(|y| [(0, y), (w - 1, y)])) {
        let p = img.get_pixel(x, y);
        for k in 0..3 {
            sum[k] += p[k] as f64;
        }
        n += 1.0;
    }
    sum.map(|s| s / n.max(1.0))
}

/// A light, lightly saturated colour (a wall, a table, a sheet of paper), 0-255 per channel.
fn pale_colour(rng: &mut impl Rng) -> [f64; 3] {
    let (hue, light, sat) = (rng.gen_range(0.0..1.0f64), rng.gen_range(0.72..0.96f64), rng.gen_range(0.05..0.45f64));
    // HSL to RGB.
    let c = (1.0 - (2.0 * light - 1.0).abs()) * sat;
    let x = c * (1.0 - ((hue * 6.0) % 2.0 - 1.0).abs());
    let m = light - c / 2.0;
    let (r, g, b) = match (hue * 6.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

/// Rotates about the centre with bilinear sampling, keeping the size.
fn rotate(img: &RgbImage, angle: f64, fill: Rgb<u8>) -> RgbImage {
    let (w, h) = img.dimensions();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let (sin, cos) = angle.sin_cos();
    ImageBuffer::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f64 || sy >= (h - 1) as f64 {
            return fill;
        }
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
        let px = |x, y| img.get_pixel(x, y).0;
        let (a, b, c, d) = (px(x0, y0), px(x0 + 1, y0), px(x0, y0 + 1), px(x0 + 1, y0 + 1));
        let mut out = [0u8; 3];
        for k in 0..3 {
            let top = a[k] as f64 * (1.0 - fx) + b[k] as f64 * fx;
            let bottom = c[k] as f64 * (1.0 - fx) + d[k] as f64 * fx;
            out[k] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
        Rgb(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::GenericImageView;

    #[test]
    fn transformed_photos_are_jpegs_of_a_changed_size() {
        let img = RgbImage::from_fn(200, 160, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut png = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img).write_to(&mut png, image::ImageFormat::Png).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let out = transform(png.get_ref(), &mut rng).unwrap();
        assert_eq!(&out[..2], &[0xFF, 0xD8], "a JPEG");
        let back = image::load_from_memory(&out).unwrap();
        assert_ne!(back.dimensions(), (200, 160));
    }
}
