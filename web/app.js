// Dalil storefront: search with suggestions and facets, photo lookup, and price estimates.
//
// One plain script, no build step and no libraries. The page keeps its state in the query
// string (so every view can be shared, reloaded and walked with back/forward), asks the JSON
// API of the same service, and draws its charts as inline SVG. Arabic is the default language;
// English is a toggle remembered in the URL (`lang=en`) and in localStorage.
//
// Sections, in order: strings, DOM helpers, formatting, API, URL state, language, views and
// navigation, search (suggestions, results, facets, histogram, pagination), photo lookup,
// price estimate (form, result, charts), start-up.

'use strict';

/* ------------------------------------------------------------------------------------------
 * Strings
 * ---------------------------------------------------------------------------------------- */

const STRINGS = {
  ar: {
    appName: 'دليل',
    pageTitle: 'دليل · بحث السوق',
    skipToContent: 'تخطَّ إلى المحتوى',
    sectionsNav: 'الأقسام',
    navSearch: 'بحث',
    navPhoto: 'البحث بالصورة',
    navEstimate: 'كم يساوي غرضك؟',
    otherLanguage: 'English',
    otherLanguageLabel: 'Switch to English',
    searchHeading: 'ابحث في السوق',
    searchLabel: 'ابحث',
    searchPlaceholder: 'ابحث: ساعة رولكس، شنطة شانيل، آيفون…',
    searchButton: 'بحث',
    suggestionsLabel: 'اقتراحات',
    landingLead: 'ساعات، حقائب، مجوهرات وأكثر — اكتب بالعربي أو بالإنجليزي.',
    browseCategories: 'تصفّح الأقسام',
    tryQueries: 'جرّب',
    listingsCount: '{n} إعلان',
    filters: 'الفلاتر',
    clearFilters: 'مسح الكل',
    activeFilters: 'الفلاتر المختارة',
    removeFilter: 'إزالة الفلتر: {label}',
    sortBy: 'ترتيب حسب',
    sortRelevance: 'الأكثر صلة',
    sortPriceAsc: 'السعر: من الأقل',
    sortPriceDesc: 'السعر: من الأعلى',
    sortNewest: 'الأحدث',
    pages: 'الصفحات',
    previousPage: 'السابقة',
    nextPage: 'التالية',
    pageN: 'صفحة {n}',
    resultsSummary: '{total} نتيجة',
    resultsSummaryQuery: '{total} نتيجة لـ «{q}»',
    resultsTook: '({ms} مللي ثانية)',
    loading: 'جارٍ التحميل…',
    searching: 'جارٍ البحث…',
    noResultsTitle: 'لا توجد نتائج',
    noResultsHint: 'جرّب كلمات أقل، أو تهجئة أخرى، أو امسح بعض الفلاتر.',
    errorTitle: 'حدث خطأ',
    badRequestTitle: 'راجع ما كتبته',
    unavailableTitle: 'الخدمة غير متاحة الآن',
    networkError: 'تعذّر الاتصال بالخادم. تحقّق من الاتصال وحاول مرة أخرى.',
    retry: 'إعادة المحاولة',
    facetCategory: 'القسم',
    facetBrand: 'الماركة',
    facetCondition: 'الحالة',
    facetAuthenticationStatus: 'التوثيق',
    facetSellerLevel: 'مستوى البائع',
    facetPrice: 'السعر',
    allCategories: 'كل الأقسام',
    showMore: 'عرض الكل ({n})',
    showLess: 'عرض أقل',
    filterBrands: 'ابحث عن ماركة',
    priceMin: 'من',
    priceMax: 'إلى',
    applyPrice: 'تطبيق',
    priceBar: '{from} – {to}: {count} إعلان',
    priceRangeChip: 'السعر: {from} – {to}',
    priceFromChip: 'السعر من {from}',
    priceToChip: 'السعر حتى {to}',
    histogramLabel: 'توزيع الأسعار',
    similar: 'مشابه',
    similarLabel: 'إعلانات تشبه «{title}»',
    photoHeading: 'ابحث بصورة',
    photoLead: 'ارفع صورة غرض أو اسحبها هنا، وسنعرض الإعلانات التي تشبهها.',
    dropTitle: 'اختر صورة أو اسحبها هنا',
    dropHint: 'JPEG أو PNG أو WebP، حتى 10 ميجابايت',
    dropRelease: 'أفلت الصورة للبحث',
    notAnImage: 'هذا الملف ليس صورة JPEG أو PNG أو WebP.',
    imageTooLarge: 'الصورة أكبر من 10 ميجابايت؛ اختر صورة أصغر.',
    photoResults: 'إعلانات تشبه صورتك',
    similarTo: 'تشبه: {title}',
    similarToId: 'تشبه الإعلان {id}',
    lookingUp: 'نبحث عن صور مشابهة…',
    noSimilar: 'لم نجد إعلانات تشبه هذه الصورة.',
    score: 'تشابه {pct}',
    estimateHeading: 'كم يساوي غرضك؟',
    estimateLead: 'صف الغرض الذي تريد بيعه، وسنقدّر سعره من مبيعات مشابهة تمّت فعلًا.',
    fieldCategory: 'القسم',
    fieldBrand: 'الماركة',
    fieldModel: 'الموديل',
    fieldReference: 'الرقم المرجعي',
    fieldCondition: 'الحالة',
    fieldDetails: 'التفاصيل',
    optional: '(اختياري)',
    estimateButton: 'قدّر السعر',
    estimating: 'نحسب التقدير من المبيعات المشابهة…',
    estimateIntro: 'املأ النموذج ثم اضغط «قدّر السعر».',
    noEstimateTitle: 'لا يمكن تقدير السعر',
    estimatesOffTitle: 'تقديرات الأسعار غير متاحة الآن',
    estimatedPrice: 'السعر المقدّر',
    likelyRange: 'النطاق المرجّح (٨ من كل ١٠ مبيعات تقع فيه)',
    rangeValue: 'بين {low} و{high}',
    confidence: 'الثقة',
    confidenceHint: 'احتمال أن يُباع في حدود ١٠٪ من التقدير',
    sampleSize: 'مبني على {n} عملية بيع',
    typicalPrice: 'السعر المعتاد للمبيعات المشابهة: {price}',
    method: 'الأساس',
    'method.comparables-reference': 'مبيعات بنفس الرقم المرجعي',
    'method.comparables-model': 'مبيعات من نفس الموديل',
    'method.comparables-brand': 'مبيعات من نفس الماركة',
    'method.comparables-category': 'مبيعات من نفس القسم',
    factorsTitle: 'ما الذي يحرّك السعر',
    factorsLead: 'تأثير كل عامل مقارنةً بالسعر المعتاد للمبيعات المشابهة.',
    'factor.brandPremium': 'الماركة والموديل',
    'factor.conditionAdjustment': 'الحالة',
    'factor.marketDemand': 'حركة السوق',
    'factor.rarity': 'المواصفات',
    'factor.completeness': 'الملحقات (علبة، أوراق…)',
    positionTitle: 'موقع التقدير بين المبيعات المشابهة',
    positionLead: 'كل نقطة عملية بيع بعد تعديل سعرها لتطابق غرضك؛ حجمها بقدر وزنها. المنطقة المظللة هي النطاق المرجّح.',
    historyTitle: 'تاريخ أسعار {brand} {model}',
    historyLead: 'الوسيط الشهري لأسعار البيع، والمنطقة المظللة بين الربع الأدنى والربع الأعلى.',
    historyNeedsModel: 'أضف الماركة والموديل لرؤية تاريخ أسعار الموديل.',
    historyUnavailable: 'لا يتوفر تاريخ أسعار لهذا الموديل.',
    historyLoading: 'جارٍ تحميل تاريخ الأسعار…',
    estimateLine: 'التقدير',
    median: 'الوسيط',
    comparablesTitle: 'المبيعات المشابهة',
    colTitle: 'الإعلان',
    colCondition: 'الحالة',
    colSoldAt: 'تاريخ البيع',
    colSalePrice: 'سعر البيع',
    colAdjusted: 'بعد التعديل',
    colWeight: 'الوزن',
    showAllComparables: 'عرض كل المبيعات ({n})',
    showFewerComparables: 'عرض أقل',
    salesInMonth: '{n} عملية بيع',
    chooseOption: '— اختر —',
    required: 'اختر قيمة لهذا الحقل.',
    'condition.new': 'جديد',
    'condition.excellent': 'ممتاز',
    'condition.very_good': 'جيد جدًا',
    'condition.good': 'جيد',
    'condition.fair': 'مقبول',
    'auth.pending': 'قيد التحقق',
    'auth.ai_verified': 'تحقق آلي',
    'auth.expert_verified': 'تحقق خبير',
    'auth.fully_verified': 'موثّق بالكامل',
    'auth.rejected': 'مرفوض',
    'kind.brand': 'ماركة',
    'kind.model': 'موديل',
    'kind.category': 'قسم',
    'kind.query': 'بحث',
    'attr.watchYear': 'سنة الصنع',
    'attr.year': 'السنة',
    'attr.boxPapers': 'العلبة والأوراق',
    'attr.box': 'العلبة',
    'attr.dustBag': 'كيس الحفظ (دست باج)',
    'attr.caseSizeMm': 'قطر العلبة (مم)',
    'attr.material': 'الخامة',
    'attr.movement': 'الماكينة',
    'attr.dialColor': 'لون الميناء',
    'attr.color': 'اللون',
    'attr.size': 'المقاس',
    'attr.metal': 'المعدن',
    'attr.purity': 'العيار',
    'attr.gemstone': 'الحجر',
    'attr.caratWeight': 'وزن الألماس (قيراط)',
    'attr.weightGrams': 'الوزن (جرام)',
    'attr.certification': 'الشهادة',
    'attr.sizeEu': 'المقاس (أوروبي)',
    'attr.storageGb': 'السعة (جيجابايت)',
    'attr.batteryHealth': 'صحة البطارية (٪)',
    'attr.volumeMl': 'الحجم (مل)',
    'attr.fillPercent': 'المتبقي في الزجاجة (٪)',
    'attr.concentration': 'التركيز',
    'opt.automatic': 'أوتوماتيك',
    'opt.quartz': 'كوارتز',
    'opt.manual': 'يدوي',
    footer: 'دليل — بحث يفهم العربي والإنجليزي، وتقديرات أسعار من مبيعات حقيقية.',
  },
  en: {
    appName: 'Dalil',
    pageTitle: 'Dalil · marketplace search',
    skipToContent: 'Skip to content',
    sectionsNav: 'Sections',
    navSearch: 'Search',
    navPhoto: 'Search by photo',
    navEstimate: 'What is my item worth?',
    otherLanguage: 'العربية',
    otherLanguageLabel: 'التبديل إلى العربية',
    searchHeading: 'Search the marketplace',
    searchLabel: 'Search',
    searchPlaceholder: 'Search: Rolex watch, Chanel bag, iPhone…',
    searchButton: 'Search',
    suggestionsLabel: 'Suggestions',
    landingLead: 'Watches, bags, jewellery and more — type in Arabic or English.',
    browseCategories: 'Browse categories',
    tryQueries: 'Try',
    listingsCount: '{n} listings',
    filters: 'Filters',
    clearFilters: 'Clear all',
    activeFilters: 'Selected filters',
    removeFilter: 'Remove filter: {label}',
    sortBy: 'Sort by',
    sortRelevance: 'Most relevant',
    sortPriceAsc: 'Price: low to high',
    sortPriceDesc: 'Price: high to low',
    sortNewest: 'Newest',
    pages: 'Pages',
    previousPage: 'Previous',
    nextPage: 'Next',
    pageN: 'Page {n}',
    resultsSummary: '{total} results',
    resultsSummaryQuery: '{total} results for “{q}”',
    resultsTook: '({ms} ms)',
    loading: 'Loading…',
    searching: 'Searching…',
    noResultsTitle: 'No results',
    noResultsHint: 'Try fewer words, another spelling, or clear some filters.',
    errorTitle: 'Something went wrong',
    badRequestTitle: 'Check what you entered',
    unavailableTitle: 'Not available right now',
    networkError: 'Could not reach the server. Check your connection and try again.',
    retry: 'Try again',
    facetCategory: 'Category',
    facetBrand: 'Brand',
    facetCondition: 'Condition',
    facetAuthenticationStatus: 'Authentication',
    facetSellerLevel: 'Seller level',
    facetPrice: 'Price',
    allCategories: 'All categories',
    showMore: 'Show all ({n})',
    showLess: 'Show fewer',
    filterBrands: 'Find a brand',
    priceMin: 'From',
    priceMax: 'To',
    applyPrice: 'Apply',
    priceBar: '{from} – {to}: {count} listings',
    priceRangeChip: 'Price: {from} – {to}',
    priceFromChip: 'Price from {from}',
    priceToChip: 'Price up to {to}',
    histogramLabel: 'Price distribution',
    similar: 'Similar',
    similarLabel: 'Listings that look like “{title}”',
    photoHeading: 'Search by photo',
    photoLead: 'Upload or drop a photo of an item and see the listings that look like it.',
    dropTitle: 'Choose a photo or drop it here',
    dropHint: 'JPEG, PNG or WebP, up to 10 MB',
    dropRelease: 'Release to search',
    notAnImage: 'This file is not a JPEG, PNG or WebP photo.',
    imageTooLarge: 'The photo is larger than 10 MB; choose a smaller one.',
    photoResults: 'Listings that look like your photo',
    similarTo: 'Looks like: {title}',
    similarToId: 'Looks like listing {id}',
    lookingUp: 'Looking for similar photos…',
    noSimilar: 'No listing looks like this photo.',
    score: '{pct} similar',
    estimateHeading: 'What is my item worth?',
    estimateLead: 'Describe the item you want to sell and we will estimate its price from similar completed sales.',
    fieldCategory: 'Category',
    fieldBrand: 'Brand',
    fieldModel: 'Model',
    fieldReference: 'Reference number',
    fieldCondition: 'Condition',
    fieldDetails: 'Details',
    optional: '(optional)',
    estimateButton: 'Estimate the price',
    estimating: 'Working out the estimate from similar sales…',
    estimateIntro: 'Fill in the form, then press “Estimate the price”.',
    noEstimateTitle: 'No estimate is possible',
    estimatesOffTitle: 'Price estimates are not available right now',
    estimatedPrice: 'Estimated price',
    likelyRange: 'Likely range (8 sales in 10 land inside it)',
    rangeValue: '{low} to {high}',
    confidence: 'Confidence',
    confidenceHint: 'chance it sells within 10% of the estimate',
    sampleSize: 'based on {n} sales',
    typicalPrice: 'Typical price of similar sales: {price}',
    method: 'Based on',
    'method.comparables-reference': 'sales of the same reference',
    'method.comparables-model': 'sales of the same model',
    'method.comparables-brand': 'sales of the same brand',
    'method.comparables-category': 'sales in the same category',
    factorsTitle: 'What moves the price',
    factorsLead: 'Each factor’s effect against the typical price of similar sales.',
    'factor.brandPremium': 'Brand and model',
    'factor.conditionAdjustment': 'Condition',
    'factor.marketDemand': 'Market movement',
    'factor.rarity': 'Specification',
    'factor.completeness': 'Completeness (box, papers…)',
    positionTitle: 'Where the estimate sits among similar sales',
    positionLead: 'Each dot is a sale, its price adjusted to your item; its size is its weight. The shaded band is the likely range.',
    historyTitle: '{brand} {model} price history',
    historyLead: 'Monthly median sale price; the shaded band runs from the lower to the upper quartile.',
    historyNeedsModel: 'Add the brand and model to see the model’s price history.',
    historyUnavailable: 'No price history is available for this model.',
    historyLoading: 'Loading price history…',
    estimateLine: 'Estimate',
    median: 'Median',
    comparablesTitle: 'Comparable sales',
    colTitle: 'Listing',
    colCondition: 'Condition',
    colSoldAt: 'Sold',
    colSalePrice: 'Sale price',
    colAdjusted: 'Adjusted',
    colWeight: 'Weight',
    showAllComparables: 'Show all sales ({n})',
    showFewerComparables: 'Show fewer',
    salesInMonth: '{n} sales',
    chooseOption: '— choose —',
    required: 'Choose a value for this field.',
    'condition.new': 'New',
    'condition.excellent': 'Excellent',
    'condition.very_good': 'Very good',
    'condition.good': 'Good',
    'condition.fair': 'Fair',
    'auth.pending': 'Pending',
    'auth.ai_verified': 'AI verified',
    'auth.expert_verified': 'Expert verified',
    'auth.fully_verified': 'Fully verified',
    'auth.rejected': 'Rejected',
    'kind.brand': 'Brand',
    'kind.model': 'Model',
    'kind.category': 'Category',
    'kind.query': 'Search',
    'attr.watchYear': 'Year made',
    'attr.year': 'Year',
    'attr.boxPapers': 'Box and papers',
    'attr.box': 'Box',
    'attr.dustBag': 'Dust bag',
    'attr.caseSizeMm': 'Case size (mm)',
    'attr.material': 'Material',
    'attr.movement': 'Movement',
    'attr.dialColor': 'Dial colour',
    'attr.color': 'Colour',
    'attr.size': 'Size',
    'attr.metal': 'Metal',
    'attr.purity': 'Purity',
    'attr.gemstone': 'Gemstone',
    'attr.caratWeight': 'Diamond weight (ct)',
    'attr.weightGrams': 'Weight (g)',
    'attr.certification': 'Certificate',
    'attr.sizeEu': 'Size (EU)',
    'attr.storageGb': 'Storage (GB)',
    'attr.batteryHealth': 'Battery health (%)',
    'attr.volumeMl': 'Volume (ml)',
    'attr.fillPercent': 'Left in the bottle (%)',
    'attr.concentration': 'Concentration',
    'opt.automatic': 'Automatic',
    'opt.quartz': 'Quartz',
    'opt.manual': 'Manual wind',
    footer: 'Dalil — search that understands Arabic and English, and price estimates from real sales.',
  },
};

