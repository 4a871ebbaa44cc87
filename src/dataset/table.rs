//! The product catalogue behind the generated marketplace, as a plain-text table.
//!
//! A table rather than Rust literals because it is mostly data that a merchandiser would want to
//! read and edit: one model per line, grouped by category, each section with its own columns
//! (a watch has references and dial colours, a bag has sizes and leathers). `catalogue.rs` parses
//! it once and a unit test checks every line, so a typo here fails `cargo test`, not a user's run.
//!
//! Prices are the secondary-market price of the model in new condition, in EGP at the dataset
//! date (2026-11-01, about 50 EGP to the US dollar, grey-market premiums included), for the
//! reference variant (multiplier 1). Popularity is a relative listing/sales volume: it is what
//! makes Rolex and Louis Vuitton fill the facets while Vacheron Constantin shows up a handful of
//! times, as on a real resale shop.
//!
//! Other names starting with `=` are whole phrases that already carry the brand ("=حزام جوتشي",
//! "=نيو بالانس 550"): a title that uses one does not repeat the brand.
//!
//! Columns by section (fields separated by `|`, lists by `,` or `;`, alternatives by `/`):
//! - `[watches]` brand | model | other names | movement | case shape | base | popularity |
//!   age rate (log change per year of age) | drift (extra log change per calendar year) |
//!   variants `reference, case material, dial colours, case mm, multiplier, production years`
//! - `[bags]` brand | model | other names | shape | base | popularity | age rate | drift |
//!   sizes `label:multiplier` | materials `name:multiplier` | colours | hardware | production years
//! - `[jewelry]` brand | model | other names | kind | shape | base | popularity | gold share |
//!   drift | variants: for `piece` `metal, purity, gemstone, carats, multiplier`; for `solitaire`
//!   `metal, purity, gemstone, carat range, EGP per carat^1.6` (base is the setting); for `weight`
//!   `metal, purity, gram range, making charge` (base unused: gold by the gram)
//! - `[shoes]` brand | model | other names | shape | base | popularity | drift | material |
//!   colourways `name:multiplier` | EU size range
//! - `[clothing]` brand | model | other names | shape | base | popularity | drift | materials | colours
//! - `[accessories]` brand | model | other names | shape | base | popularity | drift |
//!   materials `name:multiplier` | colours
//! - `[electronics]` brand | model | other names | shape | base (new, at release, in dataset-date
//!   EGP) | popularity | release month | storage `GB:multiplier` (0 = none) | colours
//! - `[fragrances]` brand | model | other names | base (first volume, first concentration) |
//!   popularity | drift | concentrations `name:multiplier` | volumes in ml (first is the reference)

