//! Procedural product photos: a category silhouette in the item's colours and material, drawn
//! with signed distance functions and written as a small JPEG.
//!
//! The pictures exist to exercise visual search, so two properties matter more than beauty:
//! photos of the same model look alike (same silhouette, colours from the same attributes, the
//! same kind of texture: monogram dots, quilting, weave), and every listing's photo is still its
//! own (background tint and gradient, framing, rotation, light direction, texture phase and an
//! occasional prop such as a price tag), so a cropped, rotated or brightened copy finds its
//! listing. Only the `image` crate is used, for JPEG encoding; the pixels are drawn here.

use std::f32::consts::PI;

use rand::Rng;

use super::catalogue::{Catalogue, Category, JewelryKind, Spec};
use super::item::{Detail, Item};
use super::random::normal;

type V = [f32; 2];
type Rgb = [f32; 3];

fn sub(a: V, b: V) -> V {
    [a[0] - b[0], a[1] - b[1]]
}
fn dot(a: V, b: V) -> f32 {
    a[0] * b[0] + a[1] * b[1]
}
fn len(a: V) -> f32 {
    dot(a, a).sqrt()
}
fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}
fn scale(a: Rgb, k: f32) -> Rgb {
    [a[0] * k, a[1] * k, a[2] * k]
}

/// A 2-D shape as a signed distance function (negative inside), in object units.
#[derive(Debug, Clone)]
enum Sdf {
    Circle { c: V, r: f32 },
    Ellipse { c: V, r: V },
    Box { c: V, h: V, r: f32 },
    Capsule { a: V, b: V, r: f32 },
    Poly(Vec<V>),
    Ring { c: V, r: f32, w: f32 },
    EllipseRing { c: V, r: V, w: f32 },
    Inter(Box<Sdf>, Box<Sdf>),
    Sub(Box<Sdf>, Box<Sdf>),
    Union(Box<Sdf>, Box<Sdf>),
}

impl Sdf {
    fn dist(&self, p: V) -> f32 {
        match self {
            Sdf::Circle { c, r } => len(sub(p, *c)) - r,
            Sdf::Ellipse { c, r } => {
                // Scaled-circle approximation: exact on the axes, close enough for drawing.
                let q = sub(p, *c);
                let k = len([q[0] / r[0], q[1] / r[1]]);
                (k - 1.0) * r[0].min(r[1])
            }
            Sdf::Box { c, h, r } => {
                let q = sub(p, *c);
                let d = [q[0].abs() - h[0] + r, q[1].abs() - h[1] + r];
                len([d[0].max(0.0), d[1].max(0.0)]) + d[0].max(d[1]).min(0.0) - r
            }
            Sdf::Capsule { a, b, r } => {
                let pa = sub(p, *a);
                let ba = sub(*b, *a);
                let h = (dot(pa, ba) / dot(ba, ba).max(1e-9)).clamp(0.0, 1.0);
                len([pa[0] - ba[0] * h, pa[1] - ba[1] * h]) - r
            }
            Sdf::Poly(v) => poly_dist(v, p),
            Sdf::Ring { c, r, w } => (len(sub(p, *c)) - r).abs() - w,
            Sdf::EllipseRing { c, r, w } => Sdf::Ellipse { c: *c, r: *r }.dist(p).abs() - w,
            Sdf::Inter(a, b) => a.dist(p).max(b.dist(p)),
            Sdf::Sub(a, b) => a.dist(p).max(-b.dist(p)),
            Sdf::Union(a, b) => a.dist(p).min(b.dist(p)),
        }
    }

    /// A conservative bounding box (min, max) in object units.
    fn bounds(&self) -> (V, V) {
        match self {
            Sdf::Circle { c, r } | Sdf::Ring { c, r, .. } => {
                let w = if let Sdf::Ring { w, .. } = self {
                    *w
                } else {
                    0.0
                };
                ([c[0] - r - w, c[1] - r - w], [c[0] + r + w, c[1] + r + w])
            }
            Sdf::Ellipse { c, r } => ([c[0] - r[0], c[1] - r[1]], [c[0] + r[0], c[1] + r[1]]),
            Sdf::EllipseRing { c, r, w } => (
                [c[0] - r[0] - w, c[1] - r[1] - w],
                [c[0] + r[0] + w, c[1] + r[1] + w],
            ),
            Sdf::Box { c, h, .. } => ([c[0] - h[0], c[1] - h[1]], [c[0] + h[0], c[1] + h[1]]),
            Sdf::Capsule { a, b, r } => (
                [a[0].min(b[0]) - r, a[1].min(b[1]) - r],
                [a[0].max(b[0]) + r, a[1].max(b[1]) + r],
            ),
            Sdf::Poly(v) => {
                let mut lo = [f32::MAX, f32::MAX];
                let mut hi = [f32::MIN, f32::MIN];
                for p in v {
                    lo = [lo[0].min(p[0]), lo[1].min(p[1])];
                    hi = [hi[0].max(p[0]), hi[1].max(p[1])];
                }
                (lo, hi)
            }
            Sdf::Inter(a, b) => {
                let (a0, a1) = a.bounds();
                let (b0, b1) = b.bounds();
                (
                    [a0[0].max(b0[0]), a0[1].max(b0[1])],
                    [a1[0].min(b1[0]), a1[1].min(b1[1])],
                )
            }
            Sdf::Sub(a, _) => a.bounds(),
            Sdf::Union(a, b) => {
                let (a0, a1) = a.bounds();
                let (b0, b1) = b.bounds();
                (
                    [a0[0].min(b0[0]), a0[1].min(b0[1])],
                    [a1[0].max(b1[0]), a1[1].max(b1[1])],
                )
            }
        }
    }
}

/// Signed distance to a polygon (after Inigo Quilez's formulation).
fn poly_dist(v: &[V], p: V) -> f32 {
    let mut d = dot(sub(p, v[0]), sub(p, v[0]));
    let mut s = 1.0f32;
    let n = v.len();
    let mut j = n - 1;
    for i in 0..n {
        let e = sub(v[j], v[i]);
        let w = sub(p, v[i]);
        let h = (dot(w, e) / dot(e, e).max(1e-9)).clamp(0.0, 1.0);
        let b = [w[0] - e[0] * h, w[1] - e[1] * h];
        d = d.min(dot(b, b));
        let c1 = p[1] >= v[i][1];
        let c2 = p[1] < v[j][1];
        let c3 = e[0] * w[1] > e[1] * w[0];
        if (c1 && c2 && c3) || (!c1 && !c2 && !c3) {
            s = -s;
        }
        j = i;
    }
    s * d.sqrt()
}

fn circle(x: f32, y: f32, r: f32) -> Sdf {
    Sdf::Circle { c: [x, y], r }
}
fn rect(x: f32, y: f32, hx: f32, hy: f32, r: f32) -> Sdf {
    Sdf::Box {
        c: [x, y],
        h: [hx, hy],
        r,
    }
}
fn capsule(a: V, b: V, r: f32) -> Sdf {
    Sdf::Capsule { a, b, r }
}
fn ring(x: f32, y: f32, r: f32, w: f32) -> Sdf {
    Sdf::Ring { c: [x, y], r, w }
}
fn poly(pts: &[V]) -> Sdf {
    Sdf::Poly(pts.to_vec())
}
fn above(s: Sdf, y: f32) -> Sdf {
    Sdf::Inter(Box::new(s), Box::new(rect(0.0, y - 2.0, 3.0, 2.0, 0.0)))
}
fn below(s: Sdf, y: f32) -> Sdf {
    Sdf::Inter(Box::new(s), Box::new(rect(0.0, y + 2.0, 3.0, 2.0, 0.0)))
}
fn union(a: Sdf, b: Sdf) -> Sdf {
    Sdf::Union(Box::new(a), Box::new(b))
}

/// Surface textures, chosen from the material so that a monogram canvas looks like one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pattern {
    Plain,
    Dots,
    Checks,
    Stripes,
    Quilt,
    Weave,
    Grain,
    Links,
}