/** Example searches on the landing page: how people really type (Arabic, English, mixed). */
const EXAMPLE_QUERIES = ['ساعة رولكس', 'شنطة شانيل', 'آيفون ١٥', 'rolex submariner', 'عطر ديور', 'Hermès Birkin'];

const CONDITIONS = ['new', 'excellent', 'very_good', 'good', 'fair'];

/**
 * The details a seller can give per category: the attributes completed sales carry (see
 * datasets/sales.jsonl). `kind` is year, number, boolean, select (fixed options) or text (free,
 * with common values offered).
 */
const ATTRIBUTE_FIELDS = {
  watches: [
    { key: 'watchYear', kind: 'year' },
    { key: 'boxPapers', kind: 'boolean' },
    { key: 'caseSizeMm', kind: 'number', min: 20, max: 60, step: 0.5 },
    { key: 'movement', kind: 'select', options: ['automatic', 'quartz', 'manual'] },
    { key: 'material', kind: 'text', options: ['stainless steel', 'two-tone', '18k yellow gold', '18k rose gold', '18k white gold', 'titanium', 'resin'] },
    { key: 'dialColor', kind: 'text', options: ['black', 'blue', 'silver', 'white', 'green', 'champagne'] },
  ],
  bags: [
    { key: 'year', kind: 'year' },
    { key: 'box', kind: 'boolean' },
    { key: 'dustBag', kind: 'boolean' },
    { key: 'material', kind: 'text', options: ['monogram canvas', 'caviar leather', 'lambskin', 'saffiano leather', 'damier ebene', 'togo leather', 'epsom'] },
    { key: 'color', kind: 'text', options: ['black', 'beige', 'brown', 'pink', 'white', 'red', 'navy'] },
    { key: 'size', kind: 'text', options: ['mini', 'small', 'medium', 'PM', 'MM', 'GM'] },
  ],
  jewelry: [
    { key: 'metal', kind: 'text', options: ['yellow gold', 'rose gold', 'white gold', 'silver', 'platinum'] },
    { key: 'purity', kind: 'text', options: ['18k', '21k', '925', '950'] },
    { key: 'gemstone', kind: 'text', options: ['none', 'diamond', 'mother-of-pearl', 'onyx'] },
    { key: 'caratWeight', kind: 'number', min: 0, max: 50, step: 0.01 },
    { key: 'weightGrams', kind: 'number', min: 0, max: 2000, step: 0.1 },
    { key: 'certification', kind: 'text', options: ['none', 'GIA', 'IGI'] },
    { key: 'boxPapers', kind: 'boolean' },
  ],
  shoes: [
    { key: 'sizeEu', kind: 'number', min: 16, max: 52, step: 0.5 },
    { key: 'box', kind: 'boolean' },
    { key: 'color', kind: 'text', options: ['black', 'white', 'white black', 'panda'] },
    { key: 'material', kind: 'text', options: ['leather', 'suede', 'mesh', 'canvas'] },
  ],
  electronics: [
    { key: 'storageGb', kind: 'number', min: 1, max: 8192, step: 1 },
    { key: 'batteryHealth', kind: 'number', min: 0, max: 100, step: 1 },
    { key: 'box', kind: 'boolean' },
    { key: 'color', kind: 'text', options: ['black titanium', 'natural titanium', 'white titanium', 'blue titanium', 'white', 'black'] },
  ],
  fragrances: [
    { key: 'volumeMl', kind: 'number', min: 1, max: 1000, step: 1 },
    { key: 'fillPercent', kind: 'number', min: 0, max: 100, step: 1 },
    { key: 'concentration', kind: 'select', options: ['EDP', 'EDT', 'parfum'] },
  ],
  clothing: [
    { key: 'size', kind: 'text', options: ['XS', 'S', 'M', 'L', 'XL', 'XXL'] },
    { key: 'color', kind: 'text', options: ['black', 'white', 'navy', 'red', 'green'] },
    { key: 'material', kind: 'text', options: ['cotton', 'cotton pique', 'denim', 'viscose'] },
  ],
  accessories: [
    { key: 'box', kind: 'boolean' },
    { key: 'material', kind: 'text', options: ['acetate', 'metal', 'leather', 'silk twill'] },
    { key: 'color', kind: 'text', options: ['black', 'tortoise', 'gold', 'brown', 'silver'] },
  ],
};

/** The search parameters kept in the URL, exactly as `GET /api/search` names them. */
const LIST_PARAMS = ['brands', 'condition', 'authenticationStatus', 'sellerLevel'];
const SEARCH_PARAMS = ['q', 'category', ...LIST_PARAMS, 'priceMin', 'priceMax', 'sortBy', 'page'];
const PAGE_SIZE = 20;
/** The API pages no deeper than this many results. */
const MAX_RESULT_WINDOW = 10000;
/** Brands shown before "show all". */
const BRANDS_COLLAPSED = 8;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Comparables shown before "show all". */
const COMPARABLES_COLLAPSED = 10;