pub(crate) const TABLE: &str = r#"
[watches]
rolex | Submariner Date | صب مارينر/سبمارينر/صب ديت/Sub Date/Submariner | automatic | round | 850000 | 100 | -0.006 | 0 | 126610LN, stainless steel, black, 41, 1, 2020-2026; 126610LV, stainless steel, black, 41, 1.12, 2020-2026; 116610LN, stainless steel, black, 40, 0.88, 2010-2020; 116610LV, stainless steel, green, 40, 1.18, 2010-2020; 126613LB, two-tone, blue, 41, 1.38, 2020-2026; 126618LN, 18k yellow gold, black, 41, 2.55, 2020-2026
rolex | Submariner | صب مارينر نو ديت/سبمارينر/No Date/Sub | automatic | round | 700000 | 40 | -0.006 | 0 | 124060, stainless steel, black, 41, 1, 2020-2026; 114060, stainless steel, black, 40, 0.9, 2012-2020
rolex | Datejust 41 | ديت جست/ديتجست/ديت جست ٤١/DJ41/Datejust | automatic | round | 600000 | 90 | -0.012 | 0 | 126300, stainless steel, blue/silver/black/slate/green, 41, 1, 2017-2026; 126334, stainless steel, blue/slate/black/silver, 41, 1.12, 2017-2026; 126333, two-tone, champagne/silver/black, 41, 1.4, 2017-2026; 126331, two-tone, chocolate/black/silver, 41, 1.45, 2017-2026
rolex | Datejust 36 | ديت جست/ديتجست/DJ36/Datejust | automatic | round | 480000 | 55 | -0.012 | 0 | 126234, stainless steel, blue/silver/mint green/pink/black, 36, 1, 2018-2026; 126233, two-tone, champagne/silver, 36, 1.3, 2018-2026; 116234, stainless steel, silver/black/blue, 36, 0.82, 2005-2018; 126200, stainless steel, blue/silver/black, 36, 0.95, 2018-2026
rolex | Cosmograph Daytona | دايتونا/دايتونه/Daytona | automatic | round | 1900000 | 60 | -0.004 | -0.03 | 126500LN, stainless steel, white/black, 40, 1, 2023-2026; 116500LN, stainless steel, white/black, 40, 1, 2016-2023; 116520, stainless steel, black/white, 40, 0.74, 2000-2016; 126508, 18k yellow gold, green/champagne, 40, 1.9, 2023-2026; 116505, 18k rose gold, chocolate/black, 40, 1.65, 2008-2023
rolex | GMT-Master II | جي ام تي/بيبسي/باتمان/GMT/Pepsi | automatic | round | 1300000 | 50 | -0.005 | 0 | 126710BLRO, stainless steel, black, 40, 1, 2018-2026; 126710BLNR, stainless steel, black, 40, 0.92, 2019-2026; 126720VTNR, stainless steel, black, 40, 0.95, 2022-2026; 126711CHNR, two-tone, black, 40, 1.05, 2018-2026; 116710LN, stainless steel, black, 40, 0.78, 2007-2019
rolex | Day-Date 40 | داي ديت/بريزيدنت/الرئيس/Day Date/President | automatic | round | 2600000 | 25 | -0.01 | 0 | 228238, 18k yellow gold, champagne/green/white, 40, 1, 2015-2026; 228235, 18k rose gold, chocolate/sundust/olive, 40, 1.03, 2015-2026; 228239, 18k white gold, blue/silver/black, 40, 1, 2015-2026; 228206, platinum, ice blue, 40, 2.3, 2015-2026; 118238, 18k yellow gold, champagne/white, 36, 0.65, 2000-2019
rolex | Oyster Perpetual 41 | اويستر/اويستر بربتشوال/OP41/Oyster Perpetual | automatic | round | 400000 | 30 | -0.01 | 0 | 124300, stainless steel, blue/green/silver/black/coral red/yellow, 41, 1, 2020-2026; 126000, stainless steel, turquoise/blue/silver/pink, 36, 0.88, 2020-2026; 114300, stainless steel, blue/grey/red grape, 39, 0.8, 2015-2020
patek-philippe | Nautilus | نوتيلوس/نيوتيلس/نوتيلس/Nautilus 5711 | automatic | octagon | 5500000 | 12 | 0.01 | -0.06 | 5711/1A-010, stainless steel, blue, 40, 1, 2006-2021; 5711/1A-014, stainless steel, olive green, 40, 1.45, 2021-2021; 5712/1A-001, stainless steel, blue, 40, 0.92, 2006-2026; 5811/1G-001, 18k white gold, blue, 41, 1.25, 2022-2026
patek-philippe | Aquanaut | اكوانوت/أكوانوت | automatic | octagon | 1900000 | 8 | 0 | -0.04 | 5167A-001, stainless steel, black, 40, 1, 2007-2026; 5168G-001, 18k white gold, blue, 42, 1.6, 2017-2026
patek-philippe | Calatrava | كالاترافا/كالاترفا | automatic | round | 1650000 | 5 | -0.012 | 0 | 6119G-001, 18k white gold, silver, 39, 1, 2021-2026; 6119R-001, 18k rose gold, silver, 39, 1, 2021-2026; 5227G-010, 18k white gold, ivory, 39, 1.05, 2013-2026; 5196J-001, 18k yellow gold, silver, 37, 0.75, 2004-2021
patek-philippe | Annual Calendar | انيوال كالندر/التقويم السنوي | automatic | round | 2400000 | 3 | -0.015 | 0 | 5396G-011, 18k white gold, silver, 38.5, 1, 2017-2026; 5205G-013, 18k white gold, blue, 40, 1.05, 2016-2026
audemars-piguet | Royal Oak | رويال اوك/رويال أوك/رويال اوك ٤١/ROO/Royal Oak 41 | automatic | octagon | 3000000 | 20 | 0.004 | -0.04 | 15500ST.OO.1220ST.01, stainless steel, blue, 41, 1, 2019-2022; 15500ST.OO.1220ST.03, stainless steel, black, 41, 1, 2019-2022; 15510ST.OO.1320ST.06, stainless steel, blue, 41, 1.05, 2022-2026; 15400ST.OO.1220ST.03, stainless steel, blue, 41, 0.88, 2012-2019; 15202ST.OO.1240ST.01, stainless steel, blue, 39, 2.1, 2012-2021; 15500OR.OO.1220OR.01, 18k rose gold, blue, 41, 2.2, 2019-2022
audemars-piguet | Royal Oak Chronograph | رويال اوك كرونو/رويال اوك كرونوجراف/ROO Chrono | automatic | octagon | 3300000 | 8 | 0 | -0.04 | 26240ST.OO.1320ST.02, stainless steel, blue, 41, 1, 2021-2026; 26331ST.OO.1220ST.01, stainless steel, silver, 41, 0.85, 2017-2021
audemars-piguet | Royal Oak Offshore | اوف شور/رويال اوك اوفشور/ROO Offshore/Offshore | automatic | octagon | 1900000 | 10 | -0.015 | -0.03 | 26470ST.OO.A027CA.01, stainless steel, black, 42, 1, 2014-2021; 26420SO.OO.A002CA.01, stainless steel, black, 43, 1.05, 2021-2026; 26405CE.OO.A002CA.01, ceramic, black, 44, 1.4, 2016-2021
omega | Speedmaster Moonwatch Professional | سبيدماستر/سبيد ماستر/مون واتش/Moonwatch/Speedy | manual | round | 300000 | 40 | -0.01 | 0.01 | 310.30.42.50.01.001, stainless steel, black, 42, 1, 2021-2026; 310.30.42.50.01.002, stainless steel, black, 42, 1.1, 2021-2026; 311.30.42.30.01.005, stainless steel, black, 42, 0.8, 1997-2021
omega | Seamaster Diver 300M | سي ماستر/سيماستر/سي ماستر ٣٠٠/SMP/Seamaster | automatic | round | 260000 | 45 | -0.015 | 0 | 210.30.42.20.03.001, stainless steel, blue, 42, 1, 2018-2026; 210.30.42.20.01.001, stainless steel, black, 42, 1, 2018-2026; 210.20.42.20.03.001, two-tone, blue, 42, 1.3, 2018-2026; 212.30.41.20.01.003, stainless steel, black, 41, 0.68, 2012-2018
omega | Seamaster Aqua Terra 150M | اكوا تيرا/أكوا تيرا/Aqua Terra | automatic | round | 290000 | 20 | -0.015 | 0 | 220.10.41.21.03.001, stainless steel, blue, 41, 1, 2017-2026; 220.10.38.20.01.001, stainless steel, black, 38, 0.9, 2017-2026
omega | Seamaster Planet Ocean 600M | بلانيت اوشن/Planet Ocean | automatic | round | 340000 | 12 | -0.015 | 0 | 215.30.44.21.01.001, stainless steel, black, 43.5, 1, 2016-2026; 215.30.40.20.01.001, stainless steel, black, 39.5, 0.95, 2016-2026
cartier | Santos de Cartier | سانتوس/سانتوس دي كارتير/Santos | automatic | square | 380000 | 25 | -0.01 | 0.02 | WSSA0018, stainless steel, silver, 39.8, 1, 2018-2026; WSSA0029, stainless steel, silver, 35.1, 0.92, 2018-2026; WSSA0030, stainless steel, blue, 39.8, 1.05, 2020-2026; W2SA0009, two-tone, silver, 39.8, 1.45, 2018-2026
cartier | Tank Must | تانك/تانك ماست/Tank | quartz | square | 160000 | 20 | -0.015 | 0.02 | WSTA0041, stainless steel, silver, 33.7, 1, 2021-2026; WSTA0042, stainless steel, silver, 29.5, 0.92, 2021-2026; WSTA0056, stainless steel, red, 33.7, 0.98, 2021-2026
cartier | Ballon Bleu | بالون بلو/بالون بلو دي كارتير/Ballon Bleu | automatic | round | 230000 | 22 | -0.018 | 0 | WSBB0040, stainless steel, silver, 40, 1.1, 2021-2026; W69012Z4, stainless steel, silver, 42, 1, 2007-2021; W6920046, stainless steel, silver, 36, 0.85, 2012-2021; W2BB0002, two-tone, silver, 36, 1.2, 2017-2021
cartier | Panthère de Cartier | بانثير/بانتير/Panthere | quartz | square | 220000 | 12 | -0.01 | 0.02 | WSPN0007, stainless steel, silver, 22, 1, 2017-2026; WSPN0006, stainless steel, silver, 27, 1.05, 2017-2026; W2PN0006, two-tone, silver, 22, 1.35, 2017-2026
tag-heuer | Carrera Chronograph | كاريرا/كريرا/Carrera | automatic | round | 300000 | 18 | -0.025 | 0 | CBN2A1B.BA0643, stainless steel, black, 44, 1, 2020-2026; CBN2011.BA0642, stainless steel, blue, 43, 0.95, 2016-2020; CBS2210.FC6534, stainless steel, blue, 39, 1, 2023-2026
tag-heuer | Aquaracer Professional 300 | اكواريسر/أكواريسر/Aquaracer | automatic | round | 170000 | 20 | -0.03 | 0 | WBP201A.BA0632, stainless steel, black, 43, 1, 2021-2026; WBP201B.BA0632, stainless steel, blue, 43, 1, 2021-2026; WAY201B.BA0927, stainless steel, blue, 43, 0.75, 2016-2021
tag-heuer | Formula 1 | فورمولا 1/فورميلا/فورمولا ون/F1 | quartz | round | 75000 | 25 | -0.04 | 0 | WAZ1110.BA0875, stainless steel, black, 41, 1, 2015-2026; CAZ101K.BA0842, stainless steel, blue, 43, 1.2, 2017-2026
tag-heuer | Monaco | موناكو | automatic | square | 350000 | 6 | -0.02 | 0 | CBL2111.FC6453, stainless steel, blue, 39, 1, 2019-2026; CAW211P.FC6356, stainless steel, blue, 39, 0.88, 2009-2019
richard-mille | RM 011 | ار ام 011/فيليبي ماسا/RM011 | automatic | tonneau | 9500000 | 4 | 0 | -0.02 | RM 011-03, titanium, skeleton, 50, 1, 2016-2026; RM 011 Felipe Massa, carbon, skeleton, 50, 1.1, 2007-2016
richard-mille | RM 035 | ار ام 035/رافائيل نادال/RM035/Nadal | manual | tonneau | 8500000 | 2 | 0 | -0.02 | RM 35-02, carbon, skeleton, 49, 1, 2016-2026; RM 35-01, carbon, skeleton, 49, 0.85, 2011-2016
richard-mille | RM 67-01 | ار ام 67/اكسترا فلات/RM67 | automatic | tonneau | 7200000 | 2 | 0 | -0.02 | RM 67-01, titanium, skeleton, 47, 1, 2016-2026; RM 67-02, carbon, skeleton, 47, 1.3, 2017-2026
hublot | Big Bang Unico | بيج بانج/بج بانج/بيغ بانغ/Big Bang | automatic | round | 900000 | 10 | -0.04 | -0.02 | 441.NX.1170.RX, titanium, skeleton, 42, 1, 2015-2026; 441.CI.1170.RX, ceramic, skeleton, 42, 1.12, 2015-2026; 411.NX.1170.RX, titanium, skeleton, 45, 1.05, 2013-2026
hublot | Classic Fusion | كلاسيك فيوجن/كلاسك فيوجن/Classic Fusion | automatic | round | 370000 | 12 | -0.05 | -0.02 | 511.NX.1171.RX, titanium, black, 45, 1, 2010-2026; 542.NX.1171.RX, titanium, black, 42, 0.95, 2012-2026; 511.CM.1171.RX, ceramic, black, 45, 1.1, 2010-2026
breitling | Navitimer B01 Chronograph 43 | نافيتايمر/نافي تايمر/Navitimer | automatic | round | 450000 | 10 | -0.03 | 0 | AB0138211B1P1, stainless steel, black, 43, 1, 2022-2026; AB0138241C1P1, stainless steel, blue, 43, 1, 2022-2026; AB012012/BB01, stainless steel, black, 43, 0.75, 2011-2022
breitling | Superocean 42 | سوبر اوشن/سوبراوشن/Superocean | automatic | round | 230000 | 8 | -0.04 | 0 | A17375211B1S1, stainless steel, black, 42, 1, 2022-2026; A17375E71C1S1, stainless steel, blue, 42, 1, 2022-2026
breitling | Chronomat B01 42 | كرونومات/Chronomat | automatic | round | 430000 | 9 | -0.035 | 0 | AB0134101B1A1, stainless steel, black, 42, 1, 2020-2026; AB0134101C1A1, stainless steel, blue, 42, 1, 2020-2026; UB0134101B1U1, two-tone, black, 42, 1.3, 2020-2026
iwc | Portugieser Chronograph | بورتجيزر/بورتوجيزر/Portugieser | automatic | round | 400000 | 10 | -0.03 | 0 | IW371617, stainless steel, silver, 41, 1, 2020-2026; IW371605, stainless steel, blue, 41, 1, 2020-2026; IW371446, stainless steel, silver, 40.9, 0.85, 2004-2020
iwc | Pilot's Watch Mark XX | بايلوت/مارك عشرين/Mark XX/Pilot | automatic | round | 260000 | 7 | -0.035 | 0 | IW328201, stainless steel, black, 40, 1, 2022-2026; IW327001, stainless steel, black, 40, 0.8, 2016-2022
iwc | Big Pilot's Watch | بيج بايلوت/Big Pilot | automatic | round | 650000 | 4 | -0.03 | 0 | IW501001, stainless steel, black, 46.2, 1, 2016-2026
panerai | Luminor Marina | لومينور/لومينور مارينا/Luminor | automatic | square | 420000 | 10 | -0.035 | 0 | PAM01312, stainless steel, black, 44, 1, 2017-2026; PAM01313, stainless steel, blue, 44, 1.02, 2019-2026; PAM00111, stainless steel, black, 44, 0.72, 2005-2016
panerai | Luminor Due | لومينور دو/Luminor Due | automatic | square | 380000 | 4 | -0.04 | 0 | PAM01041, stainless steel, blue, 42, 1, 2019-2026; PAM00755, stainless steel, white, 38, 0.85, 2018-2026
panerai | Submersible | سبمرسبل/Submersible | automatic | square | 480000 | 4 | -0.035 | 0 | PAM00683, stainless steel, black, 42, 1, 2017-2026; PAM00973, stainless steel, black, 44, 1.05, 2019-2026
tudor | Black Bay 58 | بلاك باي 58/بلاك باي/BB58 | automatic | round | 220000 | 18 | -0.02 | 0.02 | M79030N-0001, stainless steel, black, 39, 1, 2018-2026; M79030B-0001, stainless steel, blue, 39, 1.02, 2020-2026; M7939G1A0NRU-0001, stainless steel, green, 39, 1.05, 2023-2026
tudor | Black Bay GMT | بلاك باي جي ام تي/=بيبسي تيودور/BB GMT | automatic | round | 240000 | 8 | -0.02 | 0 | M79830RB-0001, stainless steel, black, 41, 1, 2018-2026; M79830RB-0003, stainless steel, black, 41, 1, 2022-2026
tudor | Pelagos | بيلاجوس/Pelagos | automatic | round | 260000 | 6 | -0.02 | 0 | M25600TN-0001, titanium, black, 42, 1, 2015-2026; M25600TB-0001, titanium, blue, 42, 1, 2015-2026; M25407N-0001, titanium, black, 39, 1.02, 2022-2026
tudor | Ranger | رينجر/رانجر | automatic | round | 170000 | 4 | -0.025 | 0 | M79950-0001, stainless steel, black, 39, 1, 2022-2026
longines | HydroConquest | هيدروكونكويست/هايدرو كونكويست/HydroConquest | automatic | round | 85000 | 15 | -0.04 | 0 | L3.781.4.56.6, stainless steel, black, 41, 1, 2018-2026; L3.781.4.96.6, stainless steel, blue, 41, 1, 2018-2026; L3.782.4.56.6, stainless steel, black, 43, 1.02, 2018-2026
longines | Master Collection | ماستر كوليكشن/ماستر | automatic | round | 130000 | 8 | -0.04 | 0 | L2.793.4.78.3, stainless steel, silver, 40, 1, 2015-2026; L2.628.4.78.3, stainless steel, silver, 38.5, 0.92, 2011-2026
longines | Spirit | سبيريت/Spirit | automatic | round | 150000 | 5 | -0.04 | 0 | L3.810.4.53.6, stainless steel, black, 40, 1, 2020-2026; L3.810.4.93.6, stainless steel, blue, 40, 1, 2020-2026
longines | DolceVita | دولتشي فيتا/دولشي فيتا/Dolce Vita | quartz | square | 80000 | 6 | -0.045 | 0 | L5.512.4.71.6, stainless steel, silver, 23.3, 1, 2015-2026; L5.255.4.71.6, stainless steel, silver, 20.8, 0.9, 2015-2026
tissot | PRX Powermatic 80 | بي ار اكس/بي آر اكس/PRX | automatic | round | 42000 | 30 | -0.05 | 0.01 | T137.407.11.041.00, stainless steel, blue, 40, 1, 2021-2026; T137.407.11.051.00, stainless steel, black, 40, 1, 2021-2026; T137.407.11.091.01, stainless steel, green, 40, 1, 2022-2026; T137.207.11.041.00, stainless steel, blue, 35, 0.95, 2022-2026
tissot | PRX Quartz | بي ار اكس كوارتز/PRX | quartz | round | 20000 | 18 | -0.05 | 0 | T137.410.11.041.00, stainless steel, blue, 40, 1, 2021-2026; T137.410.11.051.00, stainless steel, black, 40, 1, 2021-2026
tissot | Le Locle | لو لوكل/Le Locle | automatic | round | 28000 | 8 | -0.05 | 0 | T006.407.11.033.00, stainless steel, silver, 39.3, 1, 2007-2026; T006.407.11.053.00, stainless steel, black, 39.3, 1, 2007-2026
tissot | Seastar 1000 | سي ستار/Seastar | automatic | round | 40000 | 8 | -0.05 | 0 | T120.407.11.041.03, stainless steel, blue, 43, 1, 2020-2026; T120.407.17.051.00, stainless steel, black, 43, 1.02, 2020-2026
seiko | Presage Cocktail Time | بريساج/كوكتيل تايم/Cocktail Time | automatic | round | 22000 | 15 | -0.05 | 0 | SRPB43J1, stainless steel, blue, 40.5, 1, 2017-2026; SRPB41J1, stainless steel, blue, 40.5, 1, 2017-2026; SRPE17J1, stainless steel, silver, 38.5, 0.95, 2020-2026
seiko | Prospex Turtle | تيرتل/بروسبكس/Turtle | automatic | round | 20000 | 12 | -0.05 | 0 | SRPE93K1, stainless steel, black, 45, 1, 2020-2026; SRP777K1, stainless steel, black, 45, 0.9, 2016-2020
seiko | Seiko 5 Sports | =سيكو فايف/=سيكو ٥/Seiko 5 | automatic | round | 12000 | 20 | -0.06 | 0 | SRPD55K1, stainless steel, black, 42.5, 1, 2019-2026; SRPD51K1, stainless steel, blue, 42.5, 1, 2019-2026; SRPD63K1, stainless steel, green, 42.5, 1, 2019-2026
seiko | Grand Seiko Snowflake | جراند سيكو/سنوفليك/Snowflake | automatic | round | 330000 | 3 | -0.03 | 0 | SBGA211, titanium, white, 41, 1, 2010-2026
casio | G-Shock GA-2100 | جي شوك/كاسيوك/CasiOak/G Shock | quartz | octagon | 6000 | 40 | -0.08 | 0 | GA-2100-1A1, resin, black, 45.4, 1, 2019-2026; GA-2100-4A, resin, red, 45.4, 1, 2020-2026; GA-B2100-1A, resin, black, 45.4, 1.4, 2021-2026
casio | G-Shock DW-5600 | جي شوك/جي شوك مربع/G Shock | quartz | square | 3500 | 35 | -0.08 | 0 | DW-5600E-1V, resin, black, 42.8, 1, 2010-2026; DW-5600BB-1, resin, black, 42.8, 1.05, 2012-2026
casio | G-Shock Full Metal GMW-B5000 | جي شوك ميتال/فل ميتال/Full Metal | quartz | square | 28000 | 12 | -0.06 | 0 | GMW-B5000D-1, stainless steel, black, 43.2, 1, 2018-2026; GMW-B5000GD-9, gold-plated, black, 43.2, 1.25, 2019-2026
casio | Vintage A168 | =كاسيو ديجيتال/=كاسيو فينتدج/Vintage | quartz | square | 1800 | 18 | -0.1 | 0 | A168WA-1, stainless steel, black, 38.6, 1, 2010-2026; A168WG-9, gold-plated, black, 38.6, 1.2, 2010-2026
casio | Edifice EFR-526 | ايديفيس/اديفيس/Edifice | quartz | round | 6500 | 10 | -0.09 | 0 | EFR-526D-1AV, stainless steel, black, 43.8, 1, 2012-2026; EFR-526D-7AV, stainless steel, white, 43.8, 1, 2012-2026
vacheron-constantin | Overseas | اوفرسيز/أوفرسيز/Overseas | automatic | round | 1900000 | 4 | -0.01 | -0.03 | 4500V/110A-B128, stainless steel, blue, 41, 1, 2016-2026; 4500V/110A-B483, stainless steel, black, 41, 0.95, 2016-2026; 5500V/110A-B148, stainless steel, blue, 42.5, 1.3, 2016-2026
vacheron-constantin | Patrimony | باتريموني/Patrimony | automatic | round | 1300000 | 2 | -0.02 | 0 | 85180/000R-9248, 18k rose gold, silver, 40, 1, 2012-2026; 81180/000R-9159, 18k rose gold, silver, 40, 0.85, 2004-2020
vacheron-constantin | Fiftysix | فيفتي سكس/Fiftysix | automatic | round | 700000 | 2 | -0.025 | 0 | 4600E/000A-B442, stainless steel, silver, 40, 1, 2018-2026; 4600E/000A-B487, stainless steel, blue, 40, 1, 2018-2026
jaeger-lecoultre | Reverso Classic | ريفرسو/ريفيرسو/Reverso | manual | square | 330000 | 6 | -0.025 | 0 | Q2548520, stainless steel, silver, 40.1, 1, 2016-2026; Q3858520, stainless steel, silver, 45.6, 1.2, 2016-2026; Q2618430, stainless steel, silver, 34.2, 0.85, 2016-2026
jaeger-lecoultre | Master Ultra Thin Moon | ماستر الترا ثين/مون فيز/Master Ultra Thin | automatic | round | 600000 | 3 | -0.03 | 0 | Q1368420, stainless steel, silver, 39, 1, 2011-2026; Q1362520, 18k rose gold, silver, 39, 1.6, 2011-2026
jaeger-lecoultre | Polaris | بولاريس/Polaris | automatic | round | 450000 | 3 | -0.03 | 0 | Q9008180, stainless steel, black, 42, 1, 2018-2026; Q9008480, stainless steel, blue, 42, 1, 2018-2026
chopard | Happy Sport | هابي سبورت/Happy Sport | automatic | round | 300000 | 8 | -0.03 | 0 | 278582-3001, stainless steel, white, 36, 1, 2019-2026; 278559-3001, stainless steel, white, 33, 0.85, 2019-2026; 275378-5001, 18k rose gold, white, 36, 2.2, 2019-2026
chopard | Alpine Eagle | الباين ايجل/ألباين إيجل/Alpine Eagle | automatic | round | 750000 | 4 | -0.03 | 0 | 298600-3001, stainless steel, blue, 41, 1, 2019-2026; 298601-3001, stainless steel, silver, 36, 0.9, 2019-2026
zenith | Chronomaster Sport | كرونوماستر/Chronomaster | automatic | round | 560000 | 3 | -0.02 | 0 | 03.3100.3600/69.M3100, stainless steel, white, 41, 1, 2021-2026; 03.3100.3600/21.M3100, stainless steel, black, 41, 1, 2021-2026
zenith | Defy Skyline | ديفاي سكاي لاين/ديفاي/Defy | automatic | round | 430000 | 2 | -0.03 | 0 | 03.9300.3620/51.I001, stainless steel, blue, 41, 1, 2022-2026; 03.9300.3620/21.I001, stainless steel, black, 41, 1, 2022-2026
bulgari | Octo Finissimo | اوكتو فينيسيمو/اوكتو/Octo | automatic | octagon | 900000 | 4 | -0.02 | 0 | 103011, titanium, grey, 40, 1, 2017-2026; 103297, stainless steel, blue, 40, 0.95, 2020-2026
michael-kors | Lexington Chronograph | =ساعة مايكل كورس/ليكسينجتون/Lexington | quartz | round | 14000 | 15 | -0.12 | 0 | MK8281, gold-plated, gold, 44, 1, 2013-2026; MK8280, stainless steel, black, 44, 0.95, 2013-2026

