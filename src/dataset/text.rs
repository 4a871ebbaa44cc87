//! Titles and descriptions the way sellers on Egyptian and Gulf marketplaces write them.
//!
//! Search quality is only tested honestly against messy text: the same watch is "ساعة رولكس صب
//! مارينر فل سيت", "Rolex Submariner 126610LN full set 2022" and "ساعه Rolex sub ٤١ مم كسر
//! زيرو". So every title mixes four voices (Egyptian Arabic, Gulf Arabic, English, and Arabic
//! with English brand names), spells brands, models and category words in their common
//! variants, writes sizes with Western or Arabic-Indic digits, and carries a typo now and then.

use rand::Rng;

use crate::catalog::Condition;

use super::catalogue::{BrandForms, Catalogue, Category, JewelryKind, Model, Spec};
use super::item::{Detail, Item};
use super::random::{choose, weighted};

/// Whether a string contains Arabic letters.
pub(crate) fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}'))
}

/// The voice a seller writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Egyptian,
    Gulf,
    English,
    Mixed,
}

impl Style {
    /// Egyptian sellers write mostly Egyptian Arabic or code-switch; Gulf sellers more often
    /// write English.
    pub(crate) fn pick<R: Rng>(rng: &mut R, gulf: bool) -> Style {
        let w = if gulf {
            [0.04, 0.42, 0.34, 0.20]
        } else {
            [0.42, 0.03, 0.25, 0.30]
        };
        [Style::Egyptian, Style::Gulf, Style::English, Style::Mixed][weighted(rng, &w)]
    }

    fn arabic(self) -> bool {
        matches!(self, Style::Egyptian | Style::Gulf)
    }
}

fn to_arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('\u{0660}' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            '.' => '\u{066B}',
            '%' => '\u{066A}',
            c => c,
        })
        .collect()
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Options a phrase is drawn from, by voice.
struct Voices {
    eg: &'static [&'static str],
    gulf: &'static [&'static str],
    en: &'static [&'static str],
}

impl Voices {
    fn pick<R: Rng>(&self, style: Style, rng: &mut R) -> &'static str {
        match style {
            Style::Egyptian => choose(rng, self.eg),
            Style::Gulf => choose(rng, self.gulf),
            Style::English => choose(rng, self.en),
            Style::Mixed => {
                if rng.gen_bool(0.6) {
                    choose(rng, self.eg)
                } else {
                    choose(rng, self.en)
                }
            }
        }
    }
}

/// The category word and whether it is grammatically feminine (for agreement of جديد/جديدة).
fn category_word<R: Rng>(model: &Model, style: Style, rng: &mut R) -> (String, bool) {
    let arabic: &[(&str, bool)] = match (model.category, model.shape) {
        (Category::Watches, _) => &[("ساعة", true), ("ساعه", true), ("ساعة يد", true)],
        (Category::Bags, "pouch" | "baguette") => &[
            ("شنطة", true),
            ("شنطه", true),
            ("شنطة كروس", true),
            ("كلاتش", false),
        ],
        (Category::Bags, _) => &[
            ("شنطة", true),
            ("شنطه", true),
            ("حقيبة", true),
            ("شنطة يد", true),
        ],
        (Category::Jewelry, "ring") => &[("خاتم", false), ("خاتم", false), ("محبس", false)],
        (Category::Jewelry, "necklace") => &[
            ("سلسلة", true),
            ("سلسله", true),
            ("عقد", false),
            ("قلادة", true),
            ("تعليقة", true),
        ],
        (Category::Jewelry, "bracelet") => &[
            ("اسورة", true),
            ("اسوره", true),
            ("انسيال", false),
            ("إسورة", true),
            ("بريسليت", false),
        ],
        (Category::Jewelry, _) => &[("حلق", false), ("اقراط", false)],
        (Category::Shoes, "sneaker") => {
            if style == Style::Gulf {
                &[("جوتي", false), ("حذاء رياضي", false), ("سنيكرز", false)]
            } else {
                &[
                    ("كوتشي", false),
                    ("كوتش", false),
                    ("سنيكرز", false),
                    ("جزمة", true),
                    ("حذاء", false),
                ]
            }
        }
        (Category::Shoes, "heel") => &[
            ("جزمة", true),
            ("جزمه", true),
            ("حذاء", false),
            ("كعب", false),
            ("شوز", false),
        ],
        (Category::Shoes, "boot") => &[("بوت", false), ("جزمة بوت", true), ("حذاء", false)],
        (Category::Shoes, "sandal") => &[("صندل", false), ("شبشب", false)],
        (Category::Shoes, _) => &[("لوفر", false), ("سليبر", false), ("حذاء", false)],
        (Category::Clothing, "tshirt") => {
            &[("تيشيرت", false), ("تي شيرت", false), ("تيشرت", false)]
        }
        (Category::Clothing, "polo") => &[("بولو", false), ("تيشيرت بولو", false)],
        (Category::Clothing, "shirt") => &[("قميص", false)],
        (Category::Clothing, "hoodie") => &[("هودي", false), ("سويت شيرت", false)],
        (Category::Clothing, "sweater") => &[("بلوفر", false), ("سويتر", false)],
        (Category::Clothing, "jacket") => &[("جاكيت", false), ("جاكت", false)],
        (Category::Clothing, "blazer") => &[("بليزر", false), ("جاكيت بليزر", false)],
        (Category::Clothing, "coat") => &[("بالطو", false), ("معطف", false), ("ترنش", false)],
        (Category::Clothing, "dress") => &[("فستان", false)],
        (Category::Clothing, "suit") => &[("بدلة", true), ("بدله", true), ("طقم", false)],
        (Category::Clothing, _) => &[("بنطلون جينز", false), ("جينز", false)],
        (Category::Accessories, "sunglasses") => &[
            ("نضارة", true),
            ("نظارة", true),
            ("نضارة شمس", true),
            ("نظارة شمسية", true),
        ],
        (Category::Accessories, "wallet") => &[("محفظة", true), ("محفظه", true), ("والت", false)],
        (Category::Accessories, "belt") => &[("حزام", false), ("حزام جلد", false), ("بيلت", false)],
        (Category::Accessories, "scarf") => &[("ايشارب", false), ("شال", false), ("سكارف", false)],
        (Category::Accessories, "pen") => &[("قلم", false), ("قلم حبر", false)],
        (Category::Accessories, _) => &[("كارد هولدر", false), ("محفظة كروت", true)],
        (Category::Electronics, "phone") => {
            if style == Style::Gulf {
                &[("جوال", false), ("هاتف", false), ("تلفون", false)]
            } else {
                &[("موبايل", false), ("تليفون", false), ("فون", false)]
            }
        }
        (Category::Electronics, "laptop") => &[("لابتوب", false), ("لاب توب", false)],
        (Category::Electronics, "smartwatch") => &[("ساعة ذكية", true), ("ساعة سمارت", true)],
        (Category::Electronics, "console") => &[("جهاز", false), ("بلايستيشن", false)],
        (Category::Electronics, _) => &[("سماعة", true), ("سماعات", true), ("هيدفون", false)],
        (Category::Fragrances, _) => {
            if style == Style::Gulf {
                &[("عطر", false), ("برفيوم", false)]
            } else {
                &[
                    ("برفان", false),
                    ("بارفان", false),
                    ("برفيوم", false),
                    ("عطر", false),
                ]
            }
        }
    };
    let english: &[&str] = match (model.category, model.shape) {
        (Category::Watches, _) => &["watch", "Watch"],
        (Category::Bags, _) => &["bag", "Bag", "handbag"],
        (Category::Jewelry, "ring") => &["ring", "Ring"],
        (Category::Jewelry, "necklace") => &["necklace", "pendant"],
        (Category::Jewelry, "bracelet") => &["bracelet", "Bracelet", "bangle"],
        (Category::Jewelry, _) => &["earrings"],
        (Category::Shoes, "sneaker") => &["sneakers", "shoes", "trainers"],
        (Category::Shoes, "heel") => &["heels", "pumps"],
        (Category::Shoes, "boot") => &["boots"],
        (Category::Shoes, _) => &["shoes", "sandals"],
        (Category::Clothing, "suit") => &["suit"],
        (Category::Clothing, "dress") => &["dress"],
        (Category::Clothing, _) => &["", "top"],
        (Category::Accessories, "sunglasses") => &["sunglasses", "Sunglasses"],
        (Category::Accessories, "wallet") => &["wallet", "Wallet"],
        (Category::Accessories, "belt") => &["belt", "Belt"],
        (Category::Accessories, "scarf") => &["scarf", "shawl"],
        (Category::Accessories, "pen") => &["pen"],
        (Category::Accessories, _) => &["card holder", "cardholder"],
        (Category::Electronics, "phone") => &["phone", "mobile"],
        (Category::Electronics, _) => &[""],
        (Category::Fragrances, _) => &["perfume", "fragrance", "cologne"],
    };
    if style == Style::English {
        (choose(rng, english).to_string(), false)
    } else {
        let (w, f) = choose(rng, arabic);
        (w.to_string(), f)
    }
}