let lang = 'ar';

/** Looks a string up in the current language and fills `{name}` placeholders. */
function t(key, vars = {}) {
  const table = STRINGS[lang] || STRINGS.ar;
  const text = table[key] ?? STRINGS.ar[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/**
 * The API's facet labels carry both languages ("Watches · ساعات"); this picks the current one.
 * A label with one language (a brand name) is returned as it is.
 */
function pickLabel(label) {
  const parts = String(label).split(' · ');
  if (parts.length !== 2) return label;
  return lang === 'ar' ? parts[1] : parts[0];
}

/** The English half of a facet label: a brand's canonical name ("Rolex · رولكس" -> "Rolex"). */
function englishLabel(label) {
  return String(label).split(' · ')[0];
}

/* ------------------------------------------------------------------------------------------
 * DOM helpers
 * ---------------------------------------------------------------------------------------- */

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/**
 * Creates an element: `el('a', { href: '/', class: 'x', dataset: { id: 1 }, onclick: fn }, [child, 'text'])`.
 * Text always goes in as text nodes, never as HTML.
 */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes (inline SVG is allowed by the page's CSP). */
function svg(tag, attrs = {}, children = []) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of [].concat(children).flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function clear(node) {
  node.replaceChildren();
  return node;
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Text that came from the API in English (error details) keeps its own language and direction. */
function foreignText(tag, text, attrs = {}) {
  return el(tag, { lang: 'en', dir: 'auto', ...attrs }, [text]);
}

/* ------------------------------------------------------------------------------------------
 * Formatting: numbers, money, dates, percentages in the page's language
 * ---------------------------------------------------------------------------------------- */

function locale() {
  return lang === 'ar' ? 'ar-EG' : 'en-GB';
}

function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(locale(), options).format(Number(value));
}

/** "620000.00" EGP -> "٦٢٠٬٠٠٠ ج.م.‏" or "EGP 620,000". */
function formatMoney(value, currency = 'EGP') {
  const amount = Number(value);
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    // An unknown currency code: the number and the code as given.
    return `${formatNumber(amount, { maximumFractionDigits: 0 })} ${currency}`;
  }
}

/** Short axis labels: 1,250,000 -> "1.25M" / "١٫٢٥ مليون" (three digits keep ticks apart). */
function formatCompact(value) {
  return new Intl.NumberFormat(locale(), { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
}

function formatPercent(fraction, digits = 0) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(fraction);
}

/** A multiplicative effect: 0.12 -> "+12%", -0.05 -> "−5%". */
function formatEffect(fraction) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(fraction);
}

function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

/** "2024-03" -> "Mar 2024" / "مارس ٢٠٢٤". */
function formatPeriod(period, short = false) {
  const [year, month] = String(period).split('-').map(Number);
  if (!year || !month) return period;
  const date = new Date(Date.UTC(year, month - 1, 1));
  return new Intl.DateTimeFormat(locale(), { year: short ? '2-digit' : 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/**
 * Search highlights arrive as HTML-escaped text with matches in `<em>`; they are turned into
 * text nodes and <mark> elements here rather than trusted as HTML.
 */
function highlightNodes(html) {
  const nodes = [];
  let inMatch = false;
  for (const part of String(html).split(/(<\/?em>)/)) {
    if (part === '<em>') inMatch = true;
    else if (part === '</em>') inMatch = false;
    else if (part) nodes.push(inMatch ? el('mark', {}, [decodeEntities(part)]) : document.createTextNode(decodeEntities(part)));
  }
  return nodes;
}

function decodeEntities(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[name.toLowerCase()] ?? whole;
  });
}

/* ------------------------------------------------------------------------------------------
 * API: JSON requests; errors are application/problem+json with a `detail`
 * ---------------------------------------------------------------------------------------- */

class ApiError extends Error {
  constructor({ status = 0, title = '', detail = '', code = '' }) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.code = code;
  }
}

/**
 * Fetches JSON. A response that is not 2xx becomes an ApiError carrying the problem's
 * `detail`; a network failure becomes an ApiError with status 0. Aborted requests reject with
 * the browser's AbortError, which callers ignore.
 */
async function fetchJson(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, ...options });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, detail: t('networkError') });
  }
  if (response.ok) return response.json();
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status line is all there is.
  }
  throw new ApiError({
    status: response.status,
    title: problem.title || response.statusText,
    detail: problem.detail || problem.title || `HTTP ${response.status}`,
    code: problem.code || '',
  });
}

/**
 * One in-flight request per purpose: starting a new one aborts the last (typing fast must
 * not let an older, slower answer overwrite a newer one).
 */
function latestOnly() {
  let controller = null;
  return (url, options = {}) => {
    if (controller) controller.abort();
    controller = new AbortController();
    return fetchJson(url, { ...options, signal: controller.signal });
  };
}

const isAbort = (error) => error && error.name === 'AbortError';

const api = {
  search: latestOnly(),
  landing: latestOnly(),
  suggestions: latestOnly(),
  photo: latestOnly(),
  estimate: latestOnly(),
  history: latestOnly(),
  brands: latestOnly(),
  models: latestOnly(),
};

/** The listing photo's URL: hits name it relative to the data folder (`images/lst-1.jpg`). */
function imageUrl(path) {
  if (!path) return null;
  if (/^(https?:|data:|blob:)/.test(path)) return path;
  return `/${String(path).replace(/^\/+/, '')}`;
}

/* ------------------------------------------------------------------------------------------
 * URL state: every view is a URL (`/?q=…&brands=rolex`, `/?view=estimate&category=…`)
 * ---------------------------------------------------------------------------------------- */

/** The view and its parameters, read from the address bar. */
function readUrl() {
  const params = new URLSearchParams(location.search);
  const view = ['photo', 'similar', 'estimate'].includes(params.get('view')) ? params.get('view') : 'search';
  const search = {};
  for (const name of SEARCH_PARAMS) {
    const value = params.get(name);
    if (value === null || value.trim() === '') continue;
    search[name] = LIST_PARAMS.includes(name) ? value.split(',').filter(Boolean) : value;
  }
  return { view, params, search };
}

/** The query string for a search state (list parameters comma-joined, empty ones left out). */
function searchQuery(search, extra = {}) {
  const params = new URLSearchParams();
  for (const name of SEARCH_PARAMS) {
    const value = search[name];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(name, value.join(','));
    } else {
      params.set(name, String(value));
    }
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

/** Puts a URL in the address bar, keeping the English toggle, then routes to it. */
function navigate(params, { replace = false } = {}) {
  if (lang === 'en') params.set('lang', 'en');
  else params.delete('lang');
  const query = params.toString();
  const url = query ? `/?${query}` : '/';
  if (url !== location.pathname + location.search) {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  }
  route();
}

/* ------------------------------------------------------------------------------------------
 * Language: Arabic (RTL) by default, English as a toggle
 * ---------------------------------------------------------------------------------------- */

function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'ar') return fromUrl;
  try {
    const saved = localStorage.getItem('dalil.lang');
    if (saved === 'en' || saved === 'ar') return saved;
  } catch {
    // Storage can be off (private mode): the default then.
  }
  return 'ar';
}

/** Sets lang/dir and every static string marked with data-i18n / data-i18n-attr. */
function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  for (const node of $$('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of $$('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      node.setAttribute(attr, t(key));
    }
  }
  const toggle = $('#lang-toggle');
  toggle.textContent = t('otherLanguage');
  toggle.lang = lang === 'ar' ? 'en' : 'ar';
  toggle.setAttribute('aria-label', t('otherLanguageLabel'));
}

function toggleLanguage() {
  lang = lang === 'ar' ? 'en' : 'ar';
  try {
    localStorage.setItem('dalil.lang', lang);
  } catch {
    // Remembered in the URL alone.
  }
  applyLanguage();
  const params = new URLSearchParams(location.search);
  if (lang === 'en') params.set('lang', 'en');
  else params.delete('lang');
  const query = params.toString();
  history.replaceState(null, '', query ? `/?${query}` : '/');
  rerenderAll();
}

/* ------------------------------------------------------------------------------------------
 * Views and navigation
 * ---------------------------------------------------------------------------------------- */

let currentView = null;