[bags]
hermes | Birkin | بيركن/بركين/بيركين/Birkin | tote | 1200000 | 35 | 0.01 | 0.02 | 25:1.25, 30:1, 35:0.85, 40:0.8 | togo leather:1, epsom:1.02, clemence:0.96, swift:1, ostrich:2.1 | black, gold, etoupe, gris etain, craie, bleu nuit, rouge h, vert, rose sakura, orange | gold, palladium | 2005-2026
hermes | Kelly | كيلي/كيلى/Kelly | tophandle | 1100000 | 25 | 0.01 | 0.02 | 25:1.25, 28:1, 32:0.88 | togo leather:1, epsom:1.02, box calf:1.05, swift:0.98 | black, gold, etoupe, bleu nuit, rouge casaque, craie, rose | gold, palladium | 2005-2026
hermes | Constance | كونستانس/Constance | flap | 800000 | 10 | 0.01 | 0.02 | mini 18:1.05, 24:1 | epsom:1, box calf:1.05, swift:0.98 | black, gold, etoupe, rouge, craie | gold, palladium | 2010-2026
hermes | Evelyne | ايفلين/إيفلين/Evelyne | bucket | 180000 | 15 | 0 | 0.02 | TPM:0.8, PM:1, GM:1.12 | clemence:1 | black, gold, etoupe, bleu, rouge, craie | palladium, gold | 2012-2026
hermes | Picotin Lock | بيكوتين/Picotin | bucket | 220000 | 12 | 0 | 0.02 | 18:1, 22:1.12 | clemence:1, swift:1.02 | black, gold, etoupe, bleu, orange | palladium, gold | 2012-2026
chanel | Classic Flap | كلاسيك فلاب/تايملس/كلاسيك/Classic Flap/Timeless | flap | 450000 | 40 | 0.005 | 0.06 | small:0.9, medium:1, jumbo:1.12, maxi:1.18 | caviar leather:1, lambskin:0.97 | black, beige, navy, red, white, pink | gold, silver | 2005-2026
chanel | Boy Bag | بوي/=بوي شانيل/Boy | flap | 280000 | 15 | -0.01 | 0.05 | old medium:1, small:0.92, large:1.05 | caviar leather:1, lambskin:0.95, calfskin:0.97 | black, navy, grey, red, beige | ruthenium, gold, silver | 2011-2026
chanel | 2.55 Reissue | ريشو/ريشيو/2.55 | flap | 420000 | 8 | 0 | 0.05 | 225:0.95, 226:1, 227:1.08 | aged calfskin:1 | black, grey, navy | ruthenium, gold | 2005-2026
chanel | Chanel 19 | =شانيل 19/Chanel 19 | flap | 300000 | 10 | -0.02 | 0.04 | small:0.95, large:1, maxi:1.1 | lambskin:1, tweed:0.9 | black, beige, white, navy, pink | gold, silver | 2019-2026
chanel | Wallet on Chain | واليت اون تشين/WOC | flap | 170000 | 18 | -0.01 | 0.05 | classic:1 | caviar leather:1, lambskin:0.96 | black, beige, pink, red | gold, silver | 2008-2026
louis-vuitton | Neverfull | نيفرفل/نيفر فول/Neverfull | tote | 90000 | 60 | -0.025 | 0.03 | PM:0.9, MM:1, GM:1.08 | monogram canvas:1, damier ebene:1, damier azur:0.98 | brown, ebene, azur, beige, rose ballerine, cerise | gold | 2007-2026
louis-vuitton | Speedy Bandoulière | سبيدي/Speedy | barrel | 80000 | 40 | -0.02 | 0.03 | 20:1.02, 25:1, 30:1.05 | monogram canvas:1, damier ebene:1, monogram empreinte:1.4 | brown, ebene, black | gold | 2010-2026
louis-vuitton | Pochette Métis | بوشيت ميتس/ميتيس/Metis | flap | 120000 | 25 | -0.01 | 0.03 | MM:1, East West:0.95 | monogram canvas:1, monogram reverse:1.05, monogram empreinte:1.15 | brown, black, cream | gold | 2016-2026
louis-vuitton | Keepall Bandoulière | كيب اول/كيبول/Keepall | duffle | 120000 | 10 | -0.02 | 0.03 | 45:0.92, 50:0.96, 55:1 | monogram canvas:1, damier graphite:1.02, monogram eclipse:1.05 | brown, black, grey | gold, silver | 2005-2026
louis-vuitton | OnTheGo | اون ذا جو/أون ذا جو/OnTheGo | tote | 160000 | 18 | -0.015 | 0.03 | PM:0.9, MM:1, GM:1.08 | monogram canvas:1, monogram empreinte:1.1, giant monogram:1 | brown, black, beige, cream | gold | 2019-2026
gucci | GG Marmont Small | مارمونت/=جوتشي مارمونت/Marmont | flap | 120000 | 25 | -0.04 | -0.05 | small:1, mini:0.85, medium:1.15 | matelasse leather:1, velvet:0.85 | black, dusty pink, white, red, beige | antique gold | 2016-2026
gucci | Dionysus | ديونيسوس/Dionysus | flap | 140000 | 10 | -0.04 | -0.05 | small:1, mini:0.8 | gg supreme canvas:1, suede:1.05, leather:1.05 | beige, black, brown | antique silver | 2015-2026
gucci | Jackie 1961 | جاكي/Jackie | hobo | 150000 | 10 | -0.04 | -0.05 | small:1, mini:0.8 | gg supreme canvas:1, leather:1.1 | beige, black, white | gold | 2020-2026
gucci | Horsebit 1955 | هورس بت/Horsebit | flap | 130000 | 8 | -0.04 | -0.05 | small:0.9, medium:1 | gg supreme canvas:1, leather:1.1 | beige, black, brown | gold | 2019-2026
dior | Lady Dior | ليدي ديور/ليدى ديور/Lady Dior | tophandle | 320000 | 25 | -0.02 | 0.04 | mini:0.75, small:0.88, medium:1, large:1.1 | lambskin cannage:1, patent leather:0.97 | black, white, pink, blue, grey | gold, silver | 2008-2026
dior | Saddle | سادل/Saddle | baguette | 200000 | 15 | -0.02 | 0.04 | mini:0.75, medium:1 | oblique jacquard:1, grained calfskin:1.05 | blue, black, beige | gold | 2018-2026
dior | Book Tote | بوك توت/Book Tote | tote | 180000 | 18 | -0.03 | 0.04 | small:0.85, medium:1, large:1.08 | oblique jacquard:1, toile de jouy:1 | blue, black, beige | none | 2018-2026
prada | Re-Edition 2005 | ري اديشن/Re-Edition | baguette | 85000 | 18 | -0.04 | 0.02 | one size:1 | re-nylon:1, saffiano leather:1.3 | black, white, pink, blue | silver | 2019-2026
prada | Galleria | جاليريا/جالاريا/Galleria | tophandle | 190000 | 10 | -0.04 | 0.02 | small:0.85, medium:1, large:1.1 | saffiano leather:1 | black, white, beige, blue | gold, silver | 2008-2026
prada | Cleo | كليو/Cleo | hobo | 150000 | 6 | -0.04 | 0.02 | one size:1 | brushed leather:1 | black, white | silver | 2021-2026
fendi | Baguette | باجيت/باغيت/Baguette | baguette | 170000 | 10 | -0.03 | 0.01 | mini:0.8, medium:1 | ff jacquard:1, leather:1.1, sequins:1.2 | brown, black, pink | gold | 2019-2026
fendi | Peekaboo | بيكابو/Peekaboo | tophandle | 280000 | 6 | -0.03 | 0.01 | mini:0.75, iseeu medium:1 | selleria leather:1, calfskin:0.95 | black, tan, grey, white | silver, gold | 2009-2026
fendi | Fendi First | =فندي فيرست/Fendi First | pouch | 220000 | 4 | -0.04 | 0.01 | small:1 | nappa leather:1 | black, white, pink | gold | 2021-2026
balenciaga | Le City | سيتي/=بالنسياجا سيتي/City | barrel | 110000 | 10 | -0.05 | -0.04 | mini:0.85, small:0.92, medium:1 | lambskin:1 | black, grey, red, blue | aged silver, gold | 2005-2026
balenciaga | Hourglass | اورجلاس/Hourglass | tophandle | 140000 | 7 | -0.05 | -0.04 | xs:0.85, small:1 | box calfskin:1, croc-embossed:1.1 | black, white, pink | silver | 2019-2026
saint-laurent | Loulou | لولو/Loulou | flap | 160000 | 12 | -0.04 | 0.01 | small:0.88, medium:1 | quilted calfskin:1 | black, beige, navy | gold, silver | 2016-2026
saint-laurent | Kate | كيت/Kate | flap | 140000 | 12 | -0.04 | 0.01 | small:0.9, medium:1 | grain de poudre:1, croc-embossed:1.1 | black, beige, red | gold, silver | 2013-2026
saint-laurent | Sac de Jour | ساك دي جور/Sac de Jour | tote | 200000 | 4 | -0.04 | 0.01 | nano:0.75, small:0.9, medium:1 | grained leather:1 | black, navy, tan | silver | 2013-2026
bottega-veneta | Jodie | جودي/Jodie | hobo | 170000 | 8 | -0.04 | 0.03 | teen:1, mini:0.8 | intrecciato nappa:1 | black, parakeet green, fondant, white | gold | 2020-2026
bottega-veneta | Cassette | كاسيت/Cassette | flap | 170000 | 8 | -0.04 | 0.03 | one size:1 | intrecciato lambskin:1, padded nappa:1.05 | black, parakeet green, white, fondant | gold | 2019-2026
bottega-veneta | The Pouch | البوتش/بوتش/Pouch | pouch | 180000 | 5 | -0.04 | 0.03 | mini:0.7, one size:1 | nappa leather:1 | black, almond, fondant | none | 2019-2026
celine | Luggage | لاجيدج/لاجيج/Luggage | tote | 170000 | 6 | -0.04 | 0.02 | nano:0.8, micro:1 | drummed calfskin:1 | black, tan, grey | gold | 2010-2026
celine | Triomphe | تريومف/Triomphe | flap | 190000 | 8 | -0.03 | 0.02 | teen:1, medium:1.1 | shiny calfskin:1, triomphe canvas:0.8 | black, tan, white | gold | 2018-2026
celine | Belt Bag | بيلت باج/Belt Bag | tophandle | 140000 | 5 | -0.04 | 0.02 | nano:0.8, micro:1 | grained calfskin:1 | black, grey, taupe | gold | 2014-2026
givenchy | Antigona | انتيجونا/أنتيجونا/Antigona | tophandle | 150000 | 6 | -0.05 | -0.01 | small:0.9, medium:1 | box calfskin:1, goat leather:1 | black, white | silver | 2010-2026
givenchy | Pandora | =باندورا جيفنشي/Pandora | baguette | 110000 | 4 | -0.05 | -0.01 | small:0.9, medium:1 | goat leather:1 | black, grey | silver | 2010-2026
valentino | Roman Stud | رومان ستاد/Roman Stud | flap | 160000 | 5 | -0.04 | 0 | small:0.9, large:1 | nappa leather:1 | black, ivory, pink | gold | 2020-2026
valentino | Rockstud Tote | روك ستاد/روكستاد/Rockstud | tote | 130000 | 5 | -0.05 | 0 | small:0.9, medium:1 | grained calfskin:1 | black, poudre, red | gold | 2012-2026
burberry | TB Bag | تي بي/TB | flap | 110000 | 4 | -0.05 | -0.03 | small:0.9, medium:1 | leather:1, vintage check canvas:0.9 | black, beige, tan | gold | 2018-2026
versace | La Medusa | لا ميدوسا/ميدوسا/La Medusa | tophandle | 100000 | 5 | -0.05 | 0 | small:0.9, medium:1 | calf leather:1 | black, white, pink | gold | 2019-2026
dolce-gabbana | Sicily | سيسلي/Sicily | tophandle | 130000 | 5 | -0.05 | 0 | small:0.85, medium:1 | dauphine calfskin:1 | black, red, white | gold | 2010-2026
michael-kors | Jet Set Travel | جت سيت/جيت سيت/Jet Set | tote | 16000 | 25 | -0.08 | 0 | small:0.85, medium:1, large:1.1 | saffiano leather:1, signature canvas:0.9 | black, brown, navy, pink | gold | 2012-2026
michael-kors | Mercer | ميرسر/Mercer | tophandle | 14000 | 12 | -0.08 | 0 | small:0.85, medium:1 | pebbled leather:1 | black, brown, pink | gold | 2016-2026
coach | Tabby 26 | تابي/Tabby | flap | 30000 | 12 | -0.06 | 0.01 | 20:0.8, 26:1 | pebble leather:1, signature canvas:0.9 | black, chalk, brown | brass, silver | 2019-2026
coach | Willow Tote | ويلو/Willow | tote | 28000 | 6 | -0.06 | 0.01 | 24:0.9, standard:1 | pebble leather:1 | black, chalk, tan | brass | 2020-2026
furla | Metropolis | ميتروبوليس/Metropolis | flap | 14000 | 10 | -0.07 | 0 | mini:0.85, small:1 | calf leather:1 | black, pink, white, red | silver, gold | 2014-2026
furla | 1927 | فورلا 1927/1927 | tote | 16000 | 5 | -0.07 | 0 | small:0.9, medium:1 | saffiano leather:1 | black, tan, white | gold | 2019-2026
longchamp | Le Pliage Original | لو بلياج/=لونج شامب/Le Pliage | tote | 9000 | 20 | -0.06 | 0.03 | small:0.8, medium:0.9, large:1 | recycled nylon:1, leather:2 | black, navy, green, red, pink | gold | 2010-2026
longchamp | Roseau | روزو/Roseau | tophandle | 20000 | 4 | -0.06 | 0.03 | small:0.9, medium:1 | cowhide leather:1 | black, brown | gold | 2019-2026
goyard | Saint Louis | سان لويس/Saint Louis | tote | 110000 | 12 | 0 | 0.03 | PM:1, GM:1.12 | goyardine canvas:1 | black, grey, green, red, navy, yellow | none | 2008-2026
goyard | Artois | ارتوا/Artois | tote | 180000 | 4 | 0 | 0.03 | PM:0.9, MM:1 | goyardine canvas:1 | black, grey, green, red | none | 2010-2026
miu-miu | Wander | واندر/Wander | hobo | 120000 | 8 | -0.03 | 0.03 | mini:0.85, one size:1 | matelasse nappa:1 | black, pink, white | gold | 2021-2026
miu-miu | Arcadie | اركادي/Arcadie | tophandle | 120000 | 4 | -0.04 | 0.03 | one size:1 | matelasse nappa:1 | black, pink | gold | 2022-2026
loewe | Puzzle | بازل/بزل/Puzzle | duffle | 170000 | 8 | -0.03 | 0.03 | mini:0.8, small:1 | classic calfskin:1 | tan, black, ghost | silver | 2015-2026
loewe | Flamenco | فلامنكو/Flamenco | pouch | 160000 | 4 | -0.03 | 0.03 | mini:0.8, one size:1 | mellow nappa:1 | tan, black | gold | 2019-2026
montblanc | Sartorial Briefcase | =شنطة مونت بلانك/Sartorial | duffle | 60000 | 3 | -0.05 | 0 | one size:1 | saffiano leather:1 | black, navy | silver | 2016-2026