fn brand_word<R: Rng>(forms: &BrandForms, style: Style, rng: &mut R) -> String {
    let latin = || -> Vec<&str> { forms.latin.iter().map(String::as_str).collect() };
    let r: f64 = rng.r#gen();
    let arabic_share = match style {
        Style::Egyptian | Style::Gulf => 0.65,
        Style::Mixed => 0.2,
        Style::English => 0.0,
    };
    if r < arabic_share && !forms.arabic.is_empty() {
        // The dictionary's own spelling first, the street spellings after.
        if rng.gen_bool(0.55) {
            return forms.arabic[0].clone();
        }
        return choose(rng, &forms.arabic);
    }
    let l = latin();
    if !l.is_empty() && rng.gen_bool(0.22) {
        return choose(rng, &l).to_string();
    }
    if rng.gen_bool(0.06) {
        return forms.name.to_uppercase();
    }
    if rng.gen_bool(0.06) {
        return forms.name.to_lowercase();
    }
    forms.name.clone()
}

/// A way to name the model, and whether that phrase already names the brand (`=` in the table).
fn model_word<R: Rng>(model: &Model, style: Style, rng: &mut R) -> (String, bool) {
    let arabic: Vec<&str> = model
        .alt_names
        .iter()
        .copied()
        .filter(|n| has_arabic(n))
        .collect();
    let latin: Vec<&str> = model
        .alt_names
        .iter()
        .copied()
        .filter(|n| !has_arabic(n))
        .collect();
    let r: f64 = rng.r#gen();
    let arabic_share = match style {
        Style::Egyptian | Style::Gulf => 0.65,
        Style::Mixed => 0.15,
        Style::English => 0.0,
    };
    let picked = if r < arabic_share && !arabic.is_empty() {
        choose(rng, &arabic)
    } else if !latin.is_empty() && rng.gen_bool(0.25) {
        choose(rng, &latin)
    } else {
        model.name
    };
    match picked.strip_prefix('=') {
        Some(phrase) => (phrase.to_string(), true),
        // "Seiko 5", "Apple Watch Ultra": a Latin name that starts with the brand carries it.
        None => {
            let first = model.brand_slug.split('-').next().unwrap_or("");
            let carries = !has_arabic(picked) && picked.to_ascii_lowercase().starts_with(first);
            (picked.to_string(), carries)
        }
    }
}