function showView(name) {
  const section = name === 'similar' ? 'photo' : name;
  for (const view of $$('.view')) view.hidden = view.dataset.view !== section;
  for (const link of $$('[data-view-link]')) {
    if (link.dataset.viewLink === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (currentView !== null && currentView !== name) $('#main').focus({ preventScroll: true });
  currentView = name;
}

/** Reads the URL and brings the page in line with it (on load, on links, on back/forward). */
function route() {
  const { view, params, search } = readUrl();
  showView(view);
  if (view === 'search') routeSearch(search);
  else if (view === 'photo') routePhoto();
  else if (view === 'similar') routeSimilar(params.get('id'));
  else if (view === 'estimate') routeEstimate(params);
  updateTitle();
}

function updateTitle() {
  const q = searchState.q;
  document.title = currentView === 'search' && q ? `${q} · ${t('appName')}` : t('pageTitle');
}

/** Links marked data-nav stay in the page (history.pushState) unless opened in a new tab. */
function onDocumentClick(event) {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (!link.matches('[data-nav], [data-view-link], #home-link')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname !== '/') return;
  event.preventDefault();
  closeSuggestions();
  navigate(new URLSearchParams(url.search));
  window.scrollTo({ top: 0 });
}

/** Re-renders what is on screen in the new language from the last answers (no refetch). */
function rerenderAll() {
  renderLanding();
  if (lastSearch) renderSearch(lastSearch);
  renderPhotoResults();
  fillEstimateSelects();
  renderAttributeFields($('#est-category').value, readAttributeValues());
  if (lastEstimate) renderEstimate(lastEstimate.estimate, lastEstimate.subject);
  updateTitle();
}

/* ------------------------------------------------------------------------------------------
 * Status boxes: loading, empty and error states shared by every view
 * ---------------------------------------------------------------------------------------- */

function showLoading(box, message) {
  clear(box).className = 'status is-loading';
  box.dataset.state = 'loading';
  append(box, [el('span', { class: 'spinner', 'aria-hidden': 'true' }), el('span', {}, [message])]);
}

function showEmpty(box, title, hint) {
  clear(box).className = 'status is-empty';
  box.dataset.state = 'empty';
  append(box, [el('p', { class: 'status-title' }, [title]), hint ? el('p', { class: 'status-hint' }, [hint]) : null]);
}

/** An API error: a title in the page's language, and the service's own `detail`. */
function showError(box, error, { titles = {}, onRetry } = {}) {
  clear(box).className = 'status is-error';
  box.dataset.state = 'error';
  const title =
    titles[error.status] ||
    (error.status === 503 ? t('unavailableTitle') : error.status >= 400 && error.status < 500 ? t('badRequestTitle') : t('errorTitle'));
  append(box, [
    el('p', { class: 'status-title', role: 'alert' }, [title]),
    error.status === 0 ? el('p', { class: 'status-detail' }, [error.detail]) : foreignText('p', error.detail, { class: 'status-detail', 'data-testid': 'error-detail' }),
    onRetry ? el('button', { type: 'button', class: 'button', onclick: onRetry }, [t('retry')]) : null,
  ]);
}

/** A problem found in the page itself (a wrong file), before anything is sent. */
function showProblem(box, message) {
  clear(box).className = 'status is-error';
  box.dataset.state = 'error';
  append(box, [el('p', { class: 'status-title', role: 'alert' }, [message])]);
}

function clearStatus(box) {
  clear(box).className = 'status';
  delete box.dataset.state;
}

/* ------------------------------------------------------------------------------------------
 * Search: state, running a search, the landing page
 * ---------------------------------------------------------------------------------------- */

/** The search as the URL states it: { q, category, brands: [], …, page }. */
let searchState = {};
/** The last search response, for re-rendering (language toggle) without asking again. */
let lastSearch = null;
/** The catalogue's categories and counts, for the landing tiles and the estimate form. */
let catalogue = null;

function hasSearch(search) {
  return Boolean((search.q && search.q.trim()) || search.category || LIST_PARAMS.some((n) => search[n]?.length) || search.priceMin || search.priceMax);
}

function routeSearch(search) {
  searchState = search;
  const input = $('#q');
  // Keep what is being typed (with its trailing space) when the URL holds the same words.
  if (input.value.trim() !== (search.q || '').trim()) input.value = search.q || '';
  $('#sort').value = search.sortBy || 'relevance';
  const active = hasSearch(search);
  $('#search-landing').hidden = active;
  $('#search-body').hidden = !active;
  if (active) runSearch();
  else {
    lastSearch = null;
    loadCatalogue();
  }
}

/** Changes the search (resetting to page 1 unless a page is given) and records it in the URL. */
function updateSearch(changes, { replace = false } = {}) {
  const next = { ...searchState, page: undefined, ...changes };
  navigate(searchQuery(next), { replace });
}

async function runSearch() {
  const resultsBox = $('#results');
  const status = $('#search-status');
  const params = searchQuery({ ...searchState, q: rawQuery() });
  params.set('pageSize', String(PAGE_SIZE));
  resultsBox.setAttribute('aria-busy', 'true');
  resultsBox.classList.add('is-stale');
  if (!lastSearch) showLoading(status, t('searching'));
  try {
    const response = await api.search(`/api/search?${params}`);
    lastSearch = response;
    clearStatus(status);
    renderSearch(response);
  } catch (error) {
    if (isAbort(error)) return;
    lastSearch = null;
    clear(resultsBox);
    clear($('#pagination'));
    $('#results-summary').textContent = '';
    showError(status, error, { onRetry: runSearch });
  } finally {
    resultsBox.removeAttribute('aria-busy');
    resultsBox.classList.remove('is-stale');
  }
}

/** The query as typed, trailing space included (it tells a finished word from a prefix). */
function rawQuery() {
  const typed = $('#q').value;
  return typed.trim() === (searchState.q || '').trim() ? typed.trimStart() : searchState.q || '';
}

async function loadCatalogue() {
  if (catalogue) {
    renderLanding();
    return;
  }
  try {
    catalogue = await api.landing('/api/search/filters');
    renderLanding();
    fillEstimateSelects();
  } catch (error) {
    if (!isAbort(error)) console.warn('categories could not be loaded:', error.message);
  }
}

function renderLanding() {
  const tiles = clear($('#category-tiles'));
  for (const facet of catalogue?.facets?.category || []) {
    const params = new URLSearchParams({ category: facet.value });
    tiles.append(
      el('li', {}, [
        el('a', { href: `/?${params}`, class: 'category-tile', 'data-nav': true, 'data-testid': `category-tile-${facet.value}` }, [
          el('span', { class: 'tile-name' }, [pickLabel(facet.label)]),
          el('span', { class: 'tile-count' }, [t('listingsCount', { n: formatNumber(facet.count) })]),
        ]),
      ]),
    );
  }
  const examples = clear($('#example-queries'));
  for (const q of EXAMPLE_QUERIES) {
    examples.append(el('li', {}, [el('a', { href: `/?${new URLSearchParams({ q })}`, class: 'chip', 'data-nav': true, dir: 'auto' }, [q])]));
  }
}

/* ------------------------------------------------------------------------------------------
 * Search: as-you-type suggestions (an ARIA combobox)
 * ---------------------------------------------------------------------------------------- */

let suggestionItems = [];
let activeSuggestion = -1;
/** Bumped whenever the list closes, so an answer to an older keystroke cannot reopen it. */
let suggestionRound = 0;

const fetchSuggestions = debounce(async (text, round) => {
  if (!text.trim()) {
    closeSuggestions();
    return;
  }
  try {
    const { suggestions } = await api.suggestions(`/api/search/suggestions?${new URLSearchParams({ q: text, limit: '8' })}`);
    if (round !== suggestionRound || $('#q').value !== text || document.activeElement !== $('#q')) return;
    renderSuggestions(suggestions);
  } catch (error) {
    if (!isAbort(error)) closeSuggestions();
  }
}, 120);

/** Results follow the words as they are typed (the URL is replaced, not pushed, meanwhile). */
const searchAsYouType = debounce(() => {
  const typed = $('#q').value;
  if (typed.trim() === (searchState.q || '').trim()) return;
  updateSearch({ q: typed.trim() || undefined }, { replace: true });
}, 350);

function renderSuggestions(suggestions) {
  const list = clear($('#suggestions'));
  suggestionItems = suggestions;
  activeSuggestion = -1;
  suggestions.forEach((s, i) => {
    list.append(
      el(
        'li',
        {
          id: `suggestion-${i}`,
          role: 'option',
          class: 'suggestion',
          'aria-selected': 'false',
          'data-testid': 'suggestion',
          // Keep focus in the box: a click on an option must not blur it first.
          onmousedown: (event) => event.preventDefault(),
          onclick: () => chooseSuggestion(i),
        },
        [el('span', { class: 'suggestion-text', dir: 'auto' }, [s.text]), el('span', { class: `suggestion-kind kind-${s.kind}` }, [t(`kind.${s.kind}`)])],
      ),
    );
  });
  const open = suggestions.length > 0;
  list.hidden = !open;
  $('#q').setAttribute('aria-expanded', String(open));
  $('#q').removeAttribute('aria-activedescendant');
}

function closeSuggestions() {
  suggestionRound += 1;
  const list = $('#suggestions');
  if (!list) return;
  list.hidden = true;
  clear(list);
  suggestionItems = [];
  activeSuggestion = -1;
  $('#q').setAttribute('aria-expanded', 'false');
  $('#q').removeAttribute('aria-activedescendant');
}

function moveSuggestion(step) {
  if (!suggestionItems.length) return;
  activeSuggestion = (activeSuggestion + step + suggestionItems.length + 1) % (suggestionItems.length + 1);
  if (activeSuggestion === suggestionItems.length) activeSuggestion = -1;
  $$('#suggestions .suggestion').forEach((item, i) => item.setAttribute('aria-selected', String(i === activeSuggestion)));
  if (activeSuggestion >= 0) {
    $('#q').setAttribute('aria-activedescendant', `suggestion-${activeSuggestion}`);
    $(`#suggestion-${activeSuggestion}`).scrollIntoView({ block: 'nearest' });
  } else {
    $('#q').removeAttribute('aria-activedescendant');
  }
}

function chooseSuggestion(index) {
  const suggestion = suggestionItems[index];
  if (!suggestion) return;
  $('#q').value = suggestion.text;
  closeSuggestions();
  updateSearch({ q: suggestion.text });
}

function onQueryKeydown(event) {
  const open = !$('#suggestions').hidden;
  if (event.key === 'ArrowDown' && open) {
    event.preventDefault();
    moveSuggestion(1);
  } else if (event.key === 'ArrowUp' && open) {
    event.preventDefault();
    moveSuggestion(-1);
  } else if (event.key === 'Enter' && open && activeSuggestion >= 0) {
    event.preventDefault();
    chooseSuggestion(activeSuggestion);
  } else if (event.key === 'Escape' && open) {
    event.preventDefault();
    closeSuggestions();
  }
}

function onQueryInput() {
  fetchSuggestions($('#q').value, suggestionRound);
  if (currentView === 'search') searchAsYouType();
}

function onSearchSubmit(event) {
  event.preventDefault();
  closeSuggestions();
  const q = $('#q').value.trim();
  if (currentView !== 'search' || q !== (searchState.q || '')) navigate(searchQuery({ ...searchState, q: q || undefined, page: undefined }));
  else runSearch();
}

/* ------------------------------------------------------------------------------------------
 * Search: results
 * ---------------------------------------------------------------------------------------- */

function renderSearch(response) {
  renderSummary(response);
  renderResults(response);
  renderPagination(response);
  renderFacets(response);
  renderActiveFilters();
}

function renderSummary(response) {
  const q = (searchState.q || '').trim();
  const total = formatNumber(response.total);
  const summary = clear($('#results-summary'));
  summary.dataset.total = String(response.total);
  // The shopper's words go in a <bdi> so English words keep their order in an Arabic sentence.
  const [before, after] = (q ? t('resultsSummaryQuery', { total, q: '\u0000' }) : t('resultsSummary', { total })).split('\u0000');
  append(summary, [before, q ? el('bdi', {}, [q]) : null, after ?? '', ' ', el('span', { class: 'took' }, [t('resultsTook', { ms: formatNumber(Math.round(response.tookMs)) })])]);
}

function renderResults(response) {
  const list = clear($('#results'));
  if (!response.hits.length) {
    const status = $('#search-status');
    showEmpty(status, t('noResultsTitle'), t('noResultsHint'));
    if (filterCount() > 0) status.append(el('button', { type: 'button', class: 'button', onclick: clearFilters }, [t('clearFilters')]));
    return;
  }
  for (const hit of response.hits) list.append(resultCard(hit, { highlights: hit.highlights }));
}

/** One listing: photo, title (with highlights), brand and model, price, badges, "similar". */
function resultCard(hit, { highlights = null, score = null } = {}) {
  const src = imageUrl(hit.image);
  const title = highlights?.title ? highlightNodes(highlights.title) : [hit.title];
  const similarParams = new URLSearchParams({ view: 'similar', id: hit.id });
  if (lang === 'en') similarParams.set('lang', 'en');
  return el('li', { class: 'card', 'data-testid': 'result', 'data-id': hit.id }, [
    el('div', { class: 'card-photo' }, [
      src ? el('img', { src, alt: '', width: 96, height: 96, onerror: (e) => e.target.classList.add('broken') }) : el('span', { class: 'no-photo', 'aria-hidden': 'true' }, ['—']),
    ]),
    el('div', { class: 'card-body' }, [
      el('h3', { class: 'card-title', dir: 'auto', 'data-testid': 'result-title' }, title),
      highlights?.description ? el('p', { class: 'card-snippet', dir: 'auto' }, highlightNodes(highlights.description)) : null,
      el('p', { class: 'card-meta', dir: 'auto' }, [[hit.brand, hit.model].filter(Boolean).join(' · ')]),
      el('div', { class: 'badges' }, [
        el('span', { class: `badge condition condition-${hit.condition}`, 'data-testid': 'badge-condition' }, [t(`condition.${hit.condition}`)]),
        hit.authenticationStatus
          ? el('span', { class: `badge auth auth-${hit.authenticationStatus}`, 'data-testid': 'badge-auth' }, [t(`auth.${hit.authenticationStatus}`)])
          : null,
        score !== null ? el('span', { class: 'badge score', 'data-testid': 'score', 'data-score': String(score) }, [t('score', { pct: formatPercent(Math.max(0, score), 1) })]) : null,
      ]),
    ]),
    el('div', { class: 'card-side' }, [
      el('p', { class: 'price', 'data-testid': 'result-price', 'data-value': hit.price }, [formatMoney(hit.price, hit.currency)]),
      el('a', {
        href: `/?${similarParams}`,
        class: 'similar-link',
        'data-nav': true,
        'data-testid': 'similar-link',
        'aria-label': t('similarLabel', { title: hit.title }),
        onclick: () => rememberListing(hit),
      }, [t('similar')]),
    ]),
  ]);
}

function renderPagination(response) {
  const nav = clear($('#pagination'));
  const pages = Math.ceil(Math.min(response.total, MAX_RESULT_WINDOW) / response.pageSize);
  if (pages <= 1) return;
  const page = response.page;
  const link = (n, label, attrs = {}) => {
    const params = searchQuery({ ...searchState, page: n > 1 ? String(n) : undefined });
    return el('a', { href: `/?${params}`, 'data-nav': true, class: 'page-link', ...attrs }, [label]);
  };
  const list = el('ul', {}, []);
  if (page > 1) list.append(el('li', {}, [link(page - 1, t('previousPage'), { rel: 'prev', 'data-testid': 'page-prev' })]));
  for (const n of pageWindow(page, pages)) {
    if (n === null) list.append(el('li', { class: 'gap', 'aria-hidden': 'true' }, ['…']));
    else if (n === page) list.append(el('li', {}, [el('span', { class: 'page-link current', 'aria-current': 'page' }, [formatNumber(n)])]));
    else list.append(el('li', {}, [link(n, formatNumber(n), { 'aria-label': t('pageN', { n: formatNumber(n) }) })]));
  }
  if (page < pages) list.append(el('li', {}, [link(page + 1, t('nextPage'), { rel: 'next', 'data-testid': 'page-next' })]));
  nav.append(list);
}

/** Page numbers around the current one, with the first and last, and gaps as null. */
function pageWindow(page, pages) {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}

/* ------------------------------------------------------------------------------------------
 * Search: facets (counts update with every search; selections live in the URL)
 * ---------------------------------------------------------------------------------------- */

/** Brand facet: expanded to every brand, and the text filtering the list. */
const brandFacetUi = { expanded: false, filter: '' };

function renderFacets(response) {
  // A keyboard user who ticked a box keeps focus on it when the facets are redrawn.
  const focused = document.activeElement?.closest('#facet-groups') ? document.activeElement.id : '';
  const groups = clear($('#facet-groups'));
  const facets = response.facets || {};
  const selected = filterCount();
  // Nothing matched and nothing is ticked: there is nothing to filter.
  const nothing = response.total === 0 && selected === 0;
  $('#facets').hidden = nothing;
  $('#filters-toggle').hidden = nothing;
  $('#search-body').classList.toggle('no-facets', nothing);
  groups.append(categoryFacet(facets.category || []));
  if (facets.brand?.length || searchState.brands?.length) groups.append(brandFacet(facets.brand || []));
  if (response.priceHistogram?.length || searchState.priceMin || searchState.priceMax) groups.append(priceFacet(response));
  const lists = [
    ['condition', 'facetCondition', (v) => t(`condition.${v.value}`)],
    ['authenticationStatus', 'facetAuthenticationStatus', (v) => t(`auth.${v.value}`)],
    ['sellerLevel', 'facetSellerLevel', (v) => pickLabel(v.label)],
  ];
  for (const [param, titleKey, labelOf] of lists) {
    if (facets[param]?.length || searchState[param]?.length) groups.append(listFacet(param, titleKey, facets[param] || [], labelOf));
  }
  const pill = $('#filters-count');
  pill.hidden = selected === 0;
  pill.textContent = formatNumber(selected);
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
}

function facetGroup(name, titleKey, body) {
  const id = `facet-${name}-title`;
  return el('section', { class: 'facet', 'data-testid': `facet-${name}`, 'aria-labelledby': id }, [el('h3', { id, class: 'facet-title' }, [t(titleKey)]), ...body]);
}

/**
 * Values the response no longer lists but the shopper selected stay visible (count 0) so they
 * can be unticked.
 */
function withSelected(values, selected) {
  const present = new Set(values.map((v) => v.value));
  return values.concat(selected.filter((s) => !present.has(s)).map((s) => ({ value: s, label: s, count: 0 })));
}

/** A category tree: "all categories" at the root, the categories beneath; one can be chosen. */
function categoryFacet(values) {
  const chosen = searchState.category;
  const list = el('ul', { class: 'tree', role: 'list' });
  const all = el('li', { class: 'tree-root' }, [categoryOption('', t('allCategories'), null, !chosen)]);
  const children = el('ul', { class: 'tree-children', role: 'list' });
  for (const v of withSelected(values, chosen ? [chosen] : [])) {
    children.append(el('li', {}, [categoryOption(v.value, pickLabel(v.label), v.count, v.value === chosen)]));
  }
  all.append(children);
  list.append(all);
  return facetGroup('category', 'facetCategory', [list]);
}

function categoryOption(value, label, count, checked) {
  const id = `facet-category-${value || 'all'}`;
  return el('label', { class: 'facet-option', for: id, 'data-testid': id }, [
    el('input', { type: 'radio', name: 'facet-category', id, value, checked, onchange: () => updateSearch({ category: value || undefined }) }),
    el('span', { class: 'facet-label' }, [label]),
    count !== null ? el('span', { class: 'facet-count', 'data-testid': 'facet-count', 'data-count': String(count) }, [formatNumber(count)]) : null,
  ]);
}

function brandFacet(values) {
  const selected = searchState.brands || [];
  // The URL may name a brand by any spelling; a facet value is its slug.
  const sameBrand = (s, v) => s === v.value || s.toLowerCase() === englishLabel(v.label).toLowerCase();
  const all = withSelected(values, selected.filter((s) => !values.some((v) => sameBrand(s, v))));
  const filter = brandFacetUi.filter.trim().toLowerCase();
  // Either script finds a brand: the label holds both names.
  const matching = filter ? all.filter((v) => v.label.toLowerCase().includes(filter) || v.value.includes(filter)) : all;
  const isSelected = (v) => selected.some((s) => sameBrand(s, v));
  // Selected brands first, so a long list never hides what is ticked.
  const ordered = [...matching.filter(isSelected), ...matching.filter((v) => !isSelected(v))];
  const shown = brandFacetUi.expanded || filter ? ordered : ordered.slice(0, BRANDS_COLLAPSED);
  const body = [];
  if (all.length > BRANDS_COLLAPSED) {
    body.push(
      el('input', {
        type: 'search',
        id: 'brand-filter',
        class: 'facet-filter',
        placeholder: t('filterBrands'),
        'aria-label': t('filterBrands'),
        value: brandFacetUi.filter,
        'data-testid': 'brand-filter',
        dir: 'auto',
        oninput: (event) => {
          brandFacetUi.filter = event.target.value;
          const at = event.target.selectionStart;
          renderFacets(lastSearch);
          $('#brand-filter').setSelectionRange(at, at);
        },
      }),
    );
  }
  const list = el('ul', { class: 'facet-list', role: 'list' });
  for (const v of shown) list.append(el('li', {}, [checkOption('brands', v, isSelected(v), pickLabel(v.label))]));
  body.push(list);
  if (!filter && all.length > BRANDS_COLLAPSED) {
    body.push(
      el('button', {
        type: 'button',
        class: 'link-button',
        'aria-expanded': String(brandFacetUi.expanded),
        id: 'brand-more',
        'data-testid': 'brand-more',
        onclick: () => {
          brandFacetUi.expanded = !brandFacetUi.expanded;
          renderFacets(lastSearch);
        },
      }, [brandFacetUi.expanded ? t('showLess') : t('showMore', { n: formatNumber(all.length) })]),
    );
  }
  return facetGroup('brand', 'facetBrand', body);
}

function listFacet(param, titleKey, values, labelOf) {
  const selected = searchState[param] || [];
  const list = el('ul', { class: 'facet-list', role: 'list' });
  for (const v of withSelected(values, selected)) list.append(el('li', {}, [checkOption(param, v, selected.includes(v.value), labelOf(v))]));
  return facetGroup(param, titleKey, [list]);
}

/** A tick box for one facet value, with its count; ticking adds the value to the URL. */
function checkOption(param, value, checked, label) {
  const id = `facet-${param}-${value.value}`;
  const toggle = () => {
    const current = searchState[param] || [];
    const next = checked ? current.filter((s) => s !== value.value && s.toLowerCase() !== englishLabel(value.label).toLowerCase()) : [...current, value.value];
    updateSearch({ [param]: next.length ? next : undefined });
  };
  return el('label', { class: 'facet-option', for: id, 'data-testid': id }, [
    el('input', { type: 'checkbox', id, value: value.value, checked, onchange: toggle }),
    el('span', { class: 'facet-label', dir: 'auto' }, [label]),
    el('span', { class: 'facet-count', 'data-testid': 'facet-count', 'data-count': String(value.count) }, [formatNumber(value.count)]),
  ]);
}

/** The price filter: a histogram of the matching listings (bars are buttons) and two boxes. */
function priceFacet(response) {
  const form = el('form', { class: 'price-form', 'data-testid': 'price-form', onsubmit: onPriceSubmit }, [
    el('label', {}, [
      el('span', {}, [t('priceMin')]),
      el('input', { type: 'number', name: 'priceMin', min: 0, step: 'any', inputmode: 'numeric', value: searchState.priceMin || '', placeholder: priceStat(response, 'min'), 'data-testid': 'price-min' }),
    ]),
    el('label', {}, [
      el('span', {}, [t('priceMax')]),
      el('input', { type: 'number', name: 'priceMax', min: 0, step: 'any', inputmode: 'numeric', value: searchState.priceMax || '', placeholder: priceStat(response, 'max'), 'data-testid': 'price-max' }),
    ]),
    el('button', { type: 'submit', class: 'button small' }, [t('applyPrice')]),
  ]);
  return facetGroup('price', 'facetPrice', [priceHistogram(response.priceHistogram || []), form]);
}

function priceStat(response, which) {
  const value = response.priceStats?.[which];
  return value ? String(Math.round(Number(value))) : '';
}

function onPriceSubmit(event) {
  event.preventDefault();
  const data = new FormData(event.target);
  const min = String(data.get('priceMin') || '').trim();
  const max = String(data.get('priceMax') || '').trim();
  updateSearch({ priceMin: min || undefined, priceMax: max || undefined });
}

/**
 * Bars of equal width, one per bucket (the API's buckets grow 1-2-5 per decade, so equal
 * widths read better than a linear price axis). Bars inside the chosen range are filled;
 * pressing one filters to its bucket, pressing it again clears the price filter.
 */
function priceHistogram(buckets) {
  if (!buckets.length) return el('div');
  const width = 240;
  const height = 64;
  const gap = 2;
  const barWidth = (width - gap * (buckets.length - 1)) / buckets.length;
  const maxCount = Math.max(...buckets.map((b) => b.count), 1);
  const lo = searchState.priceMin ? Number(searchState.priceMin) : -Infinity;
  const hi = searchState.priceMax ? Number(searchState.priceMax) : Infinity;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 16}`, class: 'histogram', role: 'group', 'aria-label': t('histogramLabel'), 'data-testid': 'price-histogram' });
  buckets.forEach((bucket, i) => {
    const from = Number(bucket.from);
    const to = Number(bucket.to);
    const filtered = Boolean(searchState.priceMin || searchState.priceMax);
    const inRange = filtered && from >= lo && to <= hi;
    const exact = String(Math.round(from)) === searchState.priceMin && String(Math.round(to)) === searchState.priceMax;
    const barHeight = bucket.count ? Math.max(2, (bucket.count / maxCount) * height) : 0;
    const label = t('priceBar', { from: formatMoney(from), to: formatMoney(to), count: formatNumber(bucket.count) });
    const choose = () => updateSearch(exact ? { priceMin: undefined, priceMax: undefined } : { priceMin: String(Math.round(from)), priceMax: String(Math.round(to)) });
    const x = i * (barWidth + gap);
    chart.append(
      svg('g', {
        id: `price-bar-${i}`,
        class: `bar${inRange ? ' in-range' : ''}`,
        role: 'button',
        tabindex: 0,
        'aria-label': label,
        'aria-pressed': String(exact),
        'data-testid': 'histogram-bar',
        'data-count': String(bucket.count),
        onclick: choose,
        onkeydown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            choose();
          }
        },
      }, [
        svg('title', {}, [label]),
        // A full-height transparent target, so short bars are easy to hit.
        svg('rect', { x, y: 0, width: barWidth, height, class: 'bar-hit' }),
        svg('rect', { x, y: height - barHeight, width: barWidth, height: barHeight, rx: 1.5, class: 'bar-fill' }),
      ]),
    );
  });
  chart.append(svg('text', { x: 0, y: height + 12, class: 'axis-label', 'text-anchor': 'start' }, [formatCompact(Number(buckets[0].from))]));
  chart.append(svg('text', { x: width, y: height + 12, class: 'axis-label', 'text-anchor': 'end' }, [formatCompact(Number(buckets[buckets.length - 1].to))]));
  return el('div', { class: 'histogram-box' }, [chart]);
}

/** The chosen filters as chips above the results, each with a remove button. */
function renderActiveFilters() {
  const list = clear($('#active-filters'));
  const chips = [];
  const facets = lastSearch?.facets || {};
  const labelIn = (facet, value) => facets[facet]?.find((v) => v.value === value)?.label || value;
  if (searchState.category) chips.push([pickLabel(labelIn('category', searchState.category)), { category: undefined }]);
  for (const b of searchState.brands || []) chips.push([pickLabel(labelIn('brand', b)), { brands: without('brands', b) }]);
  for (const c of searchState.condition || []) chips.push([t(`condition.${c}`), { condition: without('condition', c) }]);
  for (const a of searchState.authenticationStatus || []) chips.push([t(`auth.${a}`), { authenticationStatus: without('authenticationStatus', a) }]);
  for (const s of searchState.sellerLevel || []) chips.push([pickLabel(labelIn('sellerLevel', s)), { sellerLevel: without('sellerLevel', s) }]);
  const { priceMin: min, priceMax: max } = searchState;
  if (min || max) {
    const label = min && max ? t('priceRangeChip', { from: formatMoney(min), to: formatMoney(max) }) : min ? t('priceFromChip', { from: formatMoney(min) }) : t('priceToChip', { to: formatMoney(max) });
    chips.push([label, { priceMin: undefined, priceMax: undefined }]);
  }
  for (const [label, change] of chips) {
    list.append(
      el('li', {}, [
        el('button', { type: 'button', class: 'chip removable', 'aria-label': t('removeFilter', { label }), onclick: () => updateSearch(change) }, [
          el('span', { dir: 'auto' }, [label]),
          el('span', { class: 'chip-x', 'aria-hidden': 'true' }, ['×']),
        ]),
      ]),
    );
  }
  $('#clear-filters').hidden = chips.length === 0;
}

/** How many filters are chosen (the price range counts as one). */
function filterCount() {
  return LIST_PARAMS.reduce((n, name) => n + (searchState[name]?.length || 0), 0) + (searchState.category ? 1 : 0) + (searchState.priceMin || searchState.priceMax ? 1 : 0);
}

function without(param, value) {
  const next = (searchState[param] || []).filter((v) => v !== value);
  return next.length ? next : undefined;
}

function clearFilters() {
  updateSearch({ category: undefined, brands: undefined, condition: undefined, authenticationStatus: undefined, sellerLevel: undefined, priceMin: undefined, priceMax: undefined });
}

function toggleFiltersPanel() {
  const button = $('#filters-toggle');
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  $('#facets').classList.toggle('open', open);
}

/* ------------------------------------------------------------------------------------------
 * Photo lookup: upload or drop a photo; listings similar to one listing
 * ---------------------------------------------------------------------------------------- */

/**
 * What the photo view shows: `kind` is 'photo' (an upload) or 'similar' (listings like listing
 * `id`, whose card is `source` when the shopper came from it); `hits` is null while loading.
 */
let photoState = { kind: null, hits: null };
/** Listings the shopper has seen, by id, so "similar" can show the source's photo and title. */
const seenListings = new Map();
let previewUrl = null;

function rememberListing(hit) {
  seenListings.set(hit.id, hit);
}

function routePhoto() {
  if (photoState.kind === 'similar') {
    photoState = { kind: null, hits: null };
    $('#photo-preview-box').hidden = true;
    clearStatus($('#photo-status'));
  }
  renderPhotoResults();
}

function routeSimilar(id) {
  if (!id) return;
  const source = seenListings.get(id);
  photoState = { kind: 'similar', id, source, hits: null };
  setPreview(source ? imageUrl(source.image) : null, source ? source.title : '');
  renderPhotoResults();
  showLoading($('#photo-status'), t('lookingUp'));
  api
    .photo(`/api/products/${encodeURIComponent(id)}/similar?limit=20`)
    .then((response) => {
      photoState.hits = response.hits;
      clearStatus($('#photo-status'));
      renderPhotoResults();
    })
    .catch((error) => {
      if (isAbort(error)) return;
      showError($('#photo-status'), error, { onRetry: () => routeSimilar(id) });
    });
}

function setPreview(src, caption) {
  const box = $('#photo-preview-box');
  box.hidden = !src;
  if (src) $('#photo-preview').src = src;
  $('#photo-preview-caption').textContent = caption || '';
}

async function searchByPhoto(file) {
  const status = $('#photo-status');
  if (!file) return;
  // Checked here too, so a wrong file gets an answer in the page's language at once.
  if (!/^image\/(jpeg|png|webp)$/.test(file.type)) {
    showProblem(status, t('notAnImage'));
    return;
  }
  if (file.size > MAX_PHOTO_BYTES) {
    showProblem(status, t('imageTooLarge'));
    return;
  }
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(file);
  photoState = { kind: 'photo', hits: null };
  if (currentView !== 'photo') navigate(new URLSearchParams({ view: 'photo' }));
  setPreview(previewUrl, file.name);
  renderPhotoResults();
  showLoading(status, t('lookingUp'));
  const form = new FormData();
  form.append('image', file, file.name);
  try {
    const response = await api.photo('/api/search/image?limit=20', { method: 'POST', body: form });
    photoState.hits = response.hits;
    clearStatus(status);
    renderPhotoResults();
  } catch (error) {
    if (!isAbort(error)) showError(status, error);
  }
}

function renderPhotoResults() {
  const list = clear($('#photo-results'));
  const heading = $('#photo-results-heading');
  heading.hidden = !photoState.kind;
  if (photoState.kind === 'similar') {
    heading.textContent = photoState.source ? t('similarTo', { title: photoState.source.title }) : t('similarToId', { id: photoState.id });
    heading.dir = 'auto';
  } else if (photoState.kind === 'photo') {
    heading.textContent = t('photoResults');
  }
  if (!photoState.hits) return;
  if (!photoState.hits.length) {
    showEmpty($('#photo-status'), t('noSimilar'));
    return;
  }
  for (const hit of photoState.hits) {
    rememberListing(hit);
    list.append(resultCard(hit, { score: hit.score }));
  }
}

function initDropzone() {
  const zone = $('#dropzone');
  const input = $('#photo-input');
  input.addEventListener('change', () => {
    searchByPhoto(input.files[0]);
    // The same file chosen twice still fires a change.
    input.value = '';
  });
  const setOver = (over) => {
    zone.classList.toggle('is-over', over);
    $('.dropzone-title', zone).textContent = over ? t('dropRelease') : t('dropTitle');
  };
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  });
  zone.addEventListener('dragleave', () => setOver(false));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    searchByPhoto(event.dataTransfer.files[0]);
  });
  // A photo dropped anywhere else must not navigate away from the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    if (currentView === 'photo' || currentView === 'similar') searchByPhoto(event.dataTransfer?.files?.[0]);
  });
}

/* ------------------------------------------------------------------------------------------
 * Price estimate: the seller's form
 * ---------------------------------------------------------------------------------------- */

/** The last estimate and the subject it answered, for re-rendering; and the model's history. */
let lastEstimate = null;
let lastHistory = null;
let showAllComparables = false;

/** Keys of the estimate form itself; every other URL key is an attribute. */
const SUBJECT_KEYS = ['category', 'brand', 'model', 'referenceNumber', 'condition'];

function fillEstimateSelects() {
  const category = $('#est-category');
  const chosen = category.value || category.dataset.pending || '';
  const categories = catalogue?.facets?.category?.map((c) => [c.value, pickLabel(c.label)]) || Object.keys(ATTRIBUTE_FIELDS).map((slug) => [slug, slug]);
  clear(category).append(el('option', { value: '' }, [t('chooseOption')]));
  for (const [value, label] of categories) category.append(el('option', { value, selected: value === chosen }, [label]));
  if (chosen && !categories.some(([v]) => v === chosen)) category.append(el('option', { value: chosen, selected: true }, [chosen]));

  const condition = $('#est-condition');
  const chosenCondition = condition.value || condition.dataset.pending || '';
  clear(condition).append(el('option', { value: '' }, [t('chooseOption')]));
  for (const c of CONDITIONS) condition.append(el('option', { value: c, selected: c === chosenCondition }, [t(`condition.${c}`)]));
}

/** The detail fields of a category, keeping values already entered. */
function renderAttributeFields(category, values = {}) {
  const box = clear($('#est-attribute-fields'));
  const fields = ATTRIBUTE_FIELDS[category] || [];
  $('#est-attributes').hidden = fields.length === 0;
  for (const field of fields) box.append(attributeField(field, values[field.key]));
}

function attributeField(field, value) {
  const id = `est-attr-${field.key}`;
  const label = t(`attr.${field.key}`);
  const common = { id, name: field.key, 'data-attribute': field.key, 'data-kind': field.kind, 'data-testid': id };
  if (field.kind === 'boolean') {
    return el('div', { class: 'field check' }, [el('input', { type: 'checkbox', ...common, checked: value === true || value === 'true' }), el('label', { for: id }, [label])]);
  }
  let input;
  if (field.kind === 'select') {
    input = el('select', common, [el('option', { value: '' }, [t('chooseOption')])]);
    for (const option of field.options) {
      const text = STRINGS[lang][`opt.${option}`] ? t(`opt.${option}`) : option;
      input.append(el('option', { value: option, selected: String(value) === option }, [text]));
    }
  } else if (field.kind === 'text') {
    const listId = `${id}-list`;
    input = el('input', { type: 'text', list: listId, dir: 'ltr', autocomplete: 'off', value: value ?? '', ...common });
    input = [input, el('datalist', { id: listId }, field.options.map((o) => el('option', { value: o })))];
  } else {
    const year = new Date().getFullYear();
    const bounds = field.kind === 'year' ? { min: 1900, max: year + 1, step: 1 } : { min: field.min, max: field.max, step: field.step };
    input = el('input', { type: 'number', inputmode: 'decimal', dir: 'ltr', value: value ?? '', ...bounds, ...common });
  }
  return el('div', { class: 'field' }, [el('label', { for: id }, [label]), input]);
}

function readAttributeValues() {
  const values = {};
  for (const input of $$('[data-attribute]')) {
    if (input.dataset.kind === 'boolean') values[input.dataset.attribute] = input.checked;
    else if (input.value.trim() !== '') values[input.dataset.attribute] = input.value.trim();
  }
  return values;
}

/**
 * The brand's canonical name for a name typed in either script ("رولكس" -> "Rolex"): the price
 * routes know brands by the names the sales carry, not by their Arabic names.
 */
function canonicalBrand(typed) {
  const wanted = typed.trim().toLowerCase();
  const match = $$('#est-brand-list option').find((o) => o.value.toLowerCase() === wanted || (o.dataset.names || '').split(' · ').includes(wanted));
  return match ? match.value : typed.trim();
}

/** The subject in the form, as the estimate route's query string (and the page's URL). */
function subjectParams() {
  const params = new URLSearchParams();
  for (const key of SUBJECT_KEYS) {
    const raw = $(`#estimate-form [name="${key}"]`).value.trim();
    const value = key === 'brand' && raw ? canonicalBrand(raw) : raw;
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(readAttributeValues())) params.set(key, String(value));
  return params;
}

