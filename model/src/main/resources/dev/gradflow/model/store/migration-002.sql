-- Schema 1 -> 2: mask events of dynamic sparse training (SET, RigL) carry drop/regrow counts and the cumulative
-- fraction of positions ever active. Applied by SchemaMigrations in one transaction, after a backup of the file.
-- The result must equal schema-v2.sql (SchemaMigrationsTest compares the two).
ALTER TABLE mask_events ADD COLUMN dropped INTEGER;
ALTER TABLE mask_events ADD COLUMN regrown INTEGER;
ALTER TABLE mask_events ADD COLUMN ever_active REAL;