[jewelry]
cartier | Love Bracelet | لاف بريسليت/اسورة لاف/انسيال لاف/Love | piece | bracelet | 350000 | 30 | 0.35 | 0.04 | yellow gold, 18k, none, 0, 1; rose gold, 18k, none, 0, 1; white gold, 18k, none, 0, 1.03; yellow gold, 18k, diamond, 0.42, 1.3; rose gold, 18k, diamond, 1.96, 3.2
cartier | Juste un Clou Bracelet | جست ان كلو/المسمار/Juste un Clou | piece | bracelet | 330000 | 15 | 0.35 | 0.04 | yellow gold, 18k, none, 0, 1; rose gold, 18k, none, 0, 1; white gold, 18k, diamond, 0.58, 1.9
cartier | Love Ring | خاتم لاف/دبلة لاف/Love ring | piece | ring | 95000 | 15 | 0.35 | 0.04 | yellow gold, 18k, none, 0, 1; rose gold, 18k, none, 0, 1; white gold, 18k, diamond, 0.22, 1.8
cartier | Trinity Ring | ترينيتي/Trinity | piece | ring | 85000 | 8 | 0.35 | 0.04 | yellow gold, 18k, none, 0, 1; white gold, 18k, none, 0, 1.05
cartier | Cartier 1895 Solitaire | =سوليتير كارتير/1895 | solitaire | ring | 60000 | 5 | 0.1 | 0.02 | platinum, 950, diamond, 0.3-2.5, 600000
tiffany | Tiffany T Wire Bracelet | تيفاني تي/T Wire | piece | bracelet | 75000 | 12 | 0.3 | 0.02 | yellow gold, 18k, none, 0, 1; rose gold, 18k, none, 0, 1; white gold, 18k, diamond, 0.13, 1.6
tiffany | Return to Tiffany Heart Tag | ريتيرن تو تيفاني/قلب تيفاني/Return to Tiffany | piece | necklace | 22000 | 20 | 0.05 | 0.02 | silver, 925, none, 0, 1; rose gold, 18k, none, 0, 3.5
tiffany | Tiffany Setting Solitaire | =سوليتير تيفاني/Tiffany Setting | solitaire | ring | 70000 | 8 | 0.05 | 0.02 | platinum, 950, diamond, 0.25-2.5, 550000
tiffany | Tiffany Knot Ring | نوت/Knot | piece | ring | 110000 | 5 | 0.3 | 0.02 | yellow gold, 18k, none, 0, 1; white gold, 18k, diamond, 0.35, 2.1
tiffany | Diamonds by the Yard Necklace | دايموند باي ذا يارد/Diamonds by the Yard | piece | necklace | 50000 | 6 | 0.2 | 0.02 | yellow gold, 18k, diamond, 0.05, 1; yellow gold, 18k, diamond, 0.1, 1.55; platinum, 950, diamond, 0.1, 1.9
bulgari | Serpenti Viper Bracelet | سيربنتي/سربنتي/Serpenti | piece | bracelet | 220000 | 10 | 0.35 | 0.03 | rose gold, 18k, none, 0, 1; yellow gold, 18k, none, 0, 1; rose gold, 18k, diamond, 0.92, 2.4
bulgari | B.zero1 Ring | بي زيرو/بي زيرو ون/B.zero1 | piece | ring | 95000 | 10 | 0.35 | 0.03 | yellow gold, 18k, none, 0, 1; rose gold, 18k, none, 0, 1; white gold, 18k, none, 0, 1.03; rose gold, 18k, diamond, 0.1, 1.4
bulgari | Divas' Dream Necklace | ديفاز دريم/Divas Dream | piece | necklace | 160000 | 6 | 0.25 | 0.03 | rose gold, 18k, diamond, 0.1, 1; rose gold, 18k, mother-of-pearl, 0, 0.9; white gold, 18k, diamond, 0.54, 2.5
van-cleef-arpels | Vintage Alhambra Pendant | الهمبرا/فان كليف/Alhambra | piece | necklace | 180000 | 20 | 0.25 | 0.05 | yellow gold, 18k, mother-of-pearl, 0, 1; yellow gold, 18k, onyx, 0, 1; yellow gold, 18k, malachite, 0, 1.02; white gold, 18k, diamond, 0.48, 2.8; rose gold, 18k, carnelian, 0, 1
van-cleef-arpels | Vintage Alhambra Bracelet | اسورة الهمبرا/=انسيال فان كليف/Alhambra bracelet | piece | bracelet | 320000 | 12 | 0.25 | 0.05 | yellow gold, 18k, mother-of-pearl, 0, 1; yellow gold, 18k, onyx, 0, 1; white gold, 18k, diamond, 1.66, 3.5
van-cleef-arpels | Sweet Alhambra Bracelet | سويت الهمبرا/Sweet Alhambra | piece | bracelet | 90000 | 6 | 0.25 | 0.05 | yellow gold, 18k, mother-of-pearl, 0, 1; rose gold, 18k, carnelian, 0, 1
van-cleef-arpels | Perlée Ring | بيرليه/Perlee | piece | ring | 110000 | 4 | 0.35 | 0.05 | yellow gold, 18k, none, 0, 1; rose gold, 18k, diamond, 0.3, 2
van-cleef-arpels | Frivole Earrings | فريفول/Frivole | piece | earrings | 300000 | 3 | 0.3 | 0.05 | yellow gold, 18k, diamond, 0.1, 1; white gold, 18k, diamond, 0.1, 1
graff | Graff Solitaire Ring | =سوليتير جراف/Graff solitaire | solitaire | ring | 120000 | 4 | 0.05 | 0.02 | platinum, 950, diamond, 0.5-3.5, 900000
graff | Butterfly Pendant | بترفلاي/=فراشة جراف/Butterfly | piece | necklace | 250000 | 2 | 0.1 | 0.02 | white gold, 18k, diamond, 0.42, 1; rose gold, 18k, diamond, 0.42, 1
swarovski | Millenia Necklace | ميلينيا/Millenia | piece | necklace | 7500 | 15 | 0 | 0.02 | rhodium-plated, none, crystal, 0, 1; gold-tone plated, none, crystal, 0, 1.05
swarovski | Tennis Bracelet | تنس بريسليت/Tennis | piece | bracelet | 6500 | 10 | 0 | 0.02 | rhodium-plated, none, crystal, 0, 1; gold-tone plated, none, crystal, 0, 1
swarovski | Iconic Swan Pendant | سوان/البجعة/Swan | piece | necklace | 5500 | 12 | 0 | 0.02 | rhodium-plated, none, crystal, 0, 1; rose gold-tone plated, none, crystal, 0, 1
pandora | Moments Charm Bracelet | =اسورة باندورا/مومنتس/Moments | piece | bracelet | 3800 | 25 | 0 | 0.03 | silver, 925, none, 0, 1; rose gold-plated, none, none, 0, 1.2
pandora | Timeless Pavé Ring | =خاتم باندورا/Pave ring | piece | ring | 2500 | 12 | 0 | 0.03 | silver, 925, cubic zirconia, 0, 1
pandora | Sparkling Heart Necklace | =سلسلة باندورا/=قلب باندورا/Heart | piece | necklace | 3200 | 8 | 0 | 0.03 | silver, 925, cubic zirconia, 0, 1
damas | Gold Chain | سلسلة ذهب/=سلسلة داماس/Gold chain | weight | necklace | 0 | 20 | 1 | 0 | yellow gold, 21k, 8-40, 0.18; yellow gold, 18k, 5-25, 0.22
damas | Gold Bangle | غويشة/غوايش/Bangle | weight | bracelet | 0 | 15 | 1 | 0 | yellow gold, 21k, 10-45, 0.15; yellow gold, 18k, 8-30, 0.2
damas | Diamond Solitaire Ring | =سوليتير داماس/خاتم الماس/Solitaire | solitaire | ring | 25000 | 6 | 0.1 | 0.02 | white gold, 18k, diamond, 0.3-2, 300000
damas | Farfasha Bracelet | فرفشة/Farfasha | piece | bracelet | 60000 | 5 | 0.3 | 0.02 | yellow gold, 18k, diamond, 0.2, 1; rose gold, 18k, mother-of-pearl, 0, 0.8
lazurde | Gold Chain | =سلسلة لازوردي/سلسلة ذهب/Gold chain | weight | necklace | 0 | 18 | 1 | 0 | yellow gold, 21k, 6-35, 0.12; yellow gold, 18k, 4-20, 0.16
lazurde | Wedding Band | دبلة/دبل/Wedding band | weight | ring | 0 | 14 | 1 | 0 | yellow gold, 21k, 4-9, 0.12; yellow gold, 18k, 3-8, 0.14; white gold, 18k, 3-8, 0.18
lazurde | Diamond Solitaire Ring | =سوليتير لازوردي/خاتم سوليتير/Solitaire | solitaire | ring | 15000 | 5 | 0.1 | 0.02 | white gold, 18k, diamond, 0.2-1.5, 250000
chopard | Happy Diamonds Pendant | هابي دايموند/Happy Diamonds | piece | necklace | 130000 | 5 | 0.3 | 0.02 | rose gold, 18k, diamond, 0.05, 1; white gold, 18k, diamond, 0.05, 1.02
chopard | Happy Hearts Bracelet | هابي هارتس/Happy Hearts | piece | bracelet | 60000 | 4 | 0.3 | 0.02 | rose gold, 18k, mother-of-pearl, 0, 1; rose gold, 18k, onyx, 0, 1