#[derive(Debug, Clone, Copy)]
struct Paint {
    base: Rgb,
    accent: Rgb,
    pattern: Pattern,
    period: f32,
    angle: f32,
    phase: V,
    contrast: f32,
    gloss: f32,
}

impl Paint {
    fn plain(base: Rgb) -> Paint {
        Paint {
            base,
            accent: base,
            pattern: Pattern::Plain,
            period: 0.2,
            angle: 0.0,
            phase: [0.0, 0.0],
            contrast: 0.0,
            gloss: 0.0,
        }
    }
    fn metal(base: Rgb) -> Paint {
        Paint {
            gloss: 0.35,
            ..Paint::plain(base)
        }
    }
    fn with(self, pattern: Pattern, accent: Rgb, period: f32, contrast: f32) -> Paint {
        Paint {
            pattern,
            accent,
            period,
            contrast,
            ..self
        }
    }

    fn color(&self, p: V, d: f32, light: V) -> Rgb {
        let (s, c) = self.angle.sin_cos();
        let q = [
            (p[0] * c - p[1] * s) / self.period + self.phase[0],
            (p[0] * s + p[1] * c) / self.period + self.phase[1],
        ];
        let fx = q[0] - q[0].floor();
        let fy = q[1] - q[1].floor();
        let v = match self.pattern {
            Pattern::Plain => 0.0,
            Pattern::Dots => {
                let r = len([fx - 0.5, fy - 0.5]);
                let alt = ((q[0].floor() + q[1].floor()) as i32).rem_euclid(2) as f32;
                if r < 0.22 + 0.08 * alt { 1.0 } else { 0.0 }
            }
            Pattern::Checks => ((q[0].floor() + q[1].floor()) as i32).rem_euclid(2) as f32,
            Pattern::Stripes => {
                if fx < 0.5 {
                    1.0
                } else {
                    0.0
                }
            }
            Pattern::Quilt => {
                let a = ((q[0] + q[1]) - (q[0] + q[1]).floor() - 0.5).abs();
                let b = ((q[0] - q[1]) - (q[0] - q[1]).floor() - 0.5).abs();
                if a > 0.44 || b > 0.44 { 1.0 } else { 0.0 }
            }
            Pattern::Weave => {
                let cell = ((q[0].floor() + q[1].floor()) as i32).rem_euclid(2);
                let t = if cell == 0 { fx } else { fy };
                (t * PI).sin().powi(2) * 0.8
            }
            Pattern::Grain => hash(q[0].floor() as i32, q[1].floor() as i32) * 0.8,
            Pattern::Links => {
                if fy < 0.15 || (fx < 0.1 && fy < 0.9) {
                    1.0
                } else {
                    0.0
                }
            }
        };
        let mut col = mix(self.base, self.accent, v * self.contrast);
        // Soft light across the object, darker rims (a bevel) and a specular spot on metal.
        let shade = 1.0 + 0.16 * (p[0] * light[0] + p[1] * light[1]);
        let rim = if d > -0.035 {
            0.78 + 0.22 * (-d / 0.035).clamp(0.0, 1.0)
        } else {
            1.0
        };
        col = scale(col, shade * rim);
        if self.gloss > 0.0 {
            let h = len([p[0] + 0.3 * light[0], p[1] + 0.3 * light[1]]);
            let spec = (-h * h / 0.06).exp() * self.gloss;
            col = mix(col, [1.0, 1.0, 1.0], spec);
        }
        col
    }
}

fn hash(x: i32, y: i32) -> f32 {
    let mut h = (x as u32).wrapping_mul(374_761_393) ^ (y as u32).wrapping_mul(668_265_263);
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    ((h ^ (h >> 16)) & 0xffff) as f32 / 65_535.0
}

/// Colour names from the catalogue and attributes, as RGB in 0..1.
fn named(name: &str) -> Rgb {
    let n = name.to_ascii_lowercase();
    let table: &[(&str, Rgb)] = &[
        ("black", [0.08, 0.08, 0.09]),
        ("onyx", [0.1, 0.1, 0.1]),
        ("midnight", [0.12, 0.14, 0.2]),
        ("charcoal", [0.22, 0.22, 0.24]),
        ("white", [0.93, 0.93, 0.91]),
        ("ivory", [0.93, 0.9, 0.82]),
        ("craie", [0.92, 0.9, 0.84]),
        ("chalk", [0.92, 0.9, 0.85]),
        ("cream", [0.94, 0.9, 0.8]),
        ("parchment", [0.9, 0.86, 0.76]),
        ("starlight", [0.9, 0.86, 0.8]),
        ("navy", [0.1, 0.14, 0.32]),
        ("bleu nuit", [0.1, 0.13, 0.3]),
        ("ice blue", [0.7, 0.85, 0.92]),
        ("turquoise", [0.2, 0.72, 0.72]),
        ("azur", [0.8, 0.83, 0.86]),
        ("blue", [0.16, 0.3, 0.62]),
        ("bleu", [0.2, 0.35, 0.65]),
        ("slate", [0.35, 0.4, 0.42]),
        ("olive", [0.42, 0.45, 0.22]),
        ("mint", [0.6, 0.82, 0.7]),
        ("parakeet", [0.2, 0.7, 0.3]),
        ("vert", [0.15, 0.45, 0.3]),
        ("green", [0.12, 0.42, 0.25]),
        ("teal", [0.1, 0.45, 0.48]),
        ("coral", [0.93, 0.45, 0.38]),
        ("rouge", [0.66, 0.1, 0.12]),
        ("cerise", [0.72, 0.12, 0.25]),
        ("burgundy", [0.45, 0.08, 0.14]),
        ("bordeaux", [0.45, 0.08, 0.14]),
        ("red", [0.75, 0.12, 0.12]),
        ("infrared", [0.9, 0.25, 0.3]),
        ("pink", [0.93, 0.62, 0.7]),
        ("rose", [0.92, 0.66, 0.7]),
        ("poudre", [0.9, 0.78, 0.74]),
        ("fondant", [0.85, 0.72, 0.62]),
        ("nude", [0.86, 0.72, 0.6]),
        ("beige", [0.85, 0.76, 0.62]),
        ("almond", [0.86, 0.78, 0.66]),
        ("wheat", [0.82, 0.64, 0.36]),
        ("honey", [0.78, 0.6, 0.35]),
        ("tan", [0.72, 0.52, 0.32]),
        ("etoupe", [0.55, 0.48, 0.42]),
        ("taupe", [0.5, 0.44, 0.4]),
        ("gris", [0.55, 0.55, 0.55]),
        ("grey", [0.5, 0.5, 0.52]),
        ("gray", [0.5, 0.5, 0.52]),
        ("ghost", [0.85, 0.85, 0.82]),
        ("graphite", [0.25, 0.26, 0.28]),
        ("ebene", [0.32, 0.2, 0.12]),
        ("chocolate", [0.3, 0.18, 0.1]),
        ("mocha", [0.42, 0.28, 0.2]),
        ("brown", [0.42, 0.27, 0.15]),
        ("havana", [0.4, 0.25, 0.12]),
        ("tortoise", [0.35, 0.22, 0.1]),
        ("champagne", [0.88, 0.8, 0.6]),
        ("sundust", [0.88, 0.72, 0.6]),
        ("gold", [0.85, 0.68, 0.3]),
        ("brass", [0.78, 0.62, 0.3]),
        ("yellow", [0.95, 0.82, 0.2]),
        ("orange", [0.92, 0.45, 0.12]),
        ("purple", [0.45, 0.25, 0.55]),
        ("violet", [0.5, 0.4, 0.6]),
        ("silver", [0.78, 0.79, 0.8]),
        ("palladium", [0.8, 0.8, 0.82]),
        ("ruthenium", [0.3, 0.3, 0.32]),
        ("titanium", [0.6, 0.6, 0.6]),
        ("denim", [0.3, 0.4, 0.6]),
        ("skeleton", [0.2, 0.2, 0.22]),
        ("panda", [0.1, 0.1, 0.1]),
    ];
    for (k, c) in table {
        if n.contains(k) {
            return *c;
        }
    }
    // Unknown names still get a stable colour of their own.
    let h = name
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    hsl((h % 360) as f32 / 360.0, 0.45, 0.5)
}