function onEstimateSubmit(event) {
  event.preventDefault();
  const form = $('#estimate-form');
  // The browser's own messages for the two required fields (category and condition).
  for (const name of ['category', 'condition']) {
    const field = $(`[name="${name}"]`, form);
    if (!field.value) {
      field.setCustomValidity(t('required'));
      field.reportValidity();
      field.addEventListener('change', () => field.setCustomValidity(''), { once: true });
      return;
    }
  }
  const params = subjectParams();
  params.set('view', 'estimate');
  navigate(params);
}

/** Fills the form from the URL, then asks for the estimate if the URL holds a subject. */
function routeEstimate(params) {
  const category = params.get('category') || '';
  const form = $('#estimate-form');
  $('#est-category').dataset.pending = category;
  $('#est-condition').dataset.pending = params.get('condition') || '';
  fillEstimateSelects();
  $('#est-category').value = category;
  $('#est-condition').value = params.get('condition') || '';
  for (const key of ['brand', 'model', 'referenceNumber']) $(`[name="${key}"]`, form).value = params.get(key) || '';
  const attributes = {};
  for (const [key, value] of params) if (![...SUBJECT_KEYS, 'view', 'lang'].includes(key)) attributes[key] = value;
  renderAttributeFields(category, attributes);
  loadBrandOptions(category).then(loadModelOptions);
  if (category && params.get('condition')) runEstimate(params);
  else {
    lastEstimate = null;
    $('#estimate-result').hidden = true;
    showEmpty($('#estimate-status'), t('estimateIntro'));
    $('#estimate-status').dataset.state = 'intro';
  }
}