[shoes]
nike | Air Jordan 1 Retro High OG | جوردن 1/جوردن ون/اير جوردن/AJ1/Jordan 1 | sneaker | 9000 | 40 | 0 | leather | chicago lost and found:2.2, university blue:1.6, mocha:1.5, black toe:1.3, shadow:1, bred patent:1.25 | 38-46
nike | Air Force 1 '07 | اير فورس/ايرفورس/AF1 | sneaker | 5000 | 40 | 0.02 | leather | triple white:1, black:1, white black:1.05 | 36-46
nike | Dunk Low | دانك/دانك لو/Dunk | sneaker | 6500 | 35 | -0.03 | leather | panda:1, grey fog:1.05, university blue:1.2 | 36-46
nike | Air Max 90 | اير ماكس/Air Max | sneaker | 6000 | 15 | 0 | mesh | white:1, infrared:1.2, black:1 | 38-46
nike | Travis Scott x Air Jordan 1 Low | ترافيس سكوت/ترافيس/Travis Scott | sneaker | 60000 | 5 | -0.05 | suede | mocha:1, reverse mocha:1.15, olive:1.05 | 38-46
adidas | Samba OG | سامبا/Samba | sneaker | 5500 | 30 | 0.03 | leather | white black:1, black white:1, white green:1.05 | 36-46
adidas | Yeezy Boost 350 V2 | ييزي/يزي/Yeezy | sneaker | 15000 | 15 | -0.08 | primeknit | zebra:1.2, bred:1.15, onyx:1, bone:1 | 38-46
adidas | Ultraboost | الترا بوست/Ultraboost | sneaker | 6500 | 12 | 0 | primeknit | core black:1, cloud white:1 | 38-46
adidas | Stan Smith | ستان سميث/Stan Smith | sneaker | 4500 | 15 | 0 | leather | white green:1, white navy:1 | 36-46
adidas | Gazelle | جازيل/غزال/Gazelle | sneaker | 4500 | 12 | 0.03 | suede | core black:1, collegiate green:1, blue:1 | 36-46
puma | Suede Classic | =بوما سويد/سويد/Suede | sneaker | 3500 | 10 | 0 | suede | black white:1, red:1, navy:1 | 38-46
puma | Palermo | باليرمو/Palermo | sneaker | 4200 | 8 | 0.03 | suede | green:1, blue:1, bordeaux:1 | 36-45
new-balance | 550 | =نيو بالانس 550/NB550/550 | sneaker | 6000 | 18 | 0 | leather | white green:1, white grey:1, white navy:1 | 36-46
new-balance | 990v6 | 990/NB990 | sneaker | 14000 | 6 | 0 | suede and mesh | grey:1, navy:1 | 40-46
new-balance | 530 | =نيو بالانس 530/NB530/530 | sneaker | 5000 | 15 | 0 | mesh | white silver:1, white navy:1 | 36-45
christian-louboutin | So Kate 120 | سو كيت/لوبوتان/So Kate | heel | 55000 | 8 | 0 | patent leather | black:1, nude:1, red:1 | 35-41
christian-louboutin | Louis Junior Spikes | لويس جونيور/سبايكس/Spikes | sneaker | 60000 | 5 | -0.02 | leather | black:1, white:1 | 39-46
jimmy-choo | Romy 100 | رومي/Romy | heel | 38000 | 6 | 0 | suede | black:1, nude:1, silver glitter:1.1 | 35-41
jimmy-choo | Bing Mule | بنج/Bing | heel | 45000 | 4 | 0 | satin | black:1, silver:1.05 | 35-41
converse | Chuck 70 Hi | تشاك 70/=كونفرس عالي/Chuck 70 | sneaker | 4000 | 15 | 0 | canvas | black:1, parchment:1, white:1 | 36-45
converse | Chuck Taylor All Star | تشاك تايلور/اول ستار/All Star | sneaker | 3000 | 12 | 0 | canvas | white:1, black:1, red:1 | 35-45
skechers | Go Walk | جو ووك/Go Walk | sneaker | 3000 | 10 | 0 | mesh | black:1, navy:1, grey:1 | 37-46
skechers | D'Lites | دي لايتس/D'Lites | sneaker | 3500 | 6 | 0 | leather | white:1, black:1 | 36-42
timberland | 6-Inch Premium Boot | =بوت تمبرلاند/=تمبرلاند/6 inch | boot | 9500 | 14 | 0.02 | nubuck | wheat:1, black:1 | 38-46
gucci | Ace Sneaker | ايس/Ace | sneaker | 35000 | 8 | -0.05 | leather | white bee:1, white stripe:1 | 36-46
gucci | Princetown Slipper | برينستاون/Princetown | loafer | 42000 | 5 | -0.05 | leather | black:1, white:1 | 35-42
dior | B23 High-Top | بي 23/B23 | sneaker | 55000 | 6 | 0 | oblique canvas | blue:1, black:1 | 38-46
balenciaga | Triple S | تريبل اس/تربل اس/Triple S | sneaker | 55000 | 8 | -0.06 | mesh and leather | white:1, black:1, beige:1 | 38-46
balenciaga | Track | تراك/Track | sneaker | 50000 | 5 | -0.06 | mesh | white:1, black:1 | 38-46
louis-vuitton | LV Trainer | ترينر/LV Trainer | sneaker | 65000 | 6 | 0 | grained calfskin | white:1, black:1, denim:1.1 | 39-46
prada | America's Cup | امريكاز كب/America's Cup | sneaker | 45000 | 5 | -0.02 | patent leather and mesh | white:1, black:1 | 39-46
hermes | Oran Sandal | اوران/=صندل هيرمس/Oran | sandal | 45000 | 8 | 0.02 | box calfskin | gold:1, black:1, white:1 | 35-41
valentino | Rockstud Pump | روك ستاد/Rockstud | heel | 50000 | 4 | -0.02 | patent leather | black:1, nude:1 | 35-41