/// Arabic words that name what an item is; a model phrase containing one ("خاتم لاف") makes a
/// separate category word redundant.
const ARABIC_KIND_WORDS: &[&str] = &[
    "ساعة",
    "ساعه",
    "شنطة",
    "شنطه",
    "حقيبة",
    "سلسلة",
    "اسورة",
    "انسيال",
    "خاتم",
    "دبلة",
    "دبل",
    "حزام",
    "نضارة",
    "نظارة",
    "محفظة",
    "قلم",
    "كارد هولدر",
    "تيشيرت",
    "بولو",
    "هودي",
    "قميص",
    "جاكيت",
    "جاكت",
    "بدلة",
    "فستان",
    "بلوفر",
    "سويتر",
    "جينز",
    "صندل",
    "بوت",
    "سماعة",
    "ترنش",
    "غويشة",
    "غوايش",
    "بليزر",
    "ايشارب",
    "شال",
    "سكارف",
];

/// English nouns that, in a model name ("Love Bracelet"), make an English category word redundant.
const ENGLISH_KIND_WORDS: &[&str] = &[
    "watch",
    "bag",
    "tote",
    "bracelet",
    "ring",
    "necklace",
    "pendant",
    "earrings",
    "bangle",
    "chain",
    "band",
    "sunglasses",
    "belt",
    "wallet",
    "scarf",
    "pen",
    "rollerball",
    "card",
    "t-shirt",
    "polo",
    "hoodie",
    "shirt",
    "jacket",
    "coat",
    "suit",
    "dress",
    "jeans",
    "sweater",
    "blazer",
    "sneaker",
    "boot",
    "pump",
    "sandal",
    "slipper",
    "mule",
];

fn names_kind(phrase: &str) -> bool {
    if has_arabic(phrase) {
        ARABIC_KIND_WORDS.iter().any(|w| phrase.contains(w))
    } else {
        let lower = phrase.to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| ENGLISH_KIND_WORDS.contains(&w))
    }
}

fn color_ar(c: &str) -> Option<&'static str> {
    Some(match c {
        "black" | "core black" | "onyx" | "midnight" | "midnight black" => "اسود",
        "white" | "triple white" | "cloud white" | "chalk" | "ivory" | "craie" => "ابيض",
        "blue" | "bleu" | "bleu nuit" | "deep blue" | "azur" | "university blue" => "ازرق",
        "navy" => "كحلي",
        "green" | "vert" | "mint green" | "parakeet green" | "collegiate green" => "اخضر",
        "olive" | "olive green" => "زيتي",
        "red" | "rouge" | "rouge h" | "rouge casaque" | "cerise" | "coral red" => "احمر",
        "pink" | "rose" | "rose sakura" | "dusty pink" | "rose ballerine" | "poudre" => "بينك",
        "beige" | "nude" | "archive beige" | "wheat" | "honey" | "almond" => "بيج",
        "brown" | "ebene" | "tan" | "chocolate" | "havana" | "tortoise" => "بني",
        "grey" | "gray" | "gris etain" | "slate" | "charcoal" | "grey fog" | "taupe" => "رمادي",
        "silver" | "white silver" => "فضي",
        "gold" | "etoupe" | "champagne" => "ذهبي",
        "yellow" => "اصفر",
        "orange" | "cosmic orange" => "برتقالي",
        "burgundy" | "bordeaux" | "red grape" => "نبيتي",
        "cream" | "parchment" | "starlight" => "كريمي",
        _ => return None,
    })
}

fn material_ar(m: &str) -> Option<&'static str> {
    Some(match m {
        "stainless steel" => "ستيل",
        "two-tone" => "ستيل ودهب",
        "18k yellow gold" | "yellow gold" => "دهب اصفر",
        "18k rose gold" | "rose gold" => "روز جولد",
        "18k white gold" | "white gold" => "وايت جولد",
        "platinum" => "بلاتين",
        "titanium" => "تيتانيوم",
        "ceramic" => "سيراميك",
        "carbon" => "كاربون",
        "silver" => "فضة",
        "lambskin" => "جلد لامب سكين",
        "caviar leather" => "جلد كافيار",
        "togo leather" => "جلد توجو",
        "epsom" => "جلد ابسوم",
        "leather" | "calf leather" | "nappa leather" => "جلد طبيعي",
        "monogram canvas" => "مونوجرام",
        "suede" => "شمواه",
        _ => return None,
    })
}

fn condition_phrase<R: Rng>(
    c: Condition,
    cat: Category,
    feminine: bool,
    style: Style,
    rng: &mut R,
) -> &'static str {
    let sealed = matches!(cat, Category::Fragrances | Category::Electronics);
    let v = match c {
        Condition::New => Voices {
            eg: if sealed {
                &["جديد متبرشم", "زيرو", "جديد بالكرتونة", "متبرشم"]
            } else if feminine {
                &["جديدة", "زيرو", "جديدة لم تستخدم", "جديدة بالتيكت"]
            } else {
                &["جديد", "زيرو", "جديد لم يستخدم", "جديد بالتيكت"]
            },
            gulf: if feminine {
                &["جديدة", "جديدة ما استخدمت", "وكالة", "جديدة بكرتونها"]
            } else {
                &["جديد", "جديد ما استخدم", "وكالة", "جديد بكرتونه"]
            },
            en: if sealed {
                &["brand new", "sealed", "new sealed", "BNIB"]
            } else {
                &["brand new", "new", "unworn", "BNIB", "NWT"]
            },
        },
        Condition::Excellent => Voices {
            eg: if feminine {
                &[
                    "كسر زيرو",
                    "حالة ممتازة",
                    "زي الجديدة",
                    "استعمال خفيف جدا",
                    "كسر زيرو",
                ]
            } else {
                &[
                    "كسر زيرو",
                    "حالة ممتازة",
                    "زي الجديد",
                    "استعمال خفيف جدا",
                    "كسر زيرو",
                ]
            },
            gulf: if feminine {
                &["نظيفة جدا", "شبه جديدة", "مثل الجديدة", "حالتها ممتازة"]
            } else {
                &["نظيف جدا", "شبه جديد", "مثل الجديد", "حالته ممتازة"]
            },
            en: &[
                "like new",
                "mint",
                "mint condition",
                "excellent condition",
                "barely used",
            ],
        },
        Condition::VeryGood => Voices {
            eg: if feminine {
                &[
                    "استعمال خفيف",
                    "حالة كويسة جدا",
                    "نضيفة جدا",
                    "استعمال بسيط",
                ]
            } else {
                &["استعمال خفيف", "حالة كويسة جدا", "نضيف جدا", "استعمال بسيط"]
            },
            gulf: if feminine {
                &["استخدام بسيط", "نظيفة", "مستعملة استعمال خفيف"]
            } else {
                &["استخدام بسيط", "نظيف", "مستعمل استعمال خفيف"]
            },
            en: &["very good condition", "lightly used", "gently used"],
        },
        Condition::Good => Voices {
            eg: &["مستعمل", "استعمال", "حالة جيدة", "فيها خدوش بسيطة"],
            gulf: &["مستعمل", "حالة جيدة", "فيه آثار استخدام بسيطة"],
            en: &["good condition", "used", "pre-owned"],
        },
        Condition::Fair => Voices {
            eg: &["استعمال كتير", "محتاجة تلميع", "فيها خدوش", "حالة متوسطة"],
            gulf: &["مستعمل كثير", "يحتاج تلميع", "فيه خدوش"],
            en: &[
                "fair condition",
                "signs of wear",
                "well loved",
                "needs polish",
            ],
        },
    };
    v.pick(style, rng)
}

