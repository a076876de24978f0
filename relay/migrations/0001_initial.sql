-- Switchboard PostgreSQL schema, version 1 (see docs/storage.md, "PostgreSQL store").
-- Applied by node-pg-migrate (relay/src/store/postgres/migrate.ts) at start and by
-- `node relay/dist/main.js migrate`. Append new numbered files; never edit a released one.

-- Up Migration

-- Configuration. `seq` keeps listing order = creation order, as the embedded store does.
CREATE TABLE sources (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  vendor text NOT NULL,
  name text NOT NULL,
  description text,
  active boolean NOT NULL,
  token_hash text NOT NULL,
  token_hint text NOT NULL,
  previous_token_hash text,
  previous_token_expires_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  hash text NOT NULL,
  hint text NOT NULL,
  label text NOT NULL,
  created_at timestamptz NOT NULL
);

-- Subscriptions. `filter` is json, not jsonb: it is kept exactly as given (key order included).
CREATE TABLE hooks (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  target_url text NOT NULL,
  event_types text[] NOT NULL,
  source_id text,
  name text,
  description text,
  http_method text NOT NULL CHECK (http_method IN ('POST', 'PUT', 'PATCH')),
  auth jsonb NOT NULL,
  retry_enabled boolean NOT NULL,
  retry_attempts integer NOT NULL,
  retry_schedule jsonb,
  filter json,
  payload_template text,
  active boolean NOT NULL,
  disabled_reason text,
  disabled_at timestamptz,
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Events. `envelope` is json (verbatim text): subscribers get the vendor's key order back.
CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  source_id text NOT NULL,
  vendor text NOT NULL,
  type text NOT NULL,
  received_at timestamptz NOT NULL,
  envelope json NOT NULL,
  raw_method text NOT NULL,
  raw_content_type text,
  raw_body bytea NOT NULL
);
CREATE INDEX events_type_seq ON events (type, seq);
CREATE INDEX events_vendor_seq ON events (vendor, seq);
CREATE INDEX events_source_seq ON events (source_id, seq);
CREATE INDEX events_received_at ON events (received_at);

-- No foreign key to events: a key outlives its event when retention drops the event early,
-- and must still stop a second delivery.
CREATE TABLE dedupe_keys (
  source_id text NOT NULL,
  key text NOT NULL,
  event_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (source_id, key)
);
CREATE INDEX dedupe_keys_expires_at ON dedupe_keys (expires_at);

CREATE TABLE rejections (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  source_id text NOT NULL,
  received_at timestamptz NOT NULL,
  method text NOT NULL,
  status integer NOT NULL,
  code text NOT NULL,
  reason text NOT NULL,
  content_type text,
  body_excerpt text NOT NULL,
  body_bytes integer NOT NULL,
  headers jsonb NOT NULL
);
CREATE INDEX rejections_source_seq ON rejections (source_id, seq);

-- Deliveries: the table is the queue. No foreign keys to events or hooks: the log of a
-- finished delivery may outlive its event (eventRetentionMax) and its hook.
CREATE TABLE deliveries (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  event_id text NOT NULL,
  event_type text NOT NULL,
  hook_id text NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'test', 'replay')),
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  cycle_attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- Due work: the scheduler's queries only ever look at pending rows.
CREATE INDEX deliveries_due_by_hook ON deliveries (hook_id, next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
-- The delivery log's lists, newest first, by each filter.
CREATE INDEX deliveries_hook_seq ON deliveries (hook_id, seq);
CREATE INDEX deliveries_status_seq ON deliveries (status, seq);
CREATE INDEX deliveries_hook_status_seq ON deliveries (hook_id, status, seq);
CREATE INDEX deliveries_type_seq ON deliveries (event_type, seq);
CREATE INDEX deliveries_event ON deliveries (event_id);
-- Retention walks finished rows only; the admin overview counts a window of creations.
CREATE INDEX deliveries_finished_updated ON deliveries (updated_at) WHERE status <> 'pending';
CREATE INDEX deliveries_created_status ON deliveries (created_at, status);

CREATE TABLE attempts (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  delivery_id text NOT NULL,
  hook_id text NOT NULL,
  event_id text NOT NULL,
  number integer NOT NULL,
  trigger text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  outcome text NOT NULL,
  status_code integer,
  error text,
  target_url text NOT NULL,
  response_headers jsonb NOT NULL,
  response_body text,
  next_attempt_at timestamptz
);
CREATE INDEX attempts_delivery_seq ON attempts (delivery_id, seq);
CREATE INDEX attempts_hook_seq ON attempts (hook_id, seq);
CREATE INDEX attempts_started_at ON attempts (started_at);

CREATE TABLE hook_health (
  hook_id text PRIMARY KEY,
  consecutive_failures integer NOT NULL DEFAULT 0,
  last_success_at timestamptz,
  last_failure_at timestamptz
);

-- Deliveries per status, kept by statement-level triggers in the same transaction as every
-- insert, status change and delete, so the metrics gauge sums a few rows instead of counting
-- the table. Spread over 64 shards by backend process id: concurrent writers on different
-- connections update different rows, so the counters never serialize commits.
CREATE TABLE delivery_counts (
  status text NOT NULL,
  shard integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (status, shard)
);

CREATE FUNCTION delivery_counts_add(changes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO delivery_counts (status, shard, n)
  SELECT key, pg_backend_pid() % 64, value::bigint FROM jsonb_each_text(changes) WHERE value::bigint <> 0
  ON CONFLICT (status, shard) DO UPDATE SET n = delivery_counts.n + EXCLUDED.n;
$$;

CREATE FUNCTION deliveries_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_counts_add((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM new_rows GROUP BY status) c));
  RETURN NULL;
END $$;

CREATE FUNCTION deliveries_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_counts_add((SELECT jsonb_object_agg(status, -n) FROM (SELECT status, count(*) AS n FROM old_rows GROUP BY status) c));
  RETURN NULL;
END $$;

CREATE FUNCTION deliveries_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_counts_add((
    SELECT jsonb_object_agg(status, n) FROM (
      SELECT status, sum(n) AS n FROM (
        SELECT o.status, -1 AS n FROM old_rows o JOIN new_rows w USING (seq) WHERE o.status <> w.status
        UNION ALL
        SELECT w.status, 1 AS n FROM old_rows o JOIN new_rows w USING (seq) WHERE o.status <> w.status
      ) moves GROUP BY status
    ) c));
  RETURN NULL;
END $$;

CREATE TRIGGER deliveries_count_insert AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deliveries_count_inserted();
CREATE TRIGGER deliveries_count_delete AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deliveries_count_deleted();
CREATE TRIGGER deliveries_count_update AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deliveries_count_updated();

-- Down Migration

DROP TABLE delivery_counts, hook_health, attempts, deliveries, rejections, dedupe_keys, events, hooks, api_keys, sources;
DROP FUNCTION deliveries_count_inserted(), deliveries_count_deleted(), deliveries_count_updated(), delivery_counts_add(jsonb);