[clothing]
zara | Tailored Blazer | =بليزر زارا/Blazer | blazer | 3500 | 10 | 0 | polyester, wool blend | black, beige, navy
zara | Midi Dress | =فستان زارا/Dress | dress | 2500 | 10 | 0 | viscose, satin | black, green, red, white
lacoste | L.12.12 Polo | =بولو لاكوست/L1212/Polo | polo | 5500 | 20 | 0.02 | cotton pique | white, navy, black, green, red
lacoste | Classic Hoodie | =هودي لاكوست/Hoodie | hoodie | 7500 | 6 | 0.02 | cotton fleece | navy, grey, black
ralph-lauren | Custom Fit Polo | =بولو رالف لورين/بولو/Polo | polo | 5000 | 18 | 0.02 | cotton mesh | white, navy, red, pink, green
ralph-lauren | Cable-Knit Sweater | =بلوفر رالف لورين/سويتر/Cable Knit | sweater | 9000 | 6 | 0.02 | cotton, cashmere | navy, cream, green
tommy-hilfiger | Logo Hoodie | =هودي تومي/Hoodie | hoodie | 4500 | 10 | 0 | cotton fleece | navy, white, red, grey
tommy-hilfiger | Slim Fit Polo | =بولو تومي/Polo | polo | 3500 | 8 | 0 | cotton pique | navy, white, red
calvin-klein | Slim Jeans | =جينز كالفن كلاين/Jeans | jeans | 4000 | 8 | 0 | denim | blue, black
calvin-klein | Logo T-Shirt | =تيشيرت كالفن كلاين/T-shirt | tshirt | 2000 | 10 | 0 | cotton | white, black, grey
hugo-boss | Slim Fit Suit | =بدلة هوجو بوس/=بدلة بوس/Suit | suit | 35000 | 6 | 0.01 | virgin wool | navy, charcoal, black
hugo-boss | Paddy Polo | =بولو بوس/Polo | polo | 6000 | 8 | 0.01 | cotton pique | black, white, navy
armani | Emporio Armani Jacket | =جاكيت ارماني/=جاكت امبوريو/Jacket | jacket | 25000 | 5 | 0 | nylon, leather | black, navy
armani | EA7 T-Shirt | =تيشيرت ارماني/EA7 | tshirt | 4500 | 10 | 0 | cotton | black, white, navy
gucci | Interlocking G T-Shirt | =تيشيرت جوتشي/T-shirt | tshirt | 30000 | 6 | -0.05 | cotton jersey | white, black
burberry | Kensington Trench Coat | =ترنش بربري/ترنش كوت/Trench | coat | 110000 | 6 | -0.03 | cotton gabardine | honey, black, beige
burberry | Check Cotton Shirt | =قميص بربري/Check shirt | shirt | 25000 | 5 | -0.03 | cotton | archive beige, white
balenciaga | Logo Hoodie | =هودي بالنسياجا/Hoodie | hoodie | 50000 | 5 | -0.06 | cotton fleece | black, grey, white
versace | Barocco Silk Shirt | =قميص فيرساتشي/باروكو/Barocco | shirt | 45000 | 4 | 0 | silk | black gold, white gold
dolce-gabbana | Logo T-Shirt | =تيشيرت دولتشي/T-shirt | tshirt | 20000 | 4 | 0 | cotton | white, black

