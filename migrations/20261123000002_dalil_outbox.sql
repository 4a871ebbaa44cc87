-- Dalil's change capture: an outbox written by triggers in the same transaction as the change.
--
-- Each row names an entity whose documents must be re-read, never the data itself: the drain
-- re-reads current rows by key, so replaying a row is harmless and a row whose entity is gone
-- means "delete". The drain reads in (txid, id) order and only below the oldest running
-- transaction (pg_snapshot_xmin(pg_current_snapshot())), so a transaction that started first
-- and commits last is never skipped, and an aborted one leaves nothing behind. NOTIFY is only a
-- wake-up with an empty payload; a consumer that was away reads the table.

CREATE TABLE dalil_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txid XID8 NOT NULL DEFAULT pg_current_xact_id(),
    -- product: one listing; brand, category, seller: every listing that shows it;
    -- sale: one completed transaction for the pricing data.
    entity TEXT NOT NULL CHECK (entity IN ('product', 'brand', 'category', 'seller', 'sale')),
    entity_id UUID NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX dalil_outbox_order ON dalil_outbox (txid, id);

-- Statement-level capture through transition tables, so a 100,000-row UPDATE costs one
-- INSERT ... SELECT, not 100,000 trigger calls.
-- Arguments: the entity, the key column, then columns whose change alone is not worth a
-- re-index (view counters, timestamps).
CREATE FUNCTION dalil_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entity TEXT := TG_ARGV[0];
    key_column TEXT := TG_ARGV[1];
    ignored TEXT[] := TG_ARGV[2:];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format(
            'INSERT INTO dalil_outbox (entity, entity_id)
             SELECT DISTINCT %L, n.%I FROM new_rows n WHERE n.%I IS NOT NULL',
            entity, key_column, key_column);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format(
            'INSERT INTO dalil_outbox (entity, entity_id)
             SELECT DISTINCT %L, o.%I FROM old_rows o WHERE o.%I IS NOT NULL',
            entity, key_column, key_column);
    ELSE
        -- Each new row is compared with the old row of the same id (every captured table has
        -- an id primary key). A moved key (an image given to another listing) records both.
        EXECUTE format(
            'INSERT INTO dalil_outbox (entity, entity_id)
             SELECT DISTINCT %L, k FROM (
                 SELECT n.%I AS k FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE to_jsonb(o) - $1 IS DISTINCT FROM to_jsonb(n) - $1
                 UNION ALL
                 SELECT o.%I FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE o.%I IS DISTINCT FROM n.%I
             ) changed WHERE k IS NOT NULL',
            entity, key_column, key_column, key_column, key_column)
        USING ignored;
    END IF;
    PERFORM pg_notify('dalil_outbox', '');
    RETURN NULL;
END $$;

-- products: the listing itself.
CREATE TRIGGER dalil_products_insert AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('product', 'id');
CREATE TRIGGER dalil_products_update AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('product', 'id', 'views_count', 'favorites_count', 'updated_at');
CREATE TRIGGER dalil_products_delete AFTER DELETE ON products REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('product', 'id');

-- product_images: the listing's photo (re-embedded when it changes).
CREATE TRIGGER dalil_images_insert AFTER INSERT ON product_images REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('product', 'product_id');
CREATE TRIGGER dalil_images_update AFTER UPDATE ON product_images REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('product', 'product_id');
CREATE TRIGGER dalil_images_delete AFTER DELETE ON product_images REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('product', 'product_id');

-- brands, categories: a rename re-renders every listing that shows the name.
CREATE TRIGGER dalil_brands_update AFTER UPDATE ON brands REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('brand', 'id');
CREATE TRIGGER dalil_brands_delete AFTER DELETE ON brands REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('brand', 'id');
CREATE TRIGGER dalil_categories_update AFTER UPDATE ON categories REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('category', 'id');
CREATE TRIGGER dalil_categories_delete AFTER DELETE ON categories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('category', 'id');

-- users: a seller's level is a facet of every listing they have; logins and ratings are not.
CREATE TRIGGER dalil_users_update AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('seller', 'id', 'phone', 'email', 'full_name',
        'seller_rating', 'total_sales', 'preferred_language', 'updated_at');

-- transactions: completed sales are pricing evidence; status changes move them in or out.
CREATE TRIGGER dalil_transactions_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('sale', 'id');
CREATE TRIGGER dalil_transactions_update AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('sale', 'id', 'updated_at');
CREATE TRIGGER dalil_transactions_delete AFTER DELETE ON transactions REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dalil_capture('sale', 'id');

-- One row per consumer (a `dalil serve` or `dalil sync` keeping its own index): where it has
-- applied up to, and when it last said so. The index's own commit holds the authoritative
-- cursor; this copy lets the purge keep what the slowest live consumer still needs.
CREATE TABLE dalil_consumers (
    name TEXT PRIMARY KEY,
    cursor_txid XID8 NOT NULL DEFAULT '0',
    cursor_id BIGINT NOT NULL DEFAULT 0,
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