/// Size, completeness and other specifics, in the order sellers put them, each with the chance
/// it makes it into a title.
fn specifics<R: Rng>(
    cat: &Catalogue,
    item: &Item,
    style: Style,
    rng: &mut R,
) -> Vec<(f64, String, bool)> {
    // (probability, phrase, phrase is numeric and may take Arabic-Indic digits)
    let model = item.model(cat);
    let ar = style.arabic() || (style == Style::Mixed && rng.gen_bool(0.5));
    let mut out: Vec<(f64, String, bool)> = Vec::new();
    match (&model.spec, &item.detail) {
        (
            Spec::Watch { variants, .. },
            Detail::Watch {
                variant,
                dial,
                year,
                box_papers,
            },
        ) => {
            let v = &variants[*variant];
            out.push((
                if style == Style::English { 0.7 } else { 0.35 },
                v.reference.to_string(),
                false,
            ));
            let mm = fmt_num(v.case_mm);
            let size = if ar {
                format!("{mm} {}", choose(rng, &["مم", "ملم", "مم"]))
            } else {
                choose(
                    rng,
                    &[format!("{mm}mm"), format!("{mm} mm"), format!("{mm}MM")],
                )
            };
            out.push((0.35, size, true));
            if v.material != "stainless steel" || rng.gen_bool(0.2) {
                let m = if ar {
                    material_ar(v.material).map(str::to_string)
                } else {
                    None
                };
                out.push((0.35, m.unwrap_or_else(|| v.material.to_string()), false));
            }
            let dial_phrase = if ar {
                match color_ar(dial) {
                    Some(c) if style == Style::Gulf => format!("مينا {c}"),
                    Some(c) => format!("وش {c}"),
                    None => format!("{dial} dial"),
                }
            } else {
                format!("{dial} dial")
            };
            out.push((0.2, dial_phrase, false));
            let bp = if *box_papers {
                Voices {
                    eg: &[
                        "فل سيت",
                        "بالعلبة والضمان",
                        "بالعلبة والورق",
                        "بالعلبة والكارت",
                    ],
                    gulf: &["كامل المشتملات", "فل سيت", "مع العلبة والضمان"],
                    en: &[
                        "full set",
                        "with box & papers",
                        "box and papers",
                        "B&P",
                        "Full Set",
                    ],
                }
            } else {
                Voices {
                    eg: &["بدون ورق", "ساعة فقط", "بدون علبة"],
                    gulf: &["بدون أوراق", "الساعة فقط"],
                    en: &["watch only", "no papers", "no box"],
                }
            };
            out.push((
                if *box_papers { 0.6 } else { 0.3 },
                bp.pick(style, rng).to_string(),
                false,
            ));
            let y = if ar && rng.gen_bool(0.5) {
                format!("{} {year}", choose(rng, &["موديل", "اصدار", "سنة"]))
            } else {
                year.to_string()
            };
            out.push((0.35, y, true));
        }
        (
            Spec::Bag {
                sizes, materials, ..
            },
            Detail::Bag {
                size,
                material,
                color,
                hardware,
                dust_bag,
                box_,
                ..
            },
        ) => {
            out.push((0.55, sizes[*size].name.to_string(), true));
            let m = materials[*material].name;
            let mat = if ar {
                material_ar(m)
                    .map(str::to_string)
                    .unwrap_or_else(|| m.to_string())
            } else {
                m.to_string()
            };
            out.push((0.35, mat, false));
            let col = if ar {
                color_ar(color)
                    .map(|c| format!("لون {c}"))
                    .unwrap_or_else(|| color.to_string())
            } else {
                color.to_string()
            };
            out.push((0.4, col, false));
            let hw = match (*hardware, ar) {
                ("gold" | "antique gold" | "brass", false) => Some("GHW"),
                ("palladium", false) => Some("PHW"),
                ("silver" | "antique silver" | "aged silver", false) => Some("SHW"),
                ("ruthenium", false) => Some("RHW"),
                ("gold" | "antique gold" | "brass", true) => Some("هاردوير دهبي"),
                ("palladium" | "silver" | "antique silver" | "aged silver" | "ruthenium", true) => {
                    Some("هاردوير فضي")
                }
                _ => None,
            };
            if let Some(hw) = hw {
                out.push((
                    if model.brand_slug == "hermes" {
                        0.5
                    } else {
                        0.15
                    },
                    hw.to_string(),
                    false,
                ));
            }
            let v = match (dust_bag, box_) {
                (true, true) => Voices {
                    eg: &["فل سيت", "بالدست باج والعلبة", "بالعلبة والدست"],
                    gulf: &["كامل المشتملات", "مع الكيس والعلبة"],
                    en: &["full set", "with dust bag & box", "FULL SET"],
                },
                (true, false) => Voices {
                    eg: &["بالدست باج", "معاها الدست باج"],
                    gulf: &["مع الكيس"],
                    en: &["with dust bag", "w/ dustbag"],
                },
                _ => Voices {
                    eg: &["بدون مشتملات", "الشنطة فقط"],
                    gulf: &["الشنطة فقط"],
                    en: &["bag only", "no dust bag"],
                },
            };
            out.push((0.4, v.pick(style, rng).to_string(), false));
        }
        (
            Spec::Jewelry { kind, variants, .. },
            Detail::Jewelry {
                variant,
                carat,
                grams,
                certification,
                box_papers,
            },
        ) => {
            let v = &variants[*variant];
            if v.purity.ends_with('k') {
                let p = if ar {
                    format!("عيار {}", v.purity.trim_end_matches('k'))
                } else {
                    v.purity.to_string()
                };
                out.push((
                    if *kind == JewelryKind::Weight {
                        0.85
                    } else {
                        0.4
                    },
                    p,
                    true,
                ));
            }
            let metal = if ar {
                material_ar(v.metal).map(str::to_string)
            } else {
                None
            }
            .unwrap_or_else(|| v.metal.to_string());
            out.push((0.35, metal, false));
            if *carat > 0.0 {
                let c = fmt_num(*carat);
                let s = if ar {
                    format!("{c} قيراط")
                } else {
                    format!("{c}ct")
                };
                out.push((
                    if *kind == JewelryKind::Solitaire {
                        0.85
                    } else {
                        0.2
                    },
                    s,
                    true,
                ));
            }
            if *grams > 0.0 {
                let g = fmt_num(*grams);
                let s = if ar {
                    choose(
                        rng,
                        &[
                            format!("{g} جرام"),
                            format!("وزن {g} جم"),
                            format!("{g} جم"),
                        ],
                    )
                } else {
                    format!("{g}g")
                };
                out.push((0.8, s, true));
            }
            if *certification != "none" {
                let s = if ar {
                    format!("بشهادة {certification}")
                } else {
                    format!("{certification} certified")
                };
                out.push((0.6, s, false));
            }
            if *box_papers {
                let v = Voices {
                    eg: &["بالعلبة والفاتورة", "بالعلبة والشهادة", "فل سيت"],
                    gulf: &["مع العلبة والفاتورة", "كامل المشتملات"],
                    en: &["with box & certificate", "full set", "with box and receipt"],
                };
                out.push((0.4, v.pick(style, rng).to_string(), false));
            }
        }
        (
            Spec::Shoe { colorways, .. },
            Detail::Shoe {
                colorway,
                size_eu,
                box_,
            },
        ) => {
            let cw = colorways[*colorway].name;
            out.push((
                0.5,
                if style == Style::English {
                    format!("'{cw}'")
                } else {
                    cw.to_string()
                },
                false,
            ));
            let s = fmt_num(*size_eu);
            let size = if ar {
                format!("مقاس {s}")
            } else {
                choose(
                    rng,
                    &[format!("size {s}"), format!("EU {s}"), format!("sz {s}")],
                )
            };
            out.push((0.75, size, true));
            if *box_ {
                let v = Voices {
                    eg: &["بالعلبة", "بالكرتونة"],
                    gulf: &["مع الكرتون"],
                    en: &["with box", "OG box"],
                };
                out.push((0.3, v.pick(style, rng).to_string(), false));
            }
        }
        (Spec::Clothing { .. }, Detail::Clothing { size, color, .. }) => {
            out.push((
                0.7,
                if ar {
                    format!("مقاس {size}")
                } else {
                    format!("size {size}")
                },
                true,
            ));
            let col = if ar {
                color_ar(color).map(str::to_string)
            } else {
                None
            }
            .unwrap_or_else(|| color.to_string());
            out.push((0.4, col, false));
        }
        (
            Spec::Accessory { materials, .. },
            Detail::Accessory {
                material,
                color,
                box_,
            },
        ) => {
            let col = if ar {
                color_ar(color).map(|c| format!("لون {c}"))
            } else {
                None
            }
            .unwrap_or_else(|| color.to_string());
            out.push((0.4, col, false));
            if materials[*material].mult != 1.0 {
                out.push((0.5, materials[*material].name.to_string(), false));
            }
            if *box_ {
                let v = Voices {
                    eg: &["بالعلبة", "بالعلبة والكارت"],
                    gulf: &["مع العلبة"],
                    en: &["with box", "full set"],
                };
                out.push((0.3, v.pick(style, rng).to_string(), false));
            }
        }
        (
            Spec::Electronics { storage, .. },
            Detail::Electronics {
                storage: s,
                color,
                battery,
                box_,
            },
        ) => {
            let gb = storage[*s].0;
            if gb > 0 && model.shape != "console" {
                let (n, unit_en, unit_ar) = if gb >= 1000 {
                    (gb / 1000, "TB", "تيرا")
                } else {
                    (gb, "GB", "جيجا")
                };
                let sz = if ar {
                    format!("{n} {unit_ar}")
                } else {
                    format!("{n}{unit_en}")
                };
                out.push((0.85, sz, true));
            }
            out.push((0.35, color.to_string(), false));
            if let Some(b) = battery {
                let s = if ar {
                    choose(rng, &[format!("بطارية {b}%"), format!("صحة البطارية {b}%")])
                } else {
                    choose(rng, &[format!("battery {b}%"), format!("BH {b}%")])
                };
                out.push((0.6, s, true));
            }
            if *box_ {
                let v = Voices {
                    eg: &["بكرتونته", "بالكرتونة وكل حاجته", "بالعلبة"],
                    gulf: &["بكرتونه", "مع الكرتون والشاحن"],
                    en: &["with box", "boxed", "full box"],
                };
                out.push((0.45, v.pick(style, rng).to_string(), false));
            }
        }
        (
            Spec::Fragrance {
                concentrations,
                volumes,
            },
            Detail::Fragrance {
                concentration,
                volume,
                fill,
            },
        ) => {
            out.push((0.55, concentrations[*concentration].name.to_string(), false));
            let ml = volumes[*volume];
            let vol = if ar {
                choose(
                    rng,
                    &[format!("{ml} مل"), format!("{ml}ml"), format!("{ml} ملي")],
                )
            } else {
                format!("{ml}ml")
            };
            out.push((0.8, vol, true));
            if *fill < 100 {
                let f = if ar {
                    format!("فاضل {fill}%")
                } else {
                    format!("{fill}% full")
                };
                out.push((0.45, f, true));
            }
        }
        _ => {}
    }
    out
}

