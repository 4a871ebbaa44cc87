-- The marketplace schema as far as Dalil reads it (seed 000: Xchange Luxury), in PostgreSQL.
-- The marketplace owns these tables; Dalil derives its search index, vectors and pricing
-- frames from them. Typed columns follow the seed; `attributes` holds what a category needs
-- beyond them (any key a listing file carries), so nothing a seller entered is dropped.

CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    phone VARCHAR(20) UNIQUE,
    email VARCHAR(255) UNIQUE,
    full_name VARCHAR(255),
    seller_level VARCHAR(20) NOT NULL DEFAULT 'new'
        CHECK (seller_level IN ('new', 'verified', 'trusted', 'pro')),
    seller_rating DECIMAL(3, 2) DEFAULT 0,
    total_sales INTEGER DEFAULT 0,
    preferred_language VARCHAR(10) DEFAULT 'ar',
    -- The seller's id in the bundled dataset or an upstream system (`usr-00123`).
    external_ref TEXT UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_users_seller_level ON users (seller_level);

CREATE TABLE categories (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name_ar VARCHAR(100) NOT NULL,
    name_en VARCHAR(100) NOT NULL,
    slug VARCHAR(100) UNIQUE NOT NULL,
    icon VARCHAR(50),
    parent_id UUID REFERENCES categories (id),
    sort_order INTEGER DEFAULT 0,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE brands (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) NOT NULL,
    slug VARCHAR(100) UNIQUE NOT NULL,
    name_ar VARCHAR(100),
    -- Spellings shoppers type, in any script (روليكس, rolex).
    aliases TEXT[] NOT NULL DEFAULT '{}',
    country VARCHAR(100),
    tier VARCHAR(20),
    category_id UUID REFERENCES categories (id),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE products (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    seller_id UUID REFERENCES users (id),
    category_id UUID NOT NULL REFERENCES categories (id),
    brand_id UUID REFERENCES brands (id),
    -- The listing's id in the bundled dataset or an upstream system (`lst-0000001`).
    external_ref TEXT UNIQUE,

    title VARCHAR(500) NOT NULL,
    description TEXT,
    model VARCHAR(255),
    reference_number VARCHAR(100),

    condition VARCHAR(20) NOT NULL,
    condition_notes TEXT,

    price DECIMAL(14, 2) NOT NULL,
    original_retail_price DECIMAL(14, 2),
    currency VARCHAR(3) NOT NULL DEFAULT 'EGP',
    is_negotiable BOOLEAN DEFAULT TRUE,

    authentication_status VARCHAR(20) NOT NULL DEFAULT 'pending',

    watch_movement VARCHAR(50),
    watch_case_size VARCHAR(20),
    watch_case_material VARCHAR(50),
    watch_dial_color VARCHAR(50),
    watch_bracelet_material VARCHAR(50),
    watch_year INTEGER,
    watch_box_papers BOOLEAN,

    bag_size VARCHAR(50),
    bag_material VARCHAR(100),
    bag_color VARCHAR(50),
    bag_hardware_color VARCHAR(50),
    bag_date_code VARCHAR(50),
    bag_includes_dustbag BOOLEAN,
    bag_includes_box BOOLEAN,

    jewelry_metal VARCHAR(50),
    jewelry_metal_purity VARCHAR(20),
    jewelry_gemstone VARCHAR(100),
    jewelry_certification VARCHAR(50),
    jewelry_carat_weight DECIMAL(8, 3),

    -- Every attribute the listing carries, typed columns included, as the listing file has it.
    attributes JSONB NOT NULL DEFAULT '{}',
    location_lat DOUBLE PRECISION,
    location_lng DOUBLE PRECISION,

    -- draft, pending_review, active, sold, reserved, expired; only active is on the storefront.
    status VARCHAR(20) NOT NULL DEFAULT 'draft',
    -- Soft delete: a non-null deleted_at takes the listing off the storefront too.
    deleted_at TIMESTAMPTZ,

    views_count INTEGER DEFAULT 0,
    favorites_count INTEGER DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ,
    sold_at TIMESTAMPTZ,
    expires_at TIMESTAMPTZ
);
CREATE INDEX idx_products_seller ON products (seller_id);
CREATE INDEX idx_products_category ON products (category_id);
CREATE INDEX idx_products_brand ON products (brand_id);
CREATE INDEX idx_products_status ON products (status);

CREATE TABLE product_images (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id UUID NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    thumbnail_url TEXT,
    sort_order INTEGER NOT NULL DEFAULT 0,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    image_type VARCHAR(50),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_product_images_product ON product_images (product_id);

-- Completed sales are the evidence for price estimates. A sale may outlive its listing (the
-- listing row can be deleted), so it keeps what pricing needs: category, brand, model,
-- condition, attributes and the price.
CREATE TABLE transactions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    external_ref TEXT UNIQUE,
    seller_id UUID REFERENCES users (id),
    buyer_id UUID REFERENCES users (id),
    product_id UUID REFERENCES products (id) ON DELETE SET NULL,
    category_id UUID NOT NULL REFERENCES categories (id),
    brand_id UUID REFERENCES brands (id),
    model VARCHAR(255),
    reference_number VARCHAR(100),
    condition VARCHAR(20) NOT NULL,
    title VARCHAR(500),
    attributes JSONB NOT NULL DEFAULT '{}',
    transaction_type VARCHAR(20) NOT NULL DEFAULT 'sale',
    sale_price DECIMAL(14, 2) NOT NULL,
    currency VARCHAR(3) NOT NULL DEFAULT 'EGP',
    platform_fee DECIMAL(14, 2),
    seller_payout DECIMAL(14, 2),
    -- pending_payment, paid, shipped, delivered, inspection_period, completed, disputed, refunded
    status VARCHAR(30) NOT NULL DEFAULT 'pending_payment',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ
);
CREATE INDEX idx_transactions_status ON transactions (status);
CREATE INDEX idx_transactions_product ON transactions (product_id);

CREATE TABLE price_history (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    brand_id UUID NOT NULL REFERENCES brands (id),
    model VARCHAR(255) NOT NULL,
    reference_number VARCHAR(100),
    avg_price DECIMAL(14, 2) NOT NULL,
    min_price DECIMAL(14, 2),
    max_price DECIMAL(14, 2),
    sample_size INTEGER,
    currency VARCHAR(3) NOT NULL DEFAULT 'EGP',
    source VARCHAR(50),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    period VARCHAR(20)
);
CREATE INDEX idx_price_history_brand_model ON price_history (brand_id, model);