async function runEstimate(params) {
  const query = new URLSearchParams(params);
  query.delete('view');
  query.delete('lang');
  const subject = Object.fromEntries(query);
  const status = $('#estimate-status');
  const result = $('#estimate-result');
  showLoading(status, t('estimating'));
  result.classList.add('is-stale');
  $('#est-submit').disabled = true;
  try {
    const estimate = await api.estimate(`/api/prices/estimate?${query}`);
    lastEstimate = { estimate, subject };
    lastHistory = null;
    showAllComparables = false;
    clearStatus(status);
    renderEstimate(estimate, subject);
    loadHistory(subject, estimate);
  } catch (error) {
    if (isAbort(error)) return;
    lastEstimate = null;
    result.hidden = true;
    showError(status, error, { titles: { 422: t('noEstimateTitle'), 503: t('estimatesOffTitle') } });
  } finally {
    result.classList.remove('is-stale');
    $('#est-submit').disabled = false;
  }
}

/** Brands sold in the chosen category, offered as the brand box's suggestions. */
async function loadBrandOptions(category) {
  const list = clear($('#est-brand-list'));
  if (!category) return;
  try {
    const response = await api.brands(`/api/search/filters?${new URLSearchParams({ category })}`);
    for (const b of response.facets.brand) {
      list.append(el('option', { value: englishLabel(b.label), dataset: { names: b.label.toLowerCase() } }, [pickLabel(b.label)]));
    }
  } catch (error) {
    if (!isAbort(error)) console.warn('brands could not be loaded:', error.message);
  }
}

