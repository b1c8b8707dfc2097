-- Schema 2 -> 3: the run store's schema gets one owner. The study tables, which schema-2 code created beside the
-- run tables with CREATE TABLE IF NOT EXISTS (so a schema-2 store may or may not have them), become part of the
-- schema, and run_annotations (tags and note per run) is added; tags set before (runs.tags) are carried into it.
-- Applied by SchemaMigrations in one transaction, after a backup of the file. The result must equal schema-v3.sql
-- (SchemaMigrationsTest compares the two, from schema 1 and from schema 2).
CREATE TABLE IF NOT EXISTS studies (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    spec_json  TEXT    NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS study_runs (
    study_id       INTEGER NOT NULL,
    run_id         INTEGER NOT NULL,
    role           TEXT    NOT NULL,
    pair_key       TEXT,
    config         TEXT,
    config_json    TEXT,
    dense_width    INTEGER,
    seed           INTEGER,
    active_weights INTEGER,
    PRIMARY KEY (study_id, run_id)
);
CREATE INDEX IF NOT EXISTS study_runs_by_run ON study_runs (run_id);
CREATE TABLE run_annotations (
    run_id INTEGER PRIMARY KEY REFERENCES runs,
    tags   TEXT    NOT NULL DEFAULT '',
    note   TEXT    NOT NULL DEFAULT ''
);
INSERT INTO run_annotations (run_id, tags)
    SELECT id, trim(tags) FROM runs WHERE tags IS NOT NULL AND trim(tags) <> '';