fn metal(material: &str) -> Rgb {
    let m = material.to_ascii_lowercase();
    if m.contains("rose") || m.contains("everose") {
        [0.86, 0.62, 0.55]
    } else if m.contains("yellow")
        || m.contains("gold-plated")
        || m.contains("gold-tone")
        || m == "gold"
    {
        [0.86, 0.7, 0.32]
    } else if m.contains("white gold") || m.contains("platinum") || m.contains("rhodium") {
        [0.86, 0.87, 0.9]
    } else if m.contains("titanium") {
        [0.56, 0.57, 0.6]
    } else if m.contains("ceramic") || m.contains("carbon") || m.contains("resin") {
        [0.12, 0.12, 0.13]
    } else if m.contains("silver") {
        [0.82, 0.83, 0.85]
    } else {
        [0.74, 0.75, 0.77]
    }
}

fn hsl(h: f32, s: f32, l: f32) -> Rgb {
    let f = |n: f32| {
        let k = (n + h * 12.0) % 12.0;
        let a = s * l.min(1.0 - l);
        l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0)
    };
    [f(0.0), f(8.0), f(4.0)]
}

/// The texture a material has in a photo.
fn material_pattern(material: &str, brand: &str, color: Rgb) -> (Pattern, Rgb, f32, f32) {
    let m = material.to_ascii_lowercase();
    let light = mix(color, [0.95, 0.85, 0.6], 0.55);
    let dark = scale(color, 0.6);
    if m.contains("damier") || m.contains("check") || m.contains("tweed") {
        (
            Pattern::Checks,
            if m.contains("azur") {
                [0.55, 0.65, 0.8]
            } else {
                mix(color, [1.0, 1.0, 1.0], 0.3)
            },
            0.16,
            0.8,
        )
    } else if m.contains("monogram")
        || m.contains("goyardine")
        || m.contains("gg supreme")
        || m.contains("signature")
        || m.contains("sequins")
    {
        let contrast = if m.contains("empreinte") { 0.25 } else { 0.75 };
        (
            Pattern::Dots,
            light,
            if m.contains("goyardine") { 0.08 } else { 0.14 },
            contrast,
        )
    } else if m.contains("oblique")
        || m.contains("ff jacquard")
        || m.contains("triomphe canvas")
        || m.contains("toile")
    {
        (Pattern::Stripes, light, 0.1, 0.5)
    } else if m.contains("intrecciato")
        || m.contains("denim")
        || m.contains("nylon") && brand == "prada"
    {
        (Pattern::Weave, dark, 0.12, 0.7)
    } else if m.contains("quilted")
        || m.contains("matelass")
        || m.contains("cannage")
        || m.contains("padded")
        || brand == "chanel"
    {
        (Pattern::Quilt, dark, 0.22, 0.55)
    } else if m.contains("caviar")
        || m.contains("togo")
        || m.contains("clemence")
        || m.contains("epsom")
        || m.contains("grain")
        || m.contains("pebble")
        || m.contains("saffiano")
        || m.contains("pique")
        || m.contains("ostrich")
    {
        (Pattern::Grain, dark, 0.035, 0.25)
    } else if m.contains("knit") || m.contains("cashmere") {
        (Pattern::Stripes, dark, 0.07, 0.3)
    } else {
        (Pattern::Plain, color, 0.2, 0.0)
    }
}

struct Scene {
    layers: Vec<(Sdf, Paint)>,
}

impl Scene {
    fn add(&mut self, s: Sdf, p: Paint) {
        self.layers.push((s, p));
    }
}