[accessories]
ray-ban | Aviator Classic RB3025 | افياتور/=ريبان افياتور/Aviator | sunglasses | 6500 | 30 | 0.02 | metal:1, polarized metal:1.25 | gold, silver, black
ray-ban | Wayfarer RB2140 | وايفرر/وايفيرر/Wayfarer | sunglasses | 6000 | 25 | 0.02 | acetate:1, polarized acetate:1.25 | black, tortoise, blue
ray-ban | Clubmaster RB3016 | كلوب ماستر/Clubmaster | sunglasses | 6500 | 12 | 0.02 | acetate:1 | black, tortoise
oakley | Holbrook OO9102 | هولبروك/Holbrook | sunglasses | 7000 | 12 | 0.01 | o matter:1, prizm:1.2 | black, grey, tortoise
oakley | Radar EV Path | رادار/Radar | sunglasses | 9500 | 6 | 0.01 | o matter:1, prizm:1.15 | black, white
gucci | GG0061S Sunglasses | =نضارة جوتشي/GG0061S | sunglasses | 18000 | 8 | -0.05 | acetate:1 | black, tortoise, havana
prada | Symbole SPR 17WS | =نضارة برادا/Symbole | sunglasses | 17000 | 7 | 0.02 | acetate:1 | black, white, tortoise
dior | 30Montaigne Sunglasses | =نضارة ديور/30Montaigne | sunglasses | 22000 | 5 | 0.03 | acetate:1 | black, tortoise
cartier | Santos de Cartier Sunglasses | =نضارة كارتير/Santos sunglasses | sunglasses | 45000 | 5 | 0.02 | metal:1, gold-finish metal:1.2 | gold, silver
hermes | H Belt | =حزام هيرمس/حزام اتش/H belt | belt | 65000 | 12 | 0.04 | togo leather:1, box calf:1.05 | black, gold, etoupe
hermes | Carré 90 Silk Scarf | =ايشارب هيرمس/كاريه/Carre | scarf | 25000 | 10 | 0.04 | silk twill:1 | orange, blue, pink, green, red
louis-vuitton | Initiales 40mm Belt | =حزام لويس فيتون/Initiales | belt | 30000 | 12 | 0.03 | monogram canvas:1, damier graphite:1, taiga leather:1.1 | brown, black, grey
louis-vuitton | Zippy Wallet | زيبي/=محفظة لويس فيتون/Zippy | wallet | 45000 | 10 | 0.03 | monogram canvas:1, damier ebene:1, monogram empreinte:1.2 | brown, ebene, black
gucci | GG Marmont Belt | =حزام جوتشي/Marmont belt | belt | 25000 | 15 | -0.05 | leather:1 | black, white, brown
montblanc | Meisterstück 149 Fountain Pen | =قلم مونت بلانك/مايسترشتوك/149 | pen | 45000 | 8 | 0.02 | precious resin:1, solitaire:2.5 | black
montblanc | Meisterstück LeGrand Rollerball | =قلم رولر مونت بلانك/LeGrand | pen | 30000 | 8 | 0.02 | precious resin:1 | black, burgundy
montblanc | Meisterstück 6cc Wallet | =محفظة مونت بلانك/6cc | wallet | 18000 | 8 | 0.02 | full-grain leather:1 | black, brown
goyard | Saint-Sulpice Card Holder | =كارد هولدر جويارد/سان سولبيس/Saint-Sulpice | cardholder | 27000 | 6 | 0.03 | goyardine canvas:1 | black, grey, green, red
bottega-veneta | Intrecciato Card Case | =كارد هولدر بوتيجا/Intrecciato | cardholder | 17000 | 4 | 0.02 | intrecciato lambskin:1 | black, parakeet green, fondant
saint-laurent | Cassandre Card Case | =كارد هولدر سان لوران/Cassandre | cardholder | 16000 | 6 | 0 | grain de poudre:1 | black, beige
burberry | Vintage Check Cashmere Scarf | =سكارف بربري/=شال بربري/Cashmere scarf | scarf | 22000 | 8 | -0.02 | cashmere:1 | archive beige, black, navy
fendi | FF Belt | =حزام فندي/FF belt | belt | 22000 | 5 | 0 | leather:1 | black, brown
miu-miu | Regard Sunglasses | =نضارة ميو ميو/Regard | sunglasses | 18000 | 4 | 0.03 | acetate:1 | black, pink, white
loewe | Anagram Cardholder | =كارد هولدر لوي/Anagram | cardholder | 17000 | 3 | 0.02 | classic calfskin:1 | tan, black

