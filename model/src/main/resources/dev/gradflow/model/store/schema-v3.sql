-- GradFlow Workbench run store, schema version 3 (PRAGMA user_version = 3,
-- PRAGMA application_id = 1195797591 = 0x47466C57 'GFlW'; both are set by RunStore, not here).
-- Conventions: times are INTEGER milliseconds since the Unix epoch (UTC); a NULL in a REAL column means
-- NaN / not measured; shapes are JSON arrays of integers, e.g. [784,300]. See docs/store.md.
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT    NOT NULL,
    status              TEXT    NOT NULL,  -- running | finished | cancelled | diverged | failed | interrupted
    spec_json           TEXT    NOT NULL,
    spec_hash           TEXT    NOT NULL,  -- SHA-256 hex of spec_json
    dataset             TEXT,
    optimizer           TEXT,
    activation          TEXT,
    density             REAL,              -- active / all weights, 0..1
    seed                INTEGER,
    tags                TEXT,
    created_ms          INTEGER NOT NULL,
    started_ms          INTEGER,
    finished_ms         INTEGER,
    heartbeat_ms        INTEGER,           -- last sign of life of the writing process
    owner_host          TEXT,
    owner_pid           INTEGER,
    owner_start_ms      INTEGER,           -- start instant of the owning process
    message             TEXT,
    steps_done          INTEGER,           -- cached by finish()
    final_test_accuracy REAL,              -- cached by finish()
    final_test_loss     REAL,              -- cached by finish()
    mean_egf2           REAL               -- cached by finish(): mean EGF_2 over evaluation points
);
CREATE INDEX runs_by_name ON runs (name);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE run_provenance (
    run_id INTEGER NOT NULL,
    key    TEXT    NOT NULL,
    value  TEXT,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE layers (
    run_id  INTEGER NOT NULL,
    layer   INTEGER NOT NULL,  -- 0 = nearest the input
    name    TEXT    NOT NULL,
    kind    TEXT    NOT NULL,  -- dense | conv
    shape   TEXT    NOT NULL,  -- JSON array, DL4J weight shape
    weights INTEGER NOT NULL,
    active  INTEGER NOT NULL,
    PRIMARY KEY (run_id, layer)
) WITHOUT ROWID;

CREATE TABLE steps (
    run_id  INTEGER NOT NULL,
    step    INTEGER NOT NULL,  -- 0-based update index
    epoch   INTEGER NOT NULL,
    loss    REAL,
    lr      REAL,
    gf1     REAL,
    gf2     REAL,
    egf1    REAL,
    egf2    REAL,
    egf1_pa REAL,
    egf2_pa REAL,
    PRIMARY KEY (run_id, step)
) WITHOUT ROWID;

CREATE TABLE step_layers (
    run_id       INTEGER NOT NULL,
    step         INTEGER NOT NULL,
    layer        INTEGER NOT NULL,
    l1_all       REAL,
    l2_all       REAL,
    l1_active    REAL,
    l2_active    REAL,
    weights      INTEGER NOT NULL,
    active       INTEGER NOT NULL,
    weight_l2    REAL,
    update_ratio REAL,
    PRIMARY KEY (run_id, step, layer)
) WITHOUT ROWID;

CREATE TABLE eval_points (
    run_id         INTEGER NOT NULL,
    idx            INTEGER NOT NULL,  -- 0 = initialization
    step           INTEGER NOT NULL,
    eval_loss      REAL,
    train_loss     REAL,
    train_accuracy REAL,
    test_loss      REAL,
    test_accuracy  REAL,
    gf1            REAL,
    gf2            REAL,
    egf1           REAL,
    egf2           REAL,
    egf1_pa        REAL,
    egf2_pa        REAL,
    PRIMARY KEY (run_id, idx)
) WITHOUT ROWID;

CREATE TABLE eval_layers (
    run_id       INTEGER NOT NULL,
    idx          INTEGER NOT NULL,
    layer        INTEGER NOT NULL,
    l1_all       REAL,
    l2_all       REAL,
    l1_active    REAL,
    l2_active    REAL,
    weights      INTEGER NOT NULL,
    active       INTEGER NOT NULL,
    weight_l2    REAL,
    update_ratio REAL,
    PRIMARY KEY (run_id, idx, layer)
) WITHOUT ROWID;

CREATE TABLE epochs (
    run_id         INTEGER NOT NULL,
    epoch          INTEGER NOT NULL,
    step           INTEGER NOT NULL,
    train_loss     REAL,
    train_accuracy REAL,
    test_loss      REAL,
    test_accuracy  REAL,
    seconds        REAL,
    PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;

CREATE TABLE mask_events (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL,
    step           INTEGER NOT NULL,
    layer          INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    density_before REAL,
    density_after  REAL,
    dropped        INTEGER,  -- dynamic sparse training: active weights masked (NULL for pruning)
    regrown        INTEGER,  -- dynamic sparse training: inactive positions activated (NULL for pruning)
    ever_active    REAL      -- fraction of the layer's positions active at any time so far (NULL for pruning)
);
CREATE INDEX mask_events_by_run ON mask_events (run_id, step);

CREATE TABLE snapshots (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL,
    label   TEXT    NOT NULL,  -- init | eval01 .. | final
    step    INTEGER NOT NULL,
    layer   INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    shape   TEXT    NOT NULL,  -- JSON array, weight (and mask) shape
    weights BLOB,              -- zlib-deflated float32 little-endian, row-major
    bias    BLOB,              -- same encoding, shape [nOut]; NULL if none
    mask    BLOB,              -- same encoding and shape as weights (1 = active); NULL if none
    UNIQUE (run_id, label, layer)
);

-- Studies (docs/studies.md): a set of runs defined by one study file, and the link of each run to its study.
CREATE TABLE studies (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,  -- sweep | scsdc
    spec_json  TEXT    NOT NULL,  -- the study file
    created_ms INTEGER NOT NULL
);

CREATE TABLE study_runs (
    study_id       INTEGER NOT NULL,
    run_id         INTEGER NOT NULL,
    role           TEXT    NOT NULL,  -- run | sparse | dense
    pair_key       TEXT,              -- SC-SDC: the pair's key, the same for its sparse and dense run
    config         TEXT,              -- configuration label, e.g. type=sgd,batchNorm=true
    config_json    TEXT,              -- the axis values of the configuration, JSON
    dense_width    INTEGER,           -- SC-SDC: w_D
    seed           INTEGER,
    active_weights INTEGER,           -- SC-SDC: active weights of the run's net
    PRIMARY KEY (study_id, run_id)
);
CREATE INDEX study_runs_by_run ON study_runs (run_id);

-- The user's tags and note of a run (the workbench's run tags and notes). tags: comma-separated, each trimmed.
CREATE TABLE run_annotations (
    run_id INTEGER PRIMARY KEY REFERENCES runs,
    tags   TEXT    NOT NULL DEFAULT '',
    note   TEXT    NOT NULL DEFAULT ''
);