/// Draws the listing's photo as RGB bytes, `size` × `size`.
pub(crate) fn render<R: Rng>(cat: &Catalogue, item: &Item, size: u32, rng: &mut R) -> Vec<u8> {
    let model = item.model(cat);
    let mut scene = Scene { layers: Vec::new() };
    // Listing-specific texture phase and light, so two photos of one model still differ.
    let phase = [rng.r#gen::<f32>() * 10.0, rng.r#gen::<f32>() * 10.0];
    let jitter = 0.85 + 0.3 * rng.r#gen::<f32>();
    let light_angle = rng.r#gen::<f32>() * 2.0 * PI;
    let light = [light_angle.cos(), light_angle.sin()];
    match (&model.spec, &item.detail) {
        (Spec::Watch { variants, .. }, Detail::Watch { variant, dial, .. }) => {
            let v = &variants[*variant];
            draw_watch(&mut scene, model.shape, v.material, dial, model.name, rng);
        }
        (
            Spec::Bag { materials, .. },
            Detail::Bag {
                material,
                color,
                hardware,
                ..
            },
        ) => {
            let c = named(color);
            let (pat, acc, per, con) =
                material_pattern(materials[*material].name, model.brand_slug, c);
            let body = Paint {
                phase,
                ..Paint::plain(c).with(pat, acc, per * jitter, con)
            };
            let hw = if *hardware == "none" {
                scale(c, 0.7)
            } else {
                metal(hardware)
            };
            draw_bag(&mut scene, model.shape, body, hw, rng);
        }
        (Spec::Jewelry { kind, variants, .. }, Detail::Jewelry { variant, carat, .. }) => {
            let v = &variants[*variant];
            draw_jewelry(
                &mut scene,
                model.shape,
                *kind,
                v.metal,
                v.gemstone,
                *carat,
                model.name,
                rng,
            );
        }
        (
            Spec::Shoe {
                material,
                colorways,
                ..
            },
            Detail::Shoe { colorway, .. },
        ) => {
            let c = named(colorways[*colorway].name);
            let (pat, acc, per, con) = material_pattern(material, model.brand_slug, c);
            let upper = Paint {
                phase,
                ..Paint::plain(c).with(pat, acc, per * jitter, con)
            };
            draw_shoe(
                &mut scene,
                model.shape,
                model.name,
                model.brand_slug,
                upper,
                colorways[*colorway].name,
            );
        }
        (
            Spec::Clothing { .. },
            Detail::Clothing {
                color, material, ..
            },
        ) => {
            let c = named(color);
            let (pat, acc, per, con) = material_pattern(material, model.brand_slug, c);
            let (pat, acc, per, con) = if model.brand_slug == "burberry" && model.shape == "shirt" {
                (Pattern::Checks, [0.6, 0.45, 0.3], 0.12, 0.6)
            } else {
                (pat, acc, per, con)
            };
            draw_garment(
                &mut scene,
                model.shape,
                Paint {
                    phase,
                    ..Paint::plain(c).with(pat, acc, per * jitter, con)
                },
            );
        }
        (
            Spec::Accessory { materials, .. },
            Detail::Accessory {
                material, color, ..
            },
        ) => {
            let c = named(color);
            let (pat, acc, per, con) =
                material_pattern(materials[*material].name, model.brand_slug, c);
            let paint = Paint {
                phase,
                ..Paint::plain(c).with(pat, acc, per * jitter, con)
            };
            draw_accessory(&mut scene, model.shape, model.brand_slug, paint, c, rng);
        }
        (Spec::Electronics { .. }, Detail::Electronics { color, .. }) => {
            draw_device(&mut scene, model.shape, named(color));
        }
        (Spec::Fragrance { .. }, Detail::Fragrance { .. }) => {
            // The bottle colour belongs to the model, not the listing.
            let h = model
                .name
                .bytes()
                .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
            let glass = hsl(
                (h % 360) as f32 / 360.0,
                0.35 + (h % 7) as f32 * 0.05,
                0.25 + (h % 5) as f32 * 0.1,
            );
            let cap = [[0.1, 0.1, 0.1], [0.8, 0.8, 0.82], [0.85, 0.68, 0.3]][(h % 3) as usize];
            draw_bottle(&mut scene, glass, cap, (h % 4) as u8);
        }
        _ => {}
    }
    paint_scene(&scene, model.category, size, light, rng)
}

fn paint_scene<R: Rng>(
    scene: &Scene,
    category: Category,
    size: u32,
    light: V,
    rng: &mut R,
) -> Vec<u8> {
    let n = size as usize;
    // Background: a pale tint of any hue, a gradient in a random direction, sometimes a table edge.
    let bg = hsl(
        rng.r#gen(),
        0.08 + 0.3 * rng.r#gen::<f32>(),
        0.78 + 0.16 * rng.r#gen::<f32>(),
    );
    let bg2 = hsl(
        rng.r#gen(),
        0.1 + 0.3 * rng.r#gen::<f32>(),
        0.55 + 0.3 * rng.r#gen::<f32>(),
    );
    let ga = rng.r#gen::<f32>() * 2.0 * PI;
    let (gx, gy) = (ga.cos() * 0.12, ga.sin() * 0.12);
    let table = if rng.gen_bool(0.45) {
        Some(0.55 + 0.35 * rng.r#gen::<f32>())
    } else {
        None
    };
    let mut buf = vec![[0f32; 3]; n * n];
    for y in 0..n {
        for x in 0..n {
            let u = x as f32 / n as f32 * 2.0 - 1.0;
            let v = y as f32 / n as f32 * 2.0 - 1.0;
            let mut c = scale(bg, 1.0 + gx * u + gy * v);
            if table.is_some_and(|t| v > t * 2.0 - 1.0) {
                c = mix(c, bg2, 0.55);
            }
            buf[y * n + x] = c;
        }
    }
    // Framing: where the object sits, how large, how rotated.
    let s = 0.7 + 0.18 * rng.r#gen::<f32>();
    let off = [
        0.12 * (rng.r#gen::<f32>() * 2.0 - 1.0),
        0.12 * (rng.r#gen::<f32>() * 2.0 - 1.0),
    ];
    let spin = if rng.gen_bool(0.1) { 0.35 } else { 0.12 } * normal(rng) as f32;
    let spin = if category == Category::Jewelry {
        spin * 2.0
    } else {
        spin
    };
    let half = n as f32 / 2.0;
    let ppu = s * half;
    let center = [half * (1.0 + off[0]), half * (1.0 + off[1])];
    let (sn, cs) = spin.sin_cos();
    let to_obj = |px: f32, py: f32| -> V {
        let d = [(px - center[0]) / ppu, (py - center[1]) / ppu];
        [d[0] * cs + d[1] * sn, -d[0] * sn + d[1] * cs]
    };
    // A soft shadow under the object.
    let shadow = Sdf::Ellipse {
        c: [0.0, 0.95],
        r: [0.85, 0.1],
    };
    draw(&mut buf, n, &shadow, ppu, center, spin, &to_obj, |_, d| {
        let k = (1.0 - (d + 0.1).max(0.0) / 0.2).clamp(0.0, 1.0) * 0.22;
        (None, k)
    });
    for (sdf, paint) in &scene.layers {
        draw(&mut buf, n, sdf, ppu, center, spin, &to_obj, |p, d| {
            (Some(paint.color(p, d, light)), 1.0)
        });
    }
    // An occasional prop (a price tag, an authenticity card) in a corner.
    if rng.gen_bool(0.35) {
        let card = hsl(rng.r#gen(), 0.5, 0.45 + 0.4 * rng.r#gen::<f32>());
        let cx = if rng.gen_bool(0.5) { 0.18 } else { 0.82 } * n as f32;
        let cy = if rng.gen_bool(0.5) { 0.16 } else { 0.84 } * n as f32;
        let (hw, hh) = (0.1 * n as f32, 0.065 * n as f32);
        for y in 0..n {
            for x in 0..n {
                if (x as f32 - cx).abs() < hw && (y as f32 - cy).abs() < hh {
                    buf[y * n + x] = card;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(n * n * 3);
    for c in buf {
        for ch in c {
            out.push((ch.clamp(0.0, 1.0) * 255.0 + 0.5) as u8);
        }
    }
    out
}

/// Paints one shape: `shade` returns the colour (or None to darken) and an opacity.
#[allow(clippy::too_many_arguments)]
fn draw(
    buf: &mut [Rgb],
    n: usize,
    sdf: &Sdf,
    ppu: f32,
    center: V,
    spin: f32,
    to_obj: &dyn Fn(f32, f32) -> V,
    shade: impl Fn(V, f32) -> (Option<Rgb>, f32),
) {
    let (lo, hi) = sdf.bounds();
    if lo[0] > hi[0] || lo[1] > hi[1] {
        return;
    }
    // The pixel box of the rotated object box.
    let (sn, cs) = spin.sin_cos();
    let mut px_lo = [f32::MAX, f32::MAX];
    let mut px_hi = [f32::MIN, f32::MIN];
    for corner in [
        [lo[0], lo[1]],
        [lo[0], hi[1]],
        [hi[0], lo[1]],
        [hi[0], hi[1]],
    ] {
        let x = center[0] + ppu * (corner[0] * cs - corner[1] * sn);
        let y = center[1] + ppu * (corner[0] * sn + corner[1] * cs);
        px_lo = [px_lo[0].min(x), px_lo[1].min(y)];
        px_hi = [px_hi[0].max(x), px_hi[1].max(y)];
    }
    let x0 = (px_lo[0] - 2.0).floor().max(0.0) as usize;
    let y0 = (px_lo[1] - 2.0).floor().max(0.0) as usize;
    let x1 = ((px_hi[0] + 2.0).ceil().max(0.0) as usize).min(n);
    let y1 = ((px_hi[1] + 2.0).ceil().max(0.0) as usize).min(n);
    for y in y0..y1 {
        for x in x0..x1 {
            let p = to_obj(x as f32 + 0.5, y as f32 + 0.5);
            let d = sdf.dist(p);
            let cover = (0.5 - d * ppu).clamp(0.0, 1.0);
            let (col, alpha) = shade(p, d);
            let i = y * n + x;
            match col {
                Some(c) if cover > 0.0 => buf[i] = mix(buf[i], c, cover * alpha),
                Some(_) => {}
                None => buf[i] = scale(buf[i], 1.0 - alpha),
            }
        }
    }
}

fn draw_watch<R: Rng>(
    scene: &mut Scene,
    shape: &str,
    material: &str,
    dial: &str,
    name: &str,
    rng: &mut R,
) {
    let case = metal(material);
    let two_tone = material == "two-tone";
    let metallic = !matches!(material, "resin" | "ceramic" | "carbon");
    // Dress watches come on leather; most steel sports watches on a bracelet.
    let bracelet = metallic && rng.gen_bool(0.75);
    let strap = if bracelet {
        Paint::metal(case).with(
            Pattern::Links,
            if two_tone {
                [0.86, 0.7, 0.32]
            } else {
                scale(case, 0.75)
            },
            0.12,
            0.6,
        )
    } else if metallic {
        Paint::plain(
            *[[0.3, 0.18, 0.1], [0.08, 0.08, 0.08], [0.15, 0.2, 0.35]]
                .get(rng.gen_range(0..3))
                .unwrap_or(&[0.1, 0.1, 0.1]),
        )
        .with(Pattern::Grain, [0.05, 0.05, 0.05], 0.04, 0.3)
    } else {
        Paint::plain([0.1, 0.1, 0.11])
    };
    let strap_w = if shape == "square" { 0.3 } else { 0.27 };
    scene.add(rect(0.0, -0.72, strap_w, 0.3, 0.05), strap);
    scene.add(rect(0.0, 0.72, strap_w, 0.3, 0.05), strap);
    let case_paint = Paint::metal(case);
    let dial_c = named(dial);
    let dial_paint = {
        let p = Paint::plain(dial_c);
        if name.contains("Royal Oak") || name.contains("Nautilus") || name.contains("Aquanaut") {
            p.with(Pattern::Stripes, scale(dial_c, 0.7), 0.06, 0.5)
        } else if name.contains("Skeleton") || dial == "skeleton" {
            p.with(Pattern::Weave, [0.6, 0.6, 0.6], 0.1, 0.6)
        } else {
            p.with(Pattern::Grain, scale(dial_c, 0.85), 0.05, 0.2)
        }
    };
    let bezel = if name.contains("Submariner")
        || name.contains("Seamaster")
        || name.contains("GMT")
        || name.contains("Black Bay")
        || name.contains("Pelagos")
    {
        Paint::plain(if name.contains("GMT") {
            [0.7, 0.1, 0.15]
        } else {
            scale(dial_c, 0.8)
        })
    } else if two_tone {
        Paint::metal([0.86, 0.7, 0.32])
    } else {
        Paint::metal(scale(case, 1.05))
    };
    match shape {
        "square" => {
            scene.add(rect(0.0, 0.0, 0.44, 0.52, 0.09), case_paint);
            scene.add(rect(0.0, 0.0, 0.35, 0.42, 0.05), dial_paint);
        }
        "tonneau" => {
            scene.add(rect(0.0, 0.0, 0.46, 0.58, 0.25), case_paint);
            scene.add(rect(0.0, 0.0, 0.36, 0.47, 0.18), dial_paint);
        }
        "octagon" => {
            let oct: Vec<V> = (0..8)
                .map(|i| {
                    let a = PI / 8.0 + i as f32 * PI / 4.0;
                    [0.55 * a.cos(), 0.55 * a.sin()]
                })
                .collect();
            scene.add(circle(0.0, 0.0, 0.56), case_paint);
            scene.add(Sdf::Poly(oct), bezel);
            for i in 0..8 {
                let a = i as f32 * PI / 4.0;
                scene.add(
                    circle(0.46 * a.cos(), 0.46 * a.sin(), 0.025),
                    Paint::metal([0.9, 0.9, 0.92]),
                );
            }
            scene.add(circle(0.0, 0.0, 0.38), dial_paint);
        }
        _ => {
            scene.add(circle(0.0, 0.0, 0.53), case_paint);
            scene.add(ring(0.0, 0.0, 0.47, 0.05), bezel);
            scene.add(circle(0.0, 0.0, 0.41), dial_paint);
        }
    }
    let marker = if case[0] > 0.8 && case[2] < 0.5 {
        Paint::metal([0.9, 0.75, 0.35])
    } else {
        Paint::plain([0.95, 0.95, 0.95])
    };
    for i in 0..12 {
        let a = i as f32 * PI / 6.0;
        let (r0, r1) = if i % 3 == 0 {
            (0.26, 0.36)
        } else {
            (0.3, 0.36)
        };
        scene.add(
            capsule(
                [r0 * a.sin(), -r0 * a.cos()],
                [r1 * a.sin(), -r1 * a.cos()],
                0.018,
            ),
            marker,
        );
    }
    let hour = rng.gen_range(0.0..2.0 * PI);
    let minute = rng.gen_range(0.0..2.0 * PI);
    scene.add(
        capsule([0.0, 0.0], [0.2 * hour.sin(), -0.2 * hour.cos()], 0.025),
        marker,
    );
    scene.add(
        capsule(
            [0.0, 0.0],
            [0.32 * minute.sin(), -0.32 * minute.cos()],
            0.017,
        ),
        marker,
    );
    scene.add(rect(0.57, 0.0, 0.05, 0.07, 0.02), case_paint);
}

fn draw_bag<R: Rng>(scene: &mut Scene, shape: &str, body: Paint, hw: Rgb, rng: &mut R) {
    let hw_paint = Paint::metal(hw);
    let trim = Paint {
        pattern: Pattern::Plain,
        contrast: 0.0,
        ..body
    };
    let trim = Paint {
        base: scale(trim.base, 0.82),
        ..trim
    };
    match shape {
        "tote" => {
            for x in [-0.28f32, 0.28] {
                scene.add(above(ring(x, -0.1, 0.3, 0.04), -0.1), trim);
            }
            scene.add(
                poly(&[[-0.72, -0.15], [0.72, -0.15], [0.88, 0.78], [-0.88, 0.78]]),
                body,
            );
            scene.add(
                poly(&[[-0.72, -0.15], [0.72, -0.15], [0.6, 0.12], [-0.6, 0.12]]),
                trim,
            );
            scene.add(rect(0.0, 0.1, 0.07, 0.07, 0.02), hw_paint);
        }
        "tophandle" => {
            scene.add(above(ring(0.0, -0.15, 0.38, 0.05), -0.15), trim);
            scene.add(rect(0.0, 0.3, 0.75, 0.48, 0.12), body);
            scene.add(
                poly(&[[-0.75, -0.12], [0.75, -0.12], [0.65, 0.32], [-0.65, 0.32]]),
                trim,
            );
            scene.add(rect(0.0, 0.3, 0.08, 0.06, 0.02), hw_paint);
        }
        "flap" => {
            let chain = Paint::metal(hw).with(Pattern::Links, scale(hw, 0.7), 0.06, 0.6);
            scene.add(above(ring(0.0, -0.05, 0.72, 0.025), -0.05), chain);
            scene.add(rect(0.0, 0.25, 0.8, 0.5, 0.1), body);
            scene.add(
                rect(0.0, 0.0, 0.8, 0.28, 0.08),
                Paint {
                    base: scale(body.base, 0.93),
                    ..body
                },
            );
            if rng.gen_bool(0.5) {
                scene.add(circle(0.0, 0.26, 0.07), hw_paint);
            } else {
                scene.add(rect(0.0, 0.26, 0.1, 0.06, 0.02), hw_paint);
            }
        }
        "barrel" => {
            for x in [-0.3f32, 0.3] {
                scene.add(above(ring(x, -0.1, 0.2, 0.035), -0.1), trim);
            }
            scene.add(rect(0.0, 0.3, 0.88, 0.45, 0.35), body);
            scene.add(capsule([-0.6, -0.05], [0.6, -0.05], 0.02), hw_paint);
        }
        "baguette" => {
            scene.add(above(ring(0.0, 0.0, 0.5, 0.04), 0.0), trim);
            scene.add(rect(0.0, 0.25, 0.85, 0.3, 0.12), body);
            scene.add(
                rect(0.0, 0.12, 0.85, 0.17, 0.1),
                Paint {
                    base: scale(body.base, 0.92),
                    ..body
                },
            );
            scene.add(rect(0.0, 0.22, 0.12, 0.05, 0.02), hw_paint);
        }
        "pouch" => {
            scene.add(
                Sdf::Ellipse {
                    c: [0.0, 0.2],
                    r: [0.88, 0.45],
                },
                body,
            );
            scene.add(
                poly(&[[-0.5, -0.2], [0.5, -0.2], [0.3, 0.0], [-0.3, 0.0]]),
                trim,
            );
        }
        "hobo" => {
            scene.add(above(ring(0.0, 0.0, 0.55, 0.03), 0.0), trim);
            scene.add(
                Sdf::Sub(
                    Box::new(circle(0.0, 0.0, 0.8)),
                    Box::new(circle(0.0, -0.62, 0.85)),
                ),
                body,
            );
            scene.add(circle(0.55, 0.1, 0.08), trim);
        }
        "bucket" => {
            scene.add(above(ring(0.0, -0.2, 0.55, 0.035), -0.2), trim);
            scene.add(
                poly(&[[-0.72, -0.25], [0.72, -0.25], [0.55, 0.8], [-0.55, 0.8]]),
                body,
            );
            scene.add(circle(0.0, 0.05, 0.1), hw_paint);
        }
        _ => {
            for x in [-0.3f32, 0.3] {
                scene.add(above(ring(x, -0.05, 0.22, 0.04), -0.05), trim);
            }
            scene.add(rect(0.0, 0.3, 0.95, 0.4, 0.3), body);
            scene.add(capsule([-0.75, 0.0], [0.75, 0.0], 0.018), hw_paint);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_jewelry<R: Rng>(
    scene: &mut Scene,
    shape: &str,
    kind: JewelryKind,
    metal_name: &str,
    gem: &str,
    carat: f64,
    name: &str,
    rng: &mut R,
) {
    let m = Paint::metal(metal(metal_name));
    let links = m.with(Pattern::Links, scale(metal(metal_name), 0.7), 0.05, 0.6);
    let stone = match gem {
        "diamond" | "crystal" | "cubic zirconia" => {
            Paint::plain([0.92, 0.95, 1.0]).with(Pattern::Checks, [0.7, 0.8, 0.95], 0.05, 0.6)
        }
        "mother-of-pearl" => {
            Paint::plain([0.95, 0.93, 0.9]).with(Pattern::Stripes, [0.85, 0.9, 0.95], 0.06, 0.4)
        }
        "onyx" => Paint::metal([0.06, 0.06, 0.07]),
        "malachite" => {
            Paint::plain([0.1, 0.5, 0.3]).with(Pattern::Stripes, [0.05, 0.3, 0.15], 0.05, 0.7)
        }
        "carnelian" => Paint::metal([0.8, 0.3, 0.15]),
        _ => m,
    };
    match shape {
        "ring" => {
            scene.add(
                ring(0.0, 0.15, 0.5, 0.08),
                if kind == JewelryKind::Weight {
                    links
                } else {
                    m
                },
            );
            if gem != "none" {
                let r = 0.1 + 0.08 * (carat.max(0.05) as f32).sqrt();
                scene.add(
                    poly(&[
                        [0.0, -0.35 - 2.0 * r],
                        [r * 1.2, -0.35 - r],
                        [0.0, -0.35],
                        [-r * 1.2, -0.35 - r],
                    ]),
                    stone,
                );
            }
            if name.contains("Love") {
                for i in 0..6 {
                    let a = i as f32 * PI / 3.0 + 0.3;
                    scene.add(
                        circle(0.5 * a.cos(), 0.15 + 0.5 * a.sin(), 0.025),
                        Paint::plain(scale(metal(metal_name), 0.6)),
                    );
                }
            }
        }
        "necklace" | "earrings" => {
            let pendant_y = 0.45;
            if shape == "necklace" {
                scene.add(below(ring(0.0, -0.45, 0.9, 0.012), -0.5), links);
            }
            let xs: &[f32] = if shape == "earrings" {
                &[-0.4, 0.4]
            } else {
                &[0.0]
            };
            for &x in xs {
                if name.contains("Alhambra")
                    || name.contains("Frivole")
                    || name.contains("Butterfly")
                {
                    for (dx, dy) in [(0.0, -0.13), (0.13, 0.0), (0.0, 0.13), (-0.13, 0.0)] {
                        scene.add(circle(x + dx, pendant_y + dy, 0.12), m);
                        scene.add(circle(x + dx, pendant_y + dy, 0.09), stone);
                    }
                } else if name.contains("Heart") || name.contains("Return") {
                    let heart = union(
                        union(
                            circle(x - 0.1, pendant_y - 0.05, 0.12),
                            circle(x + 0.1, pendant_y - 0.05, 0.12),
                        ),
                        poly(&[
                            [x - 0.21, pendant_y],
                            [x + 0.21, pendant_y],
                            [x, pendant_y + 0.25],
                        ]),
                    );
                    scene.add(heart, if gem == "none" { m } else { stone });
                } else if kind == JewelryKind::Weight {
                    scene.add(below(ring(0.0, -0.3, 0.75, 0.03), -0.2), links);
                } else {
                    scene.add(circle(x, pendant_y, 0.15), m);
                    scene.add(circle(x, pendant_y, 0.1), stone);
                }
            }
        }
        _ => {
            let paint = if kind == JewelryKind::Weight
                || name.contains("Tennis")
                || name.contains("Moments")
            {
                links
            } else {
                m
            };
            scene.add(
                Sdf::EllipseRing {
                    c: [0.0, 0.1],
                    r: [0.75, 0.45],
                    w: 0.08,
                },
                paint,
            );
            if name.contains("Love") || name.contains("Clou") {
                for i in 0..8 {
                    let a = i as f32 * PI / 4.0 + 0.2;
                    scene.add(
                        circle(0.75 * a.cos(), 0.1 + 0.45 * a.sin(), 0.03),
                        Paint::plain(scale(metal(metal_name), 0.6)),
                    );
                }
            }
            if name.contains("Alhambra") || name.contains("Hearts") {
                for i in 0..5 {
                    let a = PI * (0.15 + 0.7 * i as f32 / 4.0);
                    scene.add(circle(0.75 * a.cos(), 0.1 + 0.45 * a.sin(), 0.09), stone);
                }
            }
            if gem == "diamond" && rng.gen_bool(0.5) {
                scene.add(circle(0.0, 0.55, 0.06), stone);
            }
        }
    }
}

fn draw_shoe(
    scene: &mut Scene,
    shape: &str,
    name: &str,
    brand: &str,
    upper: Paint,
    colorway: &str,
) {
    let sole_c = if colorway.contains("black") && !colorway.contains("white") {
        [0.1, 0.1, 0.1]
    } else {
        [0.94, 0.93, 0.9]
    };
    let sole = Paint::plain(sole_c);
    match shape {
        "heel" => {
            scene.add(
                poly(&[[-0.78, -0.05], [-0.62, -0.05], [-0.68, 0.7], [-0.72, 0.7]]),
                Paint::plain(scale(upper.base, 0.7)),
            );
            scene.add(
                poly(&[
                    [-0.85, -0.35],
                    [-0.55, -0.2],
                    [0.1, 0.25],
                    [0.85, 0.38],
                    [0.9, 0.48],
                    [0.0, 0.45],
                    [-0.6, 0.05],
                    [-0.85, 0.0],
                ]),
                upper,
            );
            let sole_col = if brand == "christian-louboutin" {
                [0.8, 0.05, 0.08]
            } else {
                scale(upper.base, 0.5)
            };
            scene.add(
                capsule([-0.55, 0.06], [0.88, 0.5], 0.025),
                Paint::plain(sole_col),
            );
        }
        "boot" => {
            scene.add(
                poly(&[
                    [-0.6, -0.8],
                    [0.1, -0.8],
                    [0.15, 0.0],
                    [0.8, 0.15],
                    [0.9, 0.5],
                    [-0.65, 0.5],
                ]),
                upper,
            );
            scene.add(
                rect(0.12, 0.58, 0.82, 0.1, 0.04),
                Paint::plain([0.25, 0.18, 0.12]),
            );
            for i in 0..5 {
                let y = -0.65 + i as f32 * 0.15;
                scene.add(
                    capsule([-0.05, y], [0.12, y + 0.03], 0.018),
                    Paint::plain([0.85, 0.7, 0.3]),
                );
            }
        }
        "sandal" => {
            scene.add(
                Sdf::Ellipse {
                    c: [0.0, 0.3],
                    r: [0.9, 0.24],
                },
                Paint::plain([0.75, 0.6, 0.45]),
            );
            let h = union(
                union(
                    rect(-0.25, 0.05, 0.1, 0.32, 0.03),
                    rect(0.25, 0.05, 0.1, 0.32, 0.03),
                ),
                rect(0.0, 0.05, 0.3, 0.07, 0.02),
            );
            scene.add(h, upper);
        }
        "loafer" => {
            scene.add(
                poly(&[
                    [-0.85, 0.4],
                    [-0.8, 0.0],
                    [-0.2, -0.12],
                    [0.5, -0.05],
                    [0.9, 0.2],
                    [0.92, 0.42],
                ]),
                upper,
            );
            scene.add(
                rect(0.0, 0.45, 0.92, 0.06, 0.03),
                Paint::plain(scale(upper.base, 0.5)),
            );
            scene.add(
                capsule([0.05, -0.02], [0.4, 0.03], 0.03),
                Paint::metal([0.86, 0.7, 0.32]),
            );
        }
        _ => {
            let high = name.contains("High") || name.contains(" Hi") || name.contains("Boot");
            let top = if high { -0.55 } else { -0.2 };
            scene.add(
                poly(&[
                    [-0.9, 0.35],
                    [-0.88, top],
                    [-0.45, top - 0.05],
                    [-0.1, -0.22],
                    [0.45, -0.12],
                    [0.85, 0.08],
                    [0.93, 0.35],
                ]),
                upper,
            );
            let chunky = name.contains("Triple")
                || name.contains("Track")
                || name.contains("550")
                || name.contains("Yeezy");
            scene.add(
                rect(0.0, 0.42, 0.96, if chunky { 0.14 } else { 0.08 }, 0.06),
                sole,
            );
            // The side accent (swoosh, stripes, panel) in a contrasting tone.
            let accent = Paint::plain(if upper.base[0] + upper.base[1] > 1.2 {
                [0.1, 0.1, 0.12]
            } else {
                [0.95, 0.95, 0.95]
            });
            if brand == "adidas" {
                for i in 0..3 {
                    let x = -0.15 + i as f32 * 0.14;
                    scene.add(capsule([x, 0.3], [x + 0.18, -0.12], 0.03), accent);
                }
            } else {
                scene.add(capsule([-0.6, 0.22], [0.45, 0.05], 0.045), accent);
            }
            for i in 0..4 {
                let x = -0.35 + i as f32 * 0.15;
                scene.add(
                    capsule(
                        [x, -0.18 + 0.02 * i as f32],
                        [x + 0.1, -0.12 + 0.02 * i as f32],
                        0.015,
                    ),
                    Paint::plain([0.96, 0.96, 0.96]),
                );
            }
        }
    }
}

fn draw_garment(scene: &mut Scene, shape: &str, body: Paint) {
    let dark = Paint {
        base: scale(body.base, 0.75),
        pattern: Pattern::Plain,
        ..body
    };
    match shape {
        "tshirt" | "polo" => {
            scene.add(
                poly(&[
                    [-0.55, -0.72],
                    [-0.18, -0.8],
                    [0.0, -0.7],
                    [0.18, -0.8],
                    [0.55, -0.72],
                    [0.95, -0.42],
                    [0.75, -0.18],
                    [0.55, -0.32],
                    [0.55, 0.85],
                    [-0.55, 0.85],
                    [-0.55, -0.32],
                    [-0.75, -0.18],
                    [-0.95, -0.42],
                ]),
                body,
            );
            if shape == "polo" {
                scene.add(
                    poly(&[[-0.2, -0.8], [0.0, -0.62], [-0.05, -0.5], [-0.25, -0.68]]),
                    dark,
                );
                scene.add(
                    poly(&[[0.2, -0.8], [0.0, -0.62], [0.05, -0.5], [0.25, -0.68]]),
                    dark,
                );
                for i in 0..2 {
                    scene.add(
                        circle(0.0, -0.55 + i as f32 * 0.12, 0.025),
                        Paint::plain([0.95, 0.95, 0.95]),
                    );
                }
            }
        }
        "dress" => {
            scene.add(
                poly(&[
                    [-0.3, -0.75],
                    [0.3, -0.75],
                    [0.35, -0.2],
                    [0.8, 0.85],
                    [-0.8, 0.85],
                    [-0.35, -0.2],
                ]),
                body,
            );
            scene.add(capsule([-0.25, -0.75], [-0.2, -0.95], 0.02), dark);
            scene.add(capsule([0.25, -0.75], [0.2, -0.95], 0.02), dark);
        }
        "jeans" => {
            scene.add(
                poly(&[
                    [-0.5, -0.85],
                    [0.5, -0.85],
                    [0.55, 0.9],
                    [0.1, 0.9],
                    [0.0, -0.2],
                    [-0.1, 0.9],
                    [-0.55, 0.9],
                ]),
                body,
            );
            scene.add(rect(0.0, -0.8, 0.5, 0.05, 0.01), dark);
        }
        _ => {
            let long = if shape == "coat" { 0.95 } else { 0.75 };
            scene.add(
                poly(&[
                    [-0.5, -0.78],
                    [-0.18, -0.85],
                    [0.0, -0.72],
                    [0.18, -0.85],
                    [0.5, -0.78],
                    [0.95, 0.6],
                    [0.75, 0.68],
                    [0.5, -0.2],
                    [0.5, long],
                    [-0.5, long],
                    [-0.5, -0.2],
                    [-0.75, 0.68],
                    [-0.95, 0.6],
                ]),
                body,
            );
            match shape {
                "hoodie" => {
                    scene.add(
                        Sdf::Ellipse {
                            c: [0.0, -0.8],
                            r: [0.28, 0.18],
                        },
                        dark,
                    );
                    scene.add(rect(0.0, 0.4, 0.3, 0.15, 0.05), dark);
                }
                "blazer" | "suit" | "jacket" | "coat" => {
                    scene.add(
                        poly(&[[-0.18, -0.85], [0.0, -0.1], [-0.3, -0.3], [-0.32, -0.75]]),
                        dark,
                    );
                    scene.add(
                        poly(&[[0.18, -0.85], [0.0, -0.1], [0.3, -0.3], [0.32, -0.75]]),
                        dark,
                    );
                    if shape == "suit" {
                        scene.add(
                            poly(&[[-0.08, -0.8], [0.08, -0.8], [0.0, -0.2]]),
                            Paint::plain([0.95, 0.95, 0.95]),
                        );
                        scene.add(
                            poly(&[
                                [-0.03, -0.7],
                                [0.03, -0.7],
                                [0.05, -0.3],
                                [0.0, -0.22],
                                [-0.05, -0.3],
                            ]),
                            Paint::plain([0.5, 0.1, 0.15]),
                        );
                    }
                    for i in 0..2 {
                        scene.add(circle(0.0, 0.0 + i as f32 * 0.18, 0.03), dark);
                    }
                }
                "shirt" => {
                    for i in 0..5 {
                        scene.add(
                            circle(0.0, -0.6 + i as f32 * 0.3, 0.025),
                            Paint::plain([0.95, 0.95, 0.95]),
                        );
                    }
                }
                _ => {
                    scene.add(rect(0.0, long - 0.05, 0.5, 0.06, 0.02), dark);
                }
            }
        }
    }
}

fn draw_accessory<R: Rng>(
    scene: &mut Scene,
    shape: &str,
    brand: &str,
    paint: Paint,
    color: Rgb,
    rng: &mut R,
) {
    match shape {
        "sunglasses" => {
            let frame = Paint::metal(if color[0] > 0.7 && color[2] < 0.5 {
                color
            } else {
                scale(color, 0.9)
            });
            let lens = Paint::plain([0.12, 0.14, 0.13]);
            let lens = Paint { gloss: 0.5, ..lens };
            scene.add(capsule([-0.9, -0.25], [-0.75, -0.1], 0.03), frame);
            scene.add(capsule([0.9, -0.25], [0.75, -0.1], 0.03), frame);
            for x in [-0.42f32, 0.42] {
                scene.add(
                    Sdf::Ellipse {
                        c: [x, 0.05],
                        r: [0.36, 0.3],
                    },
                    frame,
                );
                scene.add(
                    Sdf::Ellipse {
                        c: [x, 0.05],
                        r: [0.31, 0.25],
                    },
                    lens,
                );
            }
            scene.add(capsule([-0.1, -0.08], [0.1, -0.08], 0.03), frame);
        }
        "belt" => {
            scene.add(rect(0.0, 0.1, 0.95, 0.11, 0.03), paint);
            let hw = Paint::metal(if rng.gen_bool(0.5) {
                [0.86, 0.7, 0.32]
            } else {
                [0.8, 0.8, 0.82]
            });
            match brand {
                "hermes" => {
                    scene.add(
                        union(
                            union(
                                rect(-0.15, 0.1, 0.05, 0.25, 0.01),
                                rect(0.15, 0.1, 0.05, 0.25, 0.01),
                            ),
                            rect(0.0, 0.1, 0.15, 0.05, 0.01),
                        ),
                        hw,
                    );
                }
                "gucci" => {
                    scene.add(ring(-0.1, 0.1, 0.15, 0.035), hw);
                    scene.add(ring(0.1, 0.1, 0.15, 0.035), hw);
                }
                _ => scene.add(
                    Sdf::Sub(
                        Box::new(rect(0.0, 0.1, 0.22, 0.22, 0.04)),
                        Box::new(rect(0.0, 0.1, 0.15, 0.14, 0.02)),
                    ),
                    hw,
                ),
            }
        }
        "scarf" => {
            let sq = poly(&[[0.0, -0.9], [0.9, 0.0], [0.0, 0.9], [-0.9, 0.0]]);
            scene.add(
                sq,
                paint.with(
                    if rng.gen_bool(0.5) {
                        Pattern::Dots
                    } else {
                        Pattern::Stripes
                    },
                    mix(color, [1.0, 0.9, 0.6], 0.6),
                    0.12,
                    0.7,
                ),
            );
            scene.add(
                poly(&[[0.0, -0.55], [0.55, 0.0], [0.0, 0.55], [-0.55, 0.0]]),
                Paint::plain(mix(color, [1.0, 1.0, 1.0], 0.35)),
            );
        }
        "pen" => {
            let body = Paint::metal([0.06, 0.06, 0.07]);
            scene.add(capsule([-0.85, 0.3], [0.85, -0.3], 0.09), body);
            scene.add(
                capsule([0.25, -0.09], [0.33, -0.12], 0.1),
                Paint::metal([0.86, 0.7, 0.32]),
            );
            scene.add(
                capsule([0.4, -0.02], [0.8, -0.16], 0.015),
                Paint::metal([0.86, 0.7, 0.32]),
            );
            scene.add(circle(0.86, -0.3, 0.04), Paint::plain([0.96, 0.96, 0.96]));
        }
        "cardholder" => {
            scene.add(rect(0.0, 0.0, 0.62, 0.42, 0.05), paint);
            for i in 0..3 {
                scene.add(
                    rect(0.0, -0.2 + i as f32 * 0.15, 0.55, 0.015, 0.005),
                    Paint::plain(scale(color, 0.6)),
                );
            }
        }
        _ => {
            scene.add(rect(0.0, 0.0, 0.82, 0.48, 0.08), paint);
            scene.add(
                capsule([-0.75, -0.38], [0.75, -0.38], 0.015),
                Paint::metal([0.86, 0.7, 0.32]),
            );
            scene.add(
                rect(0.78, -0.3, 0.04, 0.08, 0.01),
                Paint::metal([0.86, 0.7, 0.32]),
            );
        }
    }
}

fn draw_device(scene: &mut Scene, shape: &str, color: Rgb) {
    let body = Paint {
        gloss: 0.25,
        ..Paint::plain(color)
    };
    let dark = Paint::plain([0.1, 0.1, 0.12]);
    match shape {
        "laptop" => {
            scene.add(rect(0.0, -0.2, 0.85, 0.52, 0.04), body);
            scene.add(
                poly(&[[-0.85, 0.35], [0.85, 0.35], [0.95, 0.48], [-0.95, 0.48]]),
                Paint::plain(scale(color, 0.85)),
            );
            scene.add(circle(0.0, -0.2, 0.07), Paint::plain(scale(color, 1.1)));
        }
        "earbuds" => {
            scene.add(
                rect(0.0, 0.3, 0.55, 0.4, 0.2),
                Paint {
                    gloss: 0.3,
                    ..Paint::plain([0.96, 0.96, 0.96])
                },
            );
            scene.add(
                capsule([-0.5, 0.15], [0.5, 0.15], 0.008),
                Paint::plain([0.75, 0.75, 0.75]),
            );
            for x in [-0.25f32, 0.25] {
                scene.add(circle(x, -0.45, 0.12), Paint::plain([0.97, 0.97, 0.97]));
                scene.add(
                    capsule([x, -0.4], [x, -0.15], 0.04),
                    Paint::plain([0.97, 0.97, 0.97]),
                );
            }
        }
        "smartwatch" => {
            scene.add(
                rect(0.0, -0.72, 0.3, 0.3, 0.06),
                Paint::plain(scale(color, 0.6)),
            );
            scene.add(
                rect(0.0, 0.72, 0.3, 0.3, 0.06),
                Paint::plain(scale(color, 0.6)),
            );
            scene.add(rect(0.0, 0.0, 0.45, 0.52, 0.14), Paint::metal(color));
            scene.add(rect(0.0, 0.0, 0.37, 0.44, 0.1), dark);
            scene.add(ring(0.0, 0.0, 0.2, 0.02), Paint::plain([0.9, 0.5, 0.1]));
        }
        "console" => {
            scene.add(rect(0.0, 0.0, 0.16, 0.88, 0.04), dark);
            scene.add(
                poly(&[
                    [-0.16, -0.9],
                    [-0.45, -0.95],
                    [-0.6, 0.0],
                    [-0.42, 0.92],
                    [-0.16, 0.85],
                ]),
                body,
            );
            scene.add(
                poly(&[
                    [0.16, -0.9],
                    [0.45, -0.95],
                    [0.6, 0.0],
                    [0.42, 0.92],
                    [0.16, 0.85],
                ]),
                body,
            );
        }
        "headphones" => {
            scene.add(above(ring(0.0, 0.15, 0.68, 0.06), 0.15), body);
            for x in [-0.68f32, 0.68] {
                scene.add(
                    Sdf::Ellipse {
                        c: [x, 0.3],
                        r: [0.2, 0.32],
                    },
                    body,
                );
                scene.add(
                    Sdf::Ellipse {
                        c: [x, 0.3],
                        r: [0.12, 0.22],
                    },
                    Paint::plain(scale(color, 0.7)),
                );
            }
        }
        _ => {
            scene.add(rect(0.0, 0.0, 0.45, 0.9, 0.13), body);
            scene.add(
                rect(-0.18, -0.6, 0.22, 0.22, 0.08),
                Paint::plain(scale(color, 0.8)),
            );
            for (dx, dy) in [(-0.27, -0.69), (-0.27, -0.51), (-0.09, -0.6)] {
                scene.add(circle(dx, dy, 0.07), dark);
            }
            scene.add(circle(0.0, 0.05, 0.08), Paint::plain(scale(color, 1.15)));
        }
    }
}

fn draw_bottle(scene: &mut Scene, glass: Rgb, cap: Rgb, style: u8) {
    let glass_paint = Paint {
        gloss: 0.4,
        ..Paint::plain(glass)
    };
    match style {
        0 => scene.add(rect(0.0, 0.25, 0.5, 0.58, 0.06), glass_paint),
        1 => scene.add(
            Sdf::Ellipse {
                c: [0.0, 0.3],
                r: [0.55, 0.55],
            },
            glass_paint,
        ),
        2 => scene.add(
            poly(&[[-0.35, -0.3], [0.35, -0.3], [0.6, 0.85], [-0.6, 0.85]]),
            glass_paint,
        ),
        _ => scene.add(rect(0.0, 0.25, 0.38, 0.6, 0.18), glass_paint),
    }
    scene.add(
        rect(0.0, -0.38, 0.08, 0.08, 0.01),
        Paint::metal([0.8, 0.8, 0.82]),
    );
    scene.add(rect(0.0, -0.62, 0.22, 0.18, 0.03), Paint::metal(cap));
    scene.add(
        rect(0.0, 0.25, 0.28, 0.12, 0.02),
        Paint::plain([0.95, 0.93, 0.88]).with(Pattern::Stripes, [0.4, 0.4, 0.4], 0.05, 0.15),
    );
}

/// Encodes RGB pixels as a baseline JPEG.
pub(crate) fn encode_jpeg(rgb: &[u8], size: u32, quality: u8) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(4096);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode(
        rgb,
        size,
        size,
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}