/** Models of the typed brand in the chosen category, from the listings on sale. */
const loadModelOptions = debounce(async () => {
  const list = clear($('#est-model-list'));
  const category = $('#est-category').value;
  const brand = $('#est-brand').value.trim();
  // Only a brand the category knows (a half-typed name would only be refused).
  const known = $$('#est-brand-list option').map((o) => o.value);
  if (!category || !brand || (known.length && !known.includes(canonicalBrand(brand)))) return;
  try {
    const response = await api.models(`/api/search?${new URLSearchParams({ category, brands: canonicalBrand(brand), pageSize: '100' })}`);
    const models = [...new Set(response.hits.map((h) => h.model).filter(Boolean))].sort();
    for (const m of models) list.append(el('option', { value: m }));
  } catch (error) {
    // An unknown brand is a 400 here; the estimate itself will say what is wrong.
    if (!isAbort(error)) clear(list);
  }
}, 300);

/* ------------------------------------------------------------------------------------------
 * Price estimate: the answer
 * ---------------------------------------------------------------------------------------- */

function renderEstimate(estimate, subject) {
  const box = clear($('#estimate-result'));
  box.hidden = false;
  box.append(estimateHeadline(estimate));
  box.append(factorsSection(estimate));
  box.append(positionSection(estimate));
  box.append(el('section', { class: 'panel', id: 'history-panel', 'data-testid': 'history-panel' }));
  renderHistory(subject, estimate);
  box.append(comparablesSection(estimate));
}

function estimateHeadline(estimate) {
  const { currency } = estimate;
  const confidence = Math.max(0, Math.min(1, estimate.confidence));
  const methodKey = `method.${estimate.method}`;
  return el('section', { class: 'panel headline', 'aria-labelledby': 'estimate-price-label' }, [
    el('p', { id: 'estimate-price-label', class: 'headline-label' }, [t('estimatedPrice')]),
    el('p', { class: 'headline-price', 'data-testid': 'estimate-price', 'data-value': String(estimate.estimatedPrice) }, [formatMoney(estimate.estimatedPrice, currency)]),
    el('p', { class: 'headline-range-label' }, [t('likelyRange')]),
    el('p', { class: 'headline-range', 'data-testid': 'estimate-range', 'data-low': String(estimate.priceRange.low), 'data-high': String(estimate.priceRange.high) }, [
      t('rangeValue', { low: formatMoney(estimate.priceRange.low, currency), high: formatMoney(estimate.priceRange.high, currency) }),
    ]),
    el('div', { class: 'confidence', 'data-testid': 'estimate-confidence', 'data-value': String(estimate.confidence) }, [
      el('span', { class: 'confidence-label' }, [t('confidence')]),
      el('span', { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(confidence * 100), 'aria-label': t('confidence') }, [meterFill(confidence)]),
      el('strong', {}, [formatPercent(confidence)]),
      el('span', { class: 'confidence-hint' }, [t('confidenceHint')]),
    ]),
    el('p', { class: 'headline-meta' }, [
      t('sampleSize', { n: formatNumber(estimate.sampleSize) }),
      ' · ',
      t('method'),
      ': ',
      STRINGS[lang][methodKey] ? t(methodKey) : estimate.method,
    ]),
  ]);
}

function meterFill(fraction) {
  const fill = el('span', { class: 'meter-fill' });
  // CSP allows style set from script (CSSOM), not style attributes in markup.
  fill.style.inlineSize = `${(fraction * 100).toFixed(1)}%`;
  return fill;
}

/** The five multiplicative effects as a diverging bar list, and the typical price they scale. */
function factorsSection(estimate) {
  const entries = Object.entries(estimate.factors || {});
  const biggest = Math.max(0.05, ...entries.map(([, v]) => Math.abs(v)));
  const list = el('ul', { class: 'factors', 'data-testid': 'factors' });
  for (const [name, value] of entries) {
    const bar = el('span', { class: `factor-bar ${value >= 0 ? 'up' : 'down'}` });
    bar.style.inlineSize = `${((Math.abs(value) / biggest) * 50).toFixed(1)}%`;
    list.append(
      el('li', { class: 'factor', 'data-factor': name }, [
        el('span', { class: 'factor-name' }, [STRINGS[lang][`factor.${name}`] ? t(`factor.${name}`) : name]),
        el('span', { class: 'factor-track', 'aria-hidden': 'true' }, [el('span', { class: 'factor-axis' }), bar]),
        el('span', { class: `factor-value ${value > 0 ? 'up' : value < 0 ? 'down' : ''}` }, [formatEffect(value)]),
      ]),
    );
  }
  return el('section', { class: 'panel', 'aria-labelledby': 'factors-title' }, [
    el('h2', { id: 'factors-title' }, [t('factorsTitle')]),
    el('p', { class: 'panel-lead' }, [t('factorsLead'), ' ', t('typicalPrice', { price: formatMoney(estimate.typicalPrice, estimate.currency) })]),
    list,
  ]);
}

function positionSection(estimate) {
  return el('section', { class: 'panel', 'aria-labelledby': 'position-title' }, [
    el('h2', { id: 'position-title' }, [t('positionTitle')]),
    el('p', { class: 'panel-lead' }, [t('positionLead')]),
    positionChart(estimate),
  ]);
}

function comparablesSection(estimate) {
  const rows = [...estimate.comparables].sort((a, b) => b.weight - a.weight);
  const shown = showAllComparables ? rows : rows.slice(0, COMPARABLES_COLLAPSED);
  const table = el('table', { class: 'comparables', 'data-testid': 'comparables' }, [
    el('thead', {}, [
      el('tr', {}, ['colTitle', 'colCondition', 'colSoldAt', 'colSalePrice', 'colAdjusted', 'colWeight'].map((key) => el('th', { scope: 'col' }, [t(key)]))),
    ]),
    el(
      'tbody',
      {},
      shown.map((c) =>
        el('tr', { 'data-testid': 'comparable' }, [
          el('td', { dir: 'auto', class: 'comparable-title' }, [c.title || c.id]),
          el('td', {}, [t(`condition.${c.condition}`)]),
          el('td', {}, [formatDate(c.soldAt)]),
          el('td', { class: 'num' }, [formatMoney(c.salePrice, estimate.currency)]),
          el('td', { class: 'num' }, [formatMoney(c.adjustedPrice, estimate.currency)]),
          el('td', { class: 'num' }, [formatPercent(c.weight, 1)]),
        ]),
      ),
    ),
  ]);
  const toggle =
    rows.length > COMPARABLES_COLLAPSED
      ? el('button', {
          type: 'button',
          class: 'link-button',
          'aria-expanded': String(showAllComparables),
          onclick: () => {
            showAllComparables = !showAllComparables;
            const section = comparablesSection(estimate);
            $('#comparables-panel').replaceWith(section);
            $('#comparables-panel .link-button')?.focus();
          },
        }, [showAllComparables ? t('showFewerComparables') : t('showAllComparables', { n: formatNumber(rows.length) })])
      : null;
  return el('section', { class: 'panel', id: 'comparables-panel', 'aria-labelledby': 'comparables-title' }, [
    el('h2', { id: 'comparables-title' }, [t('comparablesTitle')]),
    el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': 'comparables-title' }, [table]),
    toggle,
  ]);
}