fn emoji<R: Rng>(model: &Model, rng: &mut R) -> &'static str {
    let own: &[&str] = match (model.category, model.shape) {
        (Category::Watches, _) => &["⌚", "⌚️"],
        (Category::Bags, _) => &["👜", "👛"],
        (Category::Jewelry, "ring") => &["💍", "💎"],
        (Category::Jewelry, _) => &["💎", "✨"],
        (Category::Shoes, "heel" | "sandal") => &["👠", "👡"],
        (Category::Shoes, "boot") => &["🥾"],
        (Category::Shoes, _) => &["👟"],
        (Category::Clothing, "dress") => &["👗"],
        (Category::Clothing, "suit" | "shirt" | "blazer") => &["👔"],
        (Category::Clothing, _) => &["👕"],
        (Category::Accessories, "sunglasses") => &["🕶️", "😎"],
        (Category::Accessories, _) => &["✨"],
        (Category::Electronics, "phone") => &["📱"],
        (Category::Electronics, "laptop") => &["💻"],
        (Category::Electronics, "console") => &["🎮"],
        (Category::Electronics, "smartwatch") => &["⌚"],
        (Category::Electronics, _) => &["🎧"],
        (Category::Fragrances, _) => &["🌸", "✨"],
    };
    if rng.gen_bool(0.5) {
        choose(rng, own)
    } else {
        choose(rng, &["🔥", "✨", "💯", "‼️", "🤍", "⭐", "🔥🔥"])
    }
}