[electronics]
apple | iPhone 15 Pro | ايفون 15 برو/آيفون 15 برو/15 Pro | phone | 55000 | 30 | 2023-09 | 128:1, 256:1.1, 512:1.25, 1024:1.4 | natural titanium, black titanium, white titanium, blue titanium
apple | iPhone 15 Pro Max | ايفون 15 برو ماكس/15 Pro Max | phone | 65000 | 30 | 2023-09 | 256:1, 512:1.12, 1024:1.25 | natural titanium, black titanium, white titanium, blue titanium
apple | iPhone 16 Pro Max | ايفون 16 برو ماكس/16 Pro Max | phone | 75000 | 35 | 2024-09 | 256:1, 512:1.12, 1024:1.25 | desert titanium, natural titanium, black titanium, white titanium
apple | iPhone 17 Pro Max | ايفون 17 برو ماكس/17 Pro Max | phone | 85000 | 30 | 2025-09 | 256:1, 512:1.12, 1024:1.25, 2048:1.45 | cosmic orange, deep blue, silver
apple | MacBook Air M3 13 | ماك بوك اير/ماك بوك/MacBook Air | laptop | 65000 | 10 | 2024-03 | 256:1, 512:1.15 | midnight, starlight, space grey, silver
apple | AirPods Pro 2 | ايربودز برو/ايربودز/AirPods Pro | earbuds | 13000 | 18 | 2022-09 | 0:1 | white
apple | Apple Watch Ultra 2 | =ابل واتش الترا/=ساعة ابل/Apple Watch Ultra | smartwatch | 45000 | 12 | 2023-09 | 64:1 | natural titanium, black titanium
samsung | Galaxy S24 Ultra | اس 24 الترا/=جلاكسي اس 24 الترا/S24 Ultra | phone | 65000 | 20 | 2024-01 | 256:1, 512:1.1, 1024:1.25 | titanium black, titanium gray, titanium violet, titanium yellow
samsung | Galaxy S25 Ultra | اس 25 الترا/=جالكسي اس 25 الترا/S25 Ultra | phone | 72000 | 20 | 2025-02 | 256:1, 512:1.1, 1024:1.25 | titanium silverblue, titanium black, titanium gray
samsung | Galaxy Z Fold6 | فولد 6/زد فولد/Fold 6 | phone | 90000 | 6 | 2024-07 | 256:1, 512:1.08, 1024:1.2 | silver shadow, navy, pink
sony | PlayStation 5 Slim | بلايستيشن 5/بلاي ستيشن/PS5 | console | 30000 | 18 | 2023-11 | 1000:1 | white
sony | PlayStation 5 Pro | بلايستيشن 5 برو/PS5 Pro | console | 42000 | 8 | 2024-11 | 2000:1 | white
sony | WH-1000XM5 | =سماعة سوني/XM5 | headphones | 18000 | 10 | 2022-05 | 0:1 | black, silver
huawei | Pura 70 Ultra | بيورا 70 الترا/Pura 70 Ultra | phone | 55000 | 5 | 2024-04 | 512:1 | black, green, white, brown
huawei | Watch GT 5 | =ساعة هواوي/GT 5 | smartwatch | 12000 | 8 | 2024-09 | 0:1 | black, brown, blue
xiaomi | 14 Ultra | =شاومي 14 الترا/14 Ultra | phone | 55000 | 5 | 2024-02 | 512:1 | black, white
xiaomi | Redmi Note 13 Pro | ريدمي نوت 13 برو/ردمي نوت 13/Redmi Note 13 | phone | 15000 | 15 | 2024-01 | 256:1, 512:1.15 | midnight black, aurora purple, ocean teal

[fragrances]
tom-ford | Oud Wood | عود وود/Oud Wood | 20000 | 12 | 0.03 | EDP:1 | 100, 50
tom-ford | Tobacco Vanille | توباكو فانيلا/Tobacco Vanille | 20000 | 10 | 0.03 | EDP:1 | 100, 50
tom-ford | Lost Cherry | لوست شيري/Lost Cherry | 22000 | 6 | 0.03 | EDP:1 | 100, 50
creed | Aventus | افينتوس/أفنتوس/افنتوس/Aventus | 18000 | 25 | 0.02 | EDP:1 | 100, 50, 250
creed | Silver Mountain Water | سيلفر ماونتن/Silver Mountain | 16000 | 6 | 0.02 | EDP:1 | 100, 50
creed | Green Irish Tweed | جرين ايرش تويد/GIT | 16000 | 5 | 0.02 | EDP:1 | 100, 50
ajmal | Evoke | ايفوك/Evoke | 3000 | 6 | 0.04 | EDP:1 | 75
ajmal | Amber Wood | امبر وود/Amber Wood | 2800 | 4 | 0.04 | EDP:1 | 100
arabian-oud | Kalemat | كلمات/Kalemat | 5500 | 12 | 0.04 | EDP:1 | 100
arabian-oud | Madawi | مداوي/Madawi | 4000 | 8 | 0.04 | EDP:1 | 100
rasasi | Hawas for Him | هوس/حواس/Hawas | 3500 | 12 | 0.04 | EDP:1 | 100
rasasi | Shuhrah | شهرة/Shuhrah | 2800 | 4 | 0.04 | EDP:1 | 90
lattafa | Khamrah | خمرة/خمره/Khamrah | 1500 | 20 | 0.06 | EDP:1 | 100
lattafa | Asad | اسد/أسد/Asad | 1000 | 15 | 0.06 | EDP:1 | 100
chanel | Bleu de Chanel | بلو دي شانيل/بلو شانيل/Bleu | 9500 | 18 | 0.04 | EDP:1, EDT:0.9, parfum:1.15 | 100, 50, 150
chanel | No 5 | =شانيل نمبر 5/نمبر فايف/No5 | 10500 | 8 | 0.04 | EDP:1, parfum:1.25 | 100, 50
chanel | Coco Mademoiselle | كوكو مادموزيل/=كوكو شانيل/Coco | 9800 | 10 | 0.04 | EDP:1 | 100, 50
dior | Sauvage | سوفاج/سوفاچ/Sauvage | 8500 | 25 | 0.03 | EDP:1, EDT:0.9, parfum:1.1 | 100, 60, 200
dior | Miss Dior | ميس ديور/Miss Dior | 8800 | 10 | 0.03 | EDP:1, parfum:1.1 | 100, 50
armani | Acqua di Giò Profondo | اكوا دي جيو/Acqua di Gio | 7500 | 12 | 0.02 | EDP:1, parfum:1.15 | 125, 75
armani | Sì | =سي ارماني/Si | 8000 | 8 | 0.02 | EDP:1 | 100, 50
versace | Eros | ايروس/Eros | 4800 | 15 | 0.02 | EDT:1, EDP:1.12, parfum:1.25 | 100, 50, 200
versace | Dylan Blue | ديلان بلو/Dylan Blue | 4500 | 8 | 0.02 | EDT:1 | 100, 50
dolce-gabbana | Light Blue | لايت بلو/Light Blue | 5000 | 10 | 0.02 | EDT:1 | 100, 50
"#;