/** The model's price history, fetched after the estimate (it needs a brand and a model). */
async function loadHistory(subject, estimate) {
  if (!subject.brand || !subject.model) return;
  lastHistory = { loading: true, key: `${subject.brand}/${subject.model}` };
  renderHistory(subject, estimate);
  try {
    const history = await api.history(`/api/prices/history/${encodeURIComponent(subject.brand)}/${encodeURIComponent(subject.model)}`);
    lastHistory = { history, key: `${subject.brand}/${subject.model}` };
  } catch (error) {
    if (isAbort(error)) return;
    lastHistory = { error, key: `${subject.brand}/${subject.model}` };
  }
  if (lastEstimate?.estimate === estimate) renderHistory(subject, estimate);
}

function renderHistory(subject, estimate) {
  const panel = $('#history-panel');
  if (!panel) return;
  clear(panel);
  const title = subject.brand && subject.model ? t('historyTitle', { brand: subject.brand, model: subject.model }) : t('historyTitle', { brand: '', model: '' }).trim();
  panel.append(el('h2', { dir: 'auto' }, [title]));
  if (!subject.brand || !subject.model) {
    panel.append(el('p', { class: 'panel-lead' }, [t('historyNeedsModel')]));
    return;
  }
  if (!lastHistory || lastHistory.loading) {
    const box = el('div', { class: 'status' });
    showLoading(box, t('historyLoading'));
    panel.append(box);
    return;
  }
  if (lastHistory.error || !lastHistory.history.points.length) {
    panel.append(el('p', { class: 'panel-lead' }, [t('historyUnavailable')]));
    if (lastHistory.error) panel.append(foreignText('p', lastHistory.error.detail, { class: 'status-detail' }));
    return;
  }
  panel.append(el('p', { class: 'panel-lead' }, [t('historyLead')]));
  panel.append(historyChart(lastHistory.history, estimate));
}

/* ------------------------------------------------------------------------------------------
 * Charts: hand-written SVG (axes, a strip of comparables, a price-history band and line)
 * ---------------------------------------------------------------------------------------- */

/**
 * Charts are drawn at the width they are shown at (up to 900 px), so their text keeps its size
 * on a phone instead of shrinking with the whole picture.
 */
function chartWidth() {
  const box = $('#estimate-result');
  const available = box && box.clientWidth ? box.clientWidth - 42 : 640;
  return Math.round(Math.max(280, Math.min(900, available)));
}

/** Redraws the estimate's charts when the window's width changes enough to matter. */
const redrawOnResize = debounce(() => {
  if (!lastEstimate || currentView !== 'estimate') return;
  const drawn = Number($('[data-testid="position-chart"]')?.getAttribute('width') || 0);
  if (Math.abs(drawn - chartWidth()) > 24) renderEstimate(lastEstimate.estimate, lastEstimate.subject);
}, 200);

/** A linear scale from [d0, d1] to [r0, r1]. */
function scale(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** About `count` round tick values across [lo, hi] (steps of 1, 2 or 5 per decade). */
function niceTicks(lo, hi, count = 5) {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  // The 1-2-5 step nearest the raw step (on a log scale), as d3's ticks choose it.
  const ratio = raw / power;
  const step = power * (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(v);
  return ticks;
}

/**
 * Comparables' adjusted prices on a price axis: a dot per sale (area by weight, stacked where
 * they crowd), the 80% range as a band and the estimate as a line.
 */
function positionChart(estimate) {
  const width = chartWidth();
  const height = 190;
  const pad = { left: 16, right: 16, top: 30, bottom: 30 };
  const prices = estimate.comparables.map((c) => Number(c.adjustedPrice));
  const low = Number(estimate.priceRange.low);
  const high = Number(estimate.priceRange.high);
  const value = Number(estimate.estimatedPrice);
  const all = [...prices, low, high, value];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const margin = (hi - lo) * 0.05 || value * 0.1;
  const x = scale(lo - margin, hi + margin, pad.left, width - pad.right);
  const baseline = height - pad.bottom;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart position-chart', role: 'img', 'aria-label': `${t('positionTitle')}: ${t('estimateLine')} ${formatMoney(value, estimate.currency)}`, 'data-testid': 'position-chart' });
  chart.append(svg('rect', { x: x(low), y: pad.top - 8, width: Math.max(1, x(high) - x(low)), height: baseline - pad.top + 8, class: 'band' }));
  for (const tick of niceTicks(lo - margin, hi + margin, Math.max(3, Math.floor(width / 100)))) {
    chart.append(svg('line', { x1: x(tick), x2: x(tick), y1: baseline, y2: baseline + 4, class: 'tick' }));
    chart.append(svg('text', { x: x(tick), y: baseline + 17, class: 'axis-label', 'text-anchor': 'middle' }, [formatCompact(tick)]));
  }
  chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: baseline, y2: baseline, class: 'axis' }));
  // Dots stack upwards where they would overlap (a simple beeswarm along the baseline).
  const maxWeight = Math.max(...estimate.comparables.map((c) => c.weight), 1e-9);
  const placed = [];
  const order = estimate.comparables.map((c, i) => i).sort((a, b) => estimate.comparables[b].weight - estimate.comparables[a].weight);
  for (const i of order) {
    const c = estimate.comparables[i];
    const r = 2.5 + 5.5 * Math.sqrt(c.weight / maxWeight);
    const cx = x(Number(c.adjustedPrice));
    let cy = baseline - r - 2;
    while (placed.some((p) => Math.hypot(p.cx - cx, p.cy - cy) < p.r + r + 0.5) && cy > pad.top + r) cy -= 2;
    placed.push({ cx, cy, r });
    chart.append(
      svg('circle', { cx, cy, r, class: 'dot', 'data-testid': 'comparable-dot' }, [
        svg('title', {}, [`${c.title || c.id}: ${formatMoney(c.adjustedPrice, estimate.currency)} (${formatPercent(c.weight, 1)})`]),
      ]),
    );
  }
  chart.append(svg('line', { x1: x(value), x2: x(value), y1: pad.top - 10, y2: baseline, class: 'estimate-line' }));
  const anchor = x(value) < width * 0.2 ? 'start' : x(value) > width * 0.8 ? 'end' : 'middle';
  chart.append(svg('text', { x: x(value), y: pad.top - 14, class: 'estimate-label', 'text-anchor': anchor }, [`${t('estimateLine')}: ${formatMoney(value, estimate.currency)}`]));
  return el('div', { class: 'chart-box' }, [chart]);
}

/**
 * Monthly medians as a line with a point per month, the p25-p75 band behind it, and the
 * estimate as a dashed horizontal line for scale.
 */
function historyChart(history, estimate) {
  const points = history.points;
  const width = chartWidth();
  const height = 240;
  const pad = { left: 56, right: 16, top: 16, bottom: 34 };
  const value = Number(estimate.estimatedPrice);
  const values = points.flatMap((p) => [Number(p.p25), Number(p.p75), Number(p.median)]).concat(value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const margin = (hi - lo) * 0.08 || value * 0.1;
  const y = scale(lo - margin, hi + margin, height - pad.bottom, pad.top);
  const x = points.length === 1 ? () => (pad.left + width - pad.right) / 2 : scale(0, points.length - 1, pad.left, width - pad.right);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart history-chart', role: 'img', 'aria-label': t('historyTitle', { brand: history.brand, model: history.model }), 'data-testid': 'history-chart' });
  for (const tick of niceTicks(lo - margin, hi + margin, width < 500 ? 4 : 5)) {
    chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: 'grid' }));
    chart.append(svg('text', { x: pad.left - 6, y: y(tick) + 4, class: 'axis-label', 'text-anchor': 'end' }, [formatCompact(tick)]));
  }
  // Period labels about 80 px apart, always the first and the last.
  const every = Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor((width - pad.left - pad.right) / 80))));
  points.forEach((p, i) => {
    if (i % every !== 0 && i !== points.length - 1) return;
    if (i !== points.length - 1 && points.length - 1 - i < every / 2) return;
    const anchor = i === 0 && points.length > 1 ? 'start' : i === points.length - 1 && points.length > 1 ? 'end' : 'middle';
    chart.append(svg('text', { x: x(i), y: height - pad.bottom + 18, class: 'axis-label', 'text-anchor': anchor }, [formatPeriod(p.period, true)]));
  });
  const band = points.map((p, i) => `${x(i)},${y(Number(p.p75))}`).concat(points.map((p, i) => `${x(i)},${y(Number(p.p25))}`).reverse());
  chart.append(svg('polygon', { points: band.join(' '), class: 'band' }));
  chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: 'estimate-line dashed' }));
  chart.append(svg('text', { x: width - pad.right, y: y(value) - 6, class: 'estimate-label', 'text-anchor': 'end' }, [`${t('estimateLine')}: ${formatCompact(value)}`]));
  chart.append(svg('polyline', { points: points.map((p, i) => `${x(i)},${y(Number(p.median))}`).join(' '), class: 'line' }));
  points.forEach((p, i) => {
    chart.append(
      svg('circle', { cx: x(i), cy: y(Number(p.median)), r: 3.5, class: 'point', 'data-testid': 'history-point' }, [
        svg('title', {}, [`${formatPeriod(p.period)}: ${t('median')} ${formatMoney(p.median, history.currency)} · ${t('salesInMonth', { n: formatNumber(p.count) })}`]),
      ]),
    );
  });
  chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: 'axis' }));
  return el('div', { class: 'chart-box' }, [chart]);
}

/* ------------------------------------------------------------------------------------------
 * Start-up
 * ---------------------------------------------------------------------------------------- */

function init() {
  lang = initialLanguage();
  applyLanguage();
  $('#lang-toggle').addEventListener('click', toggleLanguage);
  document.addEventListener('click', onDocumentClick);
  window.addEventListener('resize', redrawOnResize);
  window.addEventListener('popstate', () => {
    closeSuggestions();
    route();
  });

  const q = $('#q');
  $('#search-form').addEventListener('submit', onSearchSubmit);
  q.addEventListener('input', onQueryInput);
  q.addEventListener('keydown', onQueryKeydown);
  q.addEventListener('blur', () => setTimeout(closeSuggestions, 100));
  $('#sort').addEventListener('change', (event) => updateSearch({ sortBy: event.target.value === 'relevance' ? undefined : event.target.value }));
  $('#clear-filters').addEventListener('click', clearFilters);
  $('#filters-toggle').addEventListener('click', toggleFiltersPanel);

  initDropzone();

  $('#estimate-form').addEventListener('submit', onEstimateSubmit);
  $('#est-category').addEventListener('change', (event) => {
    renderAttributeFields(event.target.value, readAttributeValues());
    loadBrandOptions(event.target.value).then(loadModelOptions);
  });
  $('#est-brand').addEventListener('input', loadModelOptions);
  $('#est-brand').addEventListener('change', loadModelOptions);

  loadCatalogue();
  route();
}

init();