/// Drops or swaps a letter in one word, as a hurried seller on a phone keyboard does.
fn typo<R: Rng>(title: &str, rng: &mut R) -> String {
    let words: Vec<&str> = title.split(' ').collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && words[i].chars().all(char::is_alphabetic))
        .collect();
    if candidates.is_empty() {
        return title.to_string();
    }
    let i = choose(rng, &candidates);
    let mut chars: Vec<char> = words[i].chars().collect();
    let pos = rng.gen_range(1..chars.len() - 1);
    if rng.gen_bool(0.55) {
        chars.remove(pos);
    } else {
        chars.swap(pos, pos + 1);
    }
    let changed: String = chars.into_iter().collect();
    words
        .iter()
        .enumerate()
        .map(|(j, w)| if j == i { changed.as_str() } else { *w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A listing or sale title.
pub(crate) fn title<R: Rng>(cat: &Catalogue, item: &Item, style: Style, rng: &mut R) -> String {
    let model = item.model(cat);
    let forms = cat.brand_of(item.entry);
    let (cat_word, feminine) = category_word(model, style, rng);
    let brand = brand_word(forms, style, rng);
    let (model_name, carries_brand) = model_word(model, style, rng);
    // Sellers of electronics often skip the brand ("iPhone 15 Pro"), and some phrases carry it.
    let skip_brand = carries_brand
        || matches!(model.category, Category::Electronics)
            && forms.slug == "apple"
            && rng.gen_bool(0.6)
        || rng.gen_bool(0.05);
    // "خاتم لاف كارتير": when the model phrase says what the item is, the brand follows it.
    let kind_in_model = names_kind(&model_name);
    let arabic_digits =
        style.arabic() && rng.gen_bool(0.35) || style == Style::Mixed && rng.gen_bool(0.15);
    let mut parts: Vec<String> = Vec::new();
    match style {
        Style::English => {
            if rng.gen_bool(0.1) {
                parts.push(choose(rng, &["For sale:", "WTS", "Selling", "Authentic"]).to_string());
            }
            if !skip_brand {
                parts.push(brand);
            }
            parts.push(model_name);
            if !kind_in_model && rng.gen_bool(0.3) {
                parts.push(cat_word);
            }
        }
        Style::Egyptian | Style::Gulf | Style::Mixed => {
            let for_sale = if style == Style::Gulf { 0.35 } else { 0.18 };
            if rng.gen_bool(for_sale) {
                parts.push("للبيع".to_string());
            }
            if kind_in_model {
                parts.push(model_name);
                if !skip_brand {
                    parts.push(brand);
                }
            } else {
                if rng.gen_bool(0.85) {
                    parts.push(cat_word);
                }
                if !skip_brand {
                    parts.push(brand);
                }
                parts.push(model_name);
            }
        }
    }
    let mut specifics = specifics(cat, item, style, rng);
    // The condition goes with the specifics, usually last or just before the completeness.
    let cond = condition_phrase(item.condition, model.category, feminine, style, rng).to_string();
    let cond_at = if specifics.is_empty() {
        0
    } else {
        rng.gen_range(specifics.len().saturating_sub(2)..=specifics.len())
    };
    specifics.insert(cond_at, (0.6, cond, false));
    for (p, phrase, numeric) in specifics {
        if phrase.is_empty() || !rng.gen_bool(p) {
            continue;
        }
        parts.push(if numeric && arabic_digits {
            to_arabic_digits(&phrase)
        } else {
            phrase
        });
    }
    parts.retain(|p| !p.trim().is_empty());
    let sep = if style == Style::English && rng.gen_bool(0.15) {
        " - "
    } else {
        " "
    };
    let mut title = if sep == " - " && parts.len() > 3 {
        let (head, tail) = parts.split_at(2);
        format!("{} - {}", head.join(" "), tail.join(" "))
    } else {
        parts.join(" ")
    };
    if rng.gen_bool(0.10) {
        title = typo(&title, rng);
    }
    let r: f64 = rng.r#gen();
    if r < 0.10 {
        title = format!("{title} {}", emoji(model, rng));
    } else if r < 0.13 {
        title = format!("{} {title}", emoji(model, rng));
    }
    title
}

/// One to four sentences about the item, in the seller's voice. `area` is where the seller is
/// (a district or city name in Arabic, and in English).
pub(crate) fn description<R: Rng>(
    cat: &Catalogue,
    item: &Item,
    style: Style,
    area: (&str, &str),
    rng: &mut R,
) -> String {
    let model = item.model(cat);
    let forms = cat.brand_of(item.entry);
    let voice = match style {
        Style::Mixed => {
            if rng.gen_bool(0.5) {
                Style::Egyptian
            } else {
                Style::English
            }
        }
        s => s,
    };
    let (cat_word, feminine) = category_word(model, voice, rng);
    let (model_name, carries_brand) = model_word(model, voice, rng);
    // The phrase a sentence names the item by: "ساعة رولكس صب مارينر", "حزام جوتشي".
    let brand = if carries_brand {
        String::new()
    } else {
        brand_word(forms, voice, rng)
    };
    let cat_word = if names_kind(&model_name) {
        String::new()
    } else {
        cat_word
    };
    let thing = [cat_word.as_str(), brand.as_str(), model_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let brand_model = [brand.as_str(), model_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let reference = super::item::reference(cat, item)
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    let opener = match voice {
        Style::Egyptian => match rng.gen_range(0..4) {
            0 => format!("{thing} اوريجينال 100%."),
            1 => format!("للبيع {thing}{reference}."),
            2 => format!(
                "{thing} {}.",
                if feminine {
                    "متشرية من برة"
                } else {
                    "متشري من برة"
                }
            ),
            _ => format!("معروض {thing} للبيع."),
        },
        Style::Gulf => match rng.gen_range(0..3) {
            0 => format!("للبيع {thing}{reference}."),
            1 => format!("{thing} وكالة."),
            _ => format!("{thing} أصلي 100%."),
        },
        _ => {
            let cat_en = if cat_word.is_empty() {
                String::new()
            } else {
                format!(" {cat_word}")
            };
            match rng.gen_range(0..3) {
                0 => format!("Selling my {brand_model}{reference}."),
                1 => format!("Authentic {brand_model}{cat_en}."),
                _ => format!("{brand_model}{reference} for sale."),
            }
        }
    };
    let condition = match (voice, item.condition) {
        (Style::Egyptian, Condition::New) => choose(
            rng,
            &[
                "جديدة لم تستخدم نهائيا.",
                "زيرو بالاستيكر.",
                "جديدة بالتيكت ومتشرية من قريب.",
            ],
        ),
        (Style::Egyptian, Condition::Excellent) => choose(
            rng,
            &[
                "حالتها ممتازة ومفيهاش أي خدش.",
                "استعمال مرتين تلاتة بس.",
                "كسر زيرو وحالتها زي الجديدة بالظبط.",
            ],
        ),
        (Style::Egyptian, Condition::VeryGood) => choose(
            rng,
            &[
                "استعمال خفيف وحالتها نضيفة جدا.",
                "فيها خدوش خفيفة جدا مش باينة.",
            ],
        ),
        (Style::Egyptian, Condition::Good) => choose(
            rng,
            &[
                "فيها آثار استعمال بسيطة وده طبيعي.",
                "مستعملة بس حالتها كويسة.",
            ],
        ),
        (Style::Egyptian, Condition::Fair) => choose(
            rng,
            &[
                "محتاجة تلميع وفيها خدوش واضحة.",
                "استعمال كتير والسعر على الأساس ده.",
            ],
        ),
        (Style::Gulf, Condition::New) => {
            choose(rng, &["جديدة ما استخدمت أبد.", "جديد بكرتونه ما انفتح."])
        }
        (Style::Gulf, Condition::Excellent) => choose(
            rng,
            &[
                "نظيفة جدا ما عليها أي ملاحظات.",
                "شبه جديدة استخدام مرات قليلة.",
            ],
        ),
        (Style::Gulf, Condition::VeryGood) => {
            choose(rng, &["مستخدمة استخدام بسيط.", "نظيفة وما فيها شي."])
        }
        (Style::Gulf, Condition::Good) => {
            choose(rng, &["فيها آثار استخدام بسيطة.", "مستعملة وحالتها جيدة."])
        }
        (Style::Gulf, Condition::Fair) => choose(
            rng,
            &[
                "مستخدمة بكثرة وتحتاج تلميع.",
                "فيها خدوش والسعر على هالأساس.",
            ],
        ),
        (_, Condition::New) => choose(
            rng,
            &["Brand new, never used.", "Unworn, still with the stickers."],
        ),
        (_, Condition::Excellent) => choose(
            rng,
            &[
                "Excellent condition, barely worn.",
                "Mint condition, no scratches.",
            ],
        ),
        (_, Condition::VeryGood) => choose(
            rng,
            &[
                "Very good condition with light signs of use.",
                "Gently used, well looked after.",
            ],
        ),
        (_, Condition::Good) => choose(
            rng,
            &[
                "Good condition, some visible wear.",
                "Used but in good shape.",
            ],
        ),
        (_, Condition::Fair) => choose(
            rng,
            &[
                "Fair condition, shows wear, priced accordingly.",
                "Well loved, needs a polish.",
            ],
        ),
    }
    .to_string();
    let complete = match (&item.detail, voice) {
        (
            Detail::Watch {
                box_papers: true, ..
            },
            Style::Egyptian,
        ) => "معاها العلبة والضمان والورق كله.",
        (
            Detail::Watch {
                box_papers: true, ..
            },
            Style::Gulf,
        ) => "كامل المشتملات العلبة والضمان.",
        (
            Detail::Watch {
                box_papers: true, ..
            },
            _,
        ) => "Comes with box and papers.",
        (Detail::Watch { .. }, Style::Egyptian) => "الساعة من غير علبة وورق.",
        (Detail::Watch { .. }, Style::Gulf) => "الساعة فقط بدون أوراق.",
        (Detail::Watch { .. }, _) => "Watch only, no box or papers.",
        (
            Detail::Bag {
                dust_bag: true,
                box_: true,
                ..
            },
            Style::Egyptian,
        ) => "معاها الدست باج والعلبة.",
        (Detail::Bag { dust_bag: true, .. }, Style::Egyptian) => "معاها الدست باج.",
        (Detail::Bag { dust_bag: true, .. }, Style::Gulf) => "معها الكيس الأصلي.",
        (Detail::Bag { dust_bag: true, .. }, _) => "Comes with the dust bag.",
        (
            Detail::Jewelry {
                certification: "GIA",
                ..
            },
            Style::English,
        ) => "GIA certificate included.",
        (
            Detail::Jewelry {
                certification: "GIA",
                ..
            },
            _,
        ) => "معاها شهادة GIA.",
        (
            Detail::Jewelry {
                box_papers: true, ..
            },
            Style::English,
        ) => "With the original box and receipt.",
        (
            Detail::Jewelry {
                box_papers: true, ..
            },
            _,
        ) => "بالعلبة والفاتورة الأصلية.",
        (Detail::Electronics { box_: true, .. }, Style::Egyptian) => "بكرتونته وكل حاجته الأصلية.",
        (Detail::Electronics { box_: true, .. }, Style::Gulf) => "مع الكرتون وكل أغراضه.",
        (Detail::Electronics { box_: true, .. }, _) => "Boxed with all accessories.",
        (Detail::Fragrance { fill: 100, .. }, Style::English) => "Sealed, never sprayed.",
        (Detail::Fragrance { fill: 100, .. }, _) => "متبرشم لم يفتح.",
        (Detail::Fragrance { .. }, Style::English) => {
            "Used a few sprays, see the level in the photo."
        }
        (Detail::Fragrance { .. }, _) => "مستعمل رشات قليلة والكمية واضحة في الصورة.",
        _ => "",
    }
    .to_string();
    let provenance = match voice {
        Style::Egyptian => choose(
            rng,
            &[
                "متشرية من دبي مول.",
                "متشرية من الوكيل في مصر.",
                "جايالي هدية ومش بستعملها.",
                "متشرية من البوتيك في باريس.",
                "متشرية من السعودية.",
            ],
        ),
        Style::Gulf => choose(
            rng,
            &[
                "من الوكيل.",
                "مشتراة من دبي مول.",
                "مشتراة من فرع الوكيل بالرياض.",
                "هدية وما استخدمتها.",
            ],
        ),
        _ => choose(
            rng,
            &[
                "Purchased from the boutique in Dubai Mall.",
                "Bought from the authorized dealer in Cairo.",
                "Bought in Paris.",
                "Received as a gift, never really used it.",
            ],
        ),
    }
    .to_string();
    let (area_ar, area_en) = area;
    let logistics = match voice {
        Style::Egyptian => choose(
            rng,
            &[
                format!("التسليم في {area_ar} أو شحن لكل المحافظات."),
                format!("ممكن المعاينة في {area_ar}."),
                "متاح الفحص عند أي خبير قبل الشراء.".to_string(),
                "السعر قابل للتفاوض في حدود المعقول.".to_string(),
                "السعر نهائي.".to_string(),
                "للتواصل على الخاص بس.".to_string(),
            ],
        )
        .clone(),
        Style::Gulf => choose(
            rng,
            &[
                "السعر قابل للتفاوض للجادين.".to_string(),
                format!("التسليم باليد في {area_ar}."),
                "السوم على الخاص.".to_string(),
                "لا أقبل المبادلة.".to_string(),
            ],
        )
        .clone(),
        _ => choose(
            rng,
            &[
                "100% authentic, happy for it to be checked by any expert.".to_string(),
                "Price slightly negotiable.".to_string(),
                format!("Pickup in {area_en} or shipping available."),
                "Serious buyers only.".to_string(),
            ],
        )
        .clone(),
    };
    let n = 1 + weighted(rng, &[0.2, 0.35, 0.3, 0.15]);
    let mut sentences: Vec<String> = vec![opener, condition, complete, provenance, logistics];
    sentences.retain(|s| !s.is_empty());
    // Keep the opener when there is room for it, then a random subset in the natural order.
    let mut keep = vec![false; sentences.len()];
    let mut chosen = 0;
    if n >= 3 || rng.gen_bool(0.4) {
        keep[0] = true;
        chosen = 1;
    }
    let mut order: Vec<usize> = (1..sentences.len()).collect();
    while chosen < n.min(sentences.len()) && !order.is_empty() {
        let i = order.remove(rng.gen_range(0..order.len()));
        keep[i] = true;
        chosen += 1;
    }
    let text: Vec<&str> = sentences
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(s, _)| s.as_str())
        .collect();
    if style == Style::Mixed {
        // Code-switching: mixed sellers drop English terms into Arabic sentences.
        return text
            .join(" ")
            .replace("العلبة والضمان", "البوكس والضمان")
            .replace("حالتها ممتازة", "condition ممتازة");
    }
    text.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn typo_changes_one_word_only() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let t = typo("Rolex Submariner 126610LN", &mut rng);
        assert_ne!(t, "Rolex Submariner 126610LN");
        assert!(t.ends_with("126610LN"));
    }

    #[test]
    fn digits_convert_to_arabic_indic() {
        assert_eq!(to_arabic_digits("41 مم"), "٤١ مم");
        assert!(has_arabic("ساعة") && !has_arabic("Rolex"));
    }
}
