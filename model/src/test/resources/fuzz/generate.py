#!/usr/bin/env python3
"""Generates the fuzz corpus of hostile specs and small data files (FuzzCorpusTest runs `validate` over it).

Deterministic: run from this folder (`python3 generate.py`) to rewrite specs/, data/ and expected.tsv. Each case has
the outcome the workbench must give: `accepted`, or `rejected` with the JSON path of a problem it must report
(`(document)` for JSON syntax, `(file)` for a file that is not UTF-8 JSON text, `dataset` for data files).
Data folders are referenced relative to the model module (the tests' working directory).
"""
import json, os, shutil, struct, random

HERE = os.path.dirname(os.path.abspath(__file__))
SPECS = os.path.join(HERE, "specs")
DATA = os.path.join(HERE, "data")
DATA_REL = "src/test/resources/fuzz/data"   # from the model module
random.seed(16)
if os.path.isdir(DATA):
    shutil.rmtree(DATA)

BASE = {
    "name": "fuzz", "seed": 1,
    "dataset": {"id": "fashion-mnist-sample", "trainExamples": 64, "testExamples": 32},
    "architecture": {"type": "mlp", "layers": [{"width": 16}]},
    "sparsity": {"density": 0.5},
    "optimizer": {"type": "adam", "learningRate": 0.01},
    "training": {"batchSize": 16, "epochs": 1},
    "evaluation": {"points": 2, "examples": 16, "snapshots": False},
}
cases = []   # (file name, bytes, outcome, path)


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8")


def with_(path, value, base=None):
    """A copy of base with the dotted path (list indices as [i]) set; value DELETE removes it."""
    spec = json.loads(json.dumps(base or BASE))
    node = spec
    parts = path.replace("]", "").replace("[", ".").split(".")
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node.setdefault(p, {})
    last = parts[-1]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return spec


DELETE = object()


def add(name, content, outcome, path=""):
    if isinstance(content, (dict, list)):
        content = dump(content)
    elif isinstance(content, str):
        content = content.encode("utf-8")
    cases.append((name + ".json", content, outcome, path))


def acc(name, spec):
    add(name, spec, "accepted")


def rej(name, spec, path):
    add(name, spec, "rejected", path)


# ---- the base and valid variations
acc("ok-base", BASE)
acc("ok-seed-0", with_("seed", 0))
acc("ok-density-tiny", with_("sparsity.density", 1e-300))
acc("ok-lr-tiny", with_("optimizer.learningRate", 1e-300))
acc("ok-dropout-high", with_("architecture.layers[0].dropout", 0.99))
acc("ok-control-chars-in-name", with_("name", "evil\n\u001b[31mred\u0000"))
acc("ok-unicode-name", with_("name", "\u8bad\u7ec3 \U0001F600"))
acc("ok-null-means-default", with_("optimizer.momentum", None))
acc("ok-empty-object", {})
acc("ok-train-examples-2", with_("dataset.trainExamples", 2))
acc("ok-divergence", with_("training.divergence", {"lossFactor": 5, "patience": 3, "maxGradientNorm": 1e4}))
acc("ok-divergence-off", with_("training.divergence", {"enabled": False}))
for a in ["relu", "leaky-relu", "prelu", "elu", "selu", "swish", "gelu", "softplus", "tanh", "sigmoid", "identity", "srelu"]:
    acc("ok-activation-" + a, with_("architecture.layers[0].activation", a))
for o in ["sgd", "momentum", "nesterov", "adagrad", "adam", "adamw", "rmsprop", "adamax", "nadam", "amsgrad", "adadelta"]:
    acc("ok-optimizer-" + o, with_("optimizer.type", o))
for d in [{"id": "spirals", "examples": 60}, {"id": "xor", "examples": 40}, {"id": "circles", "examples": 40},
          {"id": "blobs", "examples": 40, "classes": 4}]:
    acc("ok-synthetic-" + d["id"], with_("dataset", d))
acc("ok-bom", b"\xef\xbb\xbf" + dump(BASE))
acc("ok-trailing-whitespace", dump(BASE) + b"\n\n \t \n")

CNN = with_("architecture", {"type": "cnn", "blocks": [{"filters": 2, "kernel": 3, "pooling": "max"}], "layers": []})
acc("ok-cnn", CNN)
acc("ok-cnn-kernel-28-valid", with_("architecture.blocks[0]", {"filters": 2, "kernel": 28, "same": False}, CNN))
acc("ok-cnn-stride-4-same", with_("architecture.blocks[0]", {"filters": 2, "kernel": 3, "stride": 4}, CNN))
acc("ok-cnn-four-poolings", with_("architecture.blocks", [{"filters": 2, "pooling": "max"}] * 4, CNN))
acc("ok-cnn-global-avg", with_("architecture.globalPooling", "avg", CNN))
RES = with_("architecture", {"type": "residual-cnn", "stages": 2, "blocksPerStage": 1, "baseChannels": 2, "widthFactor": 1})
acc("ok-residual-cnn", RES)
acc("ok-residual-cnn-6-stages", with_("architecture.stages", 6, RES))
acc("ok-residual-mlp", with_("architecture", {"type": "residual-mlp", "layers": [{"width": 8}, {"width": 8}, {"width": 4}]}))
acc("ok-pruning-gradual", with_("sparsity.pruning", {"type": "gradual", "endStep": 3, "frequency": 1, "finalDensity": 0.2}))
acc("ok-pruning-one-shot", with_("sparsity.pruning", {"type": "one-shot", "afterSteps": 2, "targetDensity": 0.3}))

# ---- ranges
for path, values in {
    "seed": [-1, 1.5, "one", 9223372036854775808],
    "version": [3, 0, 1],
    "dataset.trainExamples": [0, 1, -5, 2147483648],
    "dataset.testExamples": [0],
    "architecture.layers[0].width": [0, -1, 1000001, "16", 16.5, None],
    "architecture.layers[0].dropout": [1, -0.1],
    "sparsity.density": [0, 1.5, -0.5],
    "optimizer.learningRate": [0, 11, -1],
    "optimizer.momentum": [1, -0.5],
    "optimizer.beta1": [1],
    "optimizer.beta2": [-0.1],
    "optimizer.epsilon": [0, 1],
    "optimizer.rmsDecay": [0, 1],
    "optimizer.l2": [-1],
    "optimizer.weightDecay": [-0.1],
    "optimizer.clipThreshold": [0, -1],
    "optimizer.schedule.gamma": [0, 1.5],
    "optimizer.schedule.stepSize": [0],
    "optimizer.schedule.warmupSteps": [-1],
    "optimizer.schedule.minLearningRate": [0.5],
    "training.batchSize": [0, 65537],
    "training.epochs": [0, 100001],
    "training.logEvery": [0],
    "evaluation.points": [-1, 1001],
    "evaluation.examples": [0],
    "training.divergence.lossFactor": [1, 0.5],
    "training.divergence.patience": [0],
    "training.divergence.maxGradientNorm": [0, -1],
    "training.divergence.enabled": ["yes"],
}.items():
    for i, v in enumerate(values):
        want = path if v is not None else path
        rej("range-" + path.replace(".", "-").replace("[", "").replace("]", "") + "-" + str(i), with_(path, v), want)
rej("name-empty", with_("name", ""), "name")
rej("name-201", with_("name", "n" * 201), "name")
rej("name-100k", with_("name", "n" * 100000), "name")

# ---- non-finite numbers
for path in ["optimizer.weightDecay", "optimizer.l2", "optimizer.clipThreshold", "optimizer.learningRate",
             "sparsity.density", "optimizer.epsilon", "architecture.layers[0].dropout", "training.divergence.maxGradientNorm"]:
    text = dump(with_(path, 12345.678)).replace(b"12345.678", b"1e999")
    rej("nonfinite-1e999-" + path.replace(".", "-").replace("[", "").replace("]", ""), text, path)
rej("nonfinite-minus-1e999-l2", dump(with_("optimizer.l2", 12345.678)).replace(b"12345.678", b"-1e999"), "optimizer.l2")
for lit in ["NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf"]:
    rej("literal-" + lit.replace("+", "plus-").replace("-", "minus-"),
        dump(with_("optimizer.learningRate", 12345.678)).replace(b"12345.678", lit.encode()), "(document)")
rej("integer-1e400-width", dump(with_("architecture.layers[0].width", 7777)).replace(b"7777", b"1e400"),
    "architecture.layers[0].width")
rej("integer-as-float-epochs", with_("training.epochs", 2.0), "training.epochs")

# ---- enums, unknown fields, wrong types
for path in ["dataset.id", "dataset.normalization", "architecture.type", "architecture.layers[0].activation",
             "sparsity.distribution", "init.scheme", "init.distribution", "init.fan", "optimizer.type", "optimizer.clipping",
             "optimizer.schedule.type", "evaluation.split", "dataset.augmentation", "dataset.labels"]:
    rej("enum-" + path.replace(".", "-").replace("[", "").replace("]", ""), with_(path, "bogus"), path)
rej("enum-case", with_("optimizer.type", "ADAM"), "optimizer.type")
rej("enum-long", with_("optimizer.type", "x" * 100000), "optimizer.type")
rej("enum-number", with_("optimizer.type", 3), "optimizer.type")
for path in ["nmae", "dataset.idd", "architecture.layer", "optimizer.learningrate", "training.epoch", "evaluation.point",
             "architecture.layers[0].widht", "training.divergence.factor"]:
    rej("unknown-" + path.replace(".", "-").replace("[", "").replace("]", ""), with_(path, 1), path)
rej("unknown-long-key", {("k" * 20000): 1}, "k" * 20000)
rej("unknown-escape-key", {"\u001b[2J": 1}, "\u001b[2J")
for path, v in {"dataset": [], "architecture": "mlp", "architecture.layers": {}, "training": 5, "evaluation": True,
                "sparsity.layerDensities": "all", "architecture.layers[0]": 16, "name": 5, "evaluation.snapshots": "no"}.items():
    rej("type-" + path.replace(".", "-").replace("[", "").replace("]", ""), with_(path, v), path)
rej("null-array-element", with_("architecture.layers", [None]), "architecture.layers[0]")

# ---- cross-field rules
rej("xor-3-classes", with_("dataset", {"id": "xor", "classes": 3}), "dataset.classes")
rej("blobs-1-class", with_("dataset", {"id": "blobs", "classes": 1}), "dataset.classes")
rej("synthetic-noise-negative", with_("dataset", {"id": "spirals", "noise": -1}), "dataset.noise")
rej("synthetic-test-fraction-1", with_("dataset", {"id": "spirals", "testFraction": 1}), "dataset.testFraction")
rej("synthetic-examples-5", with_("dataset", {"id": "spirals", "examples": 5}), "dataset.examples")
rej("augmentation-on-synthetic", with_("dataset", {"id": "spirals", "augmentation": "shift"}), "dataset.augmentation")
rej("idx-without-path", with_("dataset", {"id": "idx"}), "dataset.path")
rej("cifar-without-path", with_("dataset", {"id": "cifar10"}), "dataset.path")
rej("cnn-on-synthetic", with_("dataset", {"id": "spirals"}, CNN), "architecture.type")
rej("cnn-without-blocks", with_("architecture.blocks", [], CNN), "architecture.blocks")
rej("mlp-with-blocks", with_("architecture.type", "mlp", CNN), "architecture.blocks")
rej("mlp-with-global-pooling", with_("architecture.globalPooling", "max"), "architecture.globalPooling")
rej("cnn-srelu-block", with_("architecture.blocks[0].activation", "srelu", CNN), "architecture.blocks[0].activation")
rej("cnn-padding-with-same", with_("architecture.blocks[0].padding", 1, CNN), "architecture.blocks[0].padding")
rej("cnn-padding-above-kernel", with_("architecture.blocks[0]", {"filters": 2, "kernel": 3, "same": False, "padding": 3}, CNN),
    "architecture.blocks[0].padding")
rej("cnn-filters-missing", with_("architecture.blocks[0]", {"kernel": 3}, CNN), "architecture.blocks[0].filters")
rej("residual-mlp-dropout", with_("architecture", {"type": "residual-mlp", "layers": [{"width": 8, "dropout": 0.5}]}),
    "architecture.layers[0].dropout")
rej("residual-cnn-7-stages", with_("architecture.stages", 7, RES), "architecture.stages")
rej("residual-cnn-base-0", with_("architecture.baseChannels", 0, RES), "architecture.baseChannels")
rej("residual-cnn-with-layers", with_("architecture.layers", [{"width": 4}], RES), "architecture.layers")
rej("residual-cnn-srelu", with_("architecture.activation", "srelu", RES), "architecture.activation")
rej("residual-fields-on-mlp", with_("architecture.stages", 2), "architecture.stages")
rej("explicit-densities-missing", with_("sparsity.distribution", "explicit"), "sparsity.layerDensities")
rej("explicit-densities-count", with_("sparsity", {"distribution": "explicit", "layerDensities": [0.5]}), "sparsity.layerDensities")
rej("densities-without-explicit", with_("sparsity.layerDensities", [0.5, 0.5]), "sparsity.layerDensities")
rej("layer-std-count", with_("init.layerStd", [0.1]), "init.layerStd")
rej("layer-std-zero", with_("init.layerStd", [0.0, 0.1]), "init.layerStd[0]")
rej("pruning-type-missing", with_("sparsity.pruning", {"endStep": 3}), "sparsity.pruning.type")
rej("pruning-gradual-end-missing", with_("sparsity.pruning", {"type": "gradual", "finalDensity": 0.2}), "sparsity.pruning.endStep")
rej("pruning-one-shot-foreign", with_("sparsity.pruning", {"type": "one-shot", "afterSteps": 2, "targetDensity": 0.3,
                                                            "startStep": 1}), "sparsity.pruning.startStep")

# ---- CNN shapes against the dataset's input shape ([1, 28, 28] for fashion-mnist-sample, [3, 32, 32] for cifar)
rej("shape-kernel-30-valid", with_("architecture.blocks[0]", {"filters": 2, "kernel": 30, "same": False}, CNN),
    "architecture.blocks[0].kernel")
rej("shape-pool-40", with_("architecture.blocks[0]", {"filters": 2, "pooling": "max", "poolSize": 40}, CNN),
    "architecture.blocks[0].poolSize")
rej("shape-six-poolings", with_("architecture.blocks", [{"filters": 2, "pooling": "max"}] * 6, CNN),
    "architecture.blocks[4].poolSize")
rej("shape-stride-40", with_("architecture.blocks[0]", {"filters": 2, "kernel": 3, "stride": 40}, CNN),
    "architecture.blocks[0].stride")
rej("shape-stride-7", with_("architecture.blocks[0]", {"filters": 2, "kernel": 3, "stride": 7}, CNN),
    "architecture.blocks[0].stride")
rej("shape-second-block-kernel", with_("architecture.blocks", [{"filters": 2, "pooling": "max", "poolSize": 7},
                                                               {"filters": 2, "kernel": 5, "same": False}], CNN),
    "architecture.blocks[1].kernel")
rej("shape-cifar-kernel-33", with_("dataset", {"id": "cifar10", "path": "/nonexistent"},
                                   with_("architecture.blocks[0]", {"filters": 2, "kernel": 33, "same": False}, CNN)),
    "architecture.blocks[0].kernel")
# the shape rules accept it, but its data folder does not exist: train cannot train it, so validate rejects it
rej("shape-cifar-kernel-32-data-missing", with_("dataset", {"id": "cifar10", "path": "/nonexistent"},
                                   with_("architecture.blocks[0]", {"filters": 2, "kernel": 32, "same": False}, CNN)),
    "dataset")

# ---- sizes that cannot train
rej("size-3000-layers", with_("architecture.layers", [{"width": 2}] * 3000), "architecture.layers")
rej("size-huge-weights", with_("architecture.layers", [{"width": 1000000}, {"width": 1000000}]), "architecture")
rej("size-activations", with_("training.batchSize", 65536, with_("architecture.layers", [{"width": 10000}])),
    "training.batchSize")
rej("size-eval-activations", with_("evaluation.examples", 1000000, with_("architecture.layers", [{"width": 1000}])),
    "evaluation.examples")
rej("size-conv-filters", with_("dataset", {"id": "cifar10", "path": "/x"},
                               with_("architecture.blocks[0]", {"filters": 65536}, CNN)), "architecture")
rej("size-residual-deep", with_("architecture.blocksPerStage", 32, with_("architecture.stages", 6, RES)),
    "architecture.blocksPerStage")

# ---- syntax and encoding
rej("syntax-empty", b"", "(document)")
rej("syntax-whitespace", b"  \n ", "(document)")
rej("syntax-array", b"[]", "(document)")
rej("syntax-null", b"null", "(document)")
rej("syntax-number", b"42", "(document)")
rej("syntax-open", b"{", "(document)")
rej("syntax-truncated", dump(BASE)[:-7], "(document)")
rej("syntax-trailing-brace", dump(BASE) + b"}", "(document)")
rej("syntax-trailing-document", dump(BASE) + b'{"training": {}} garbage', "(document)")
rej("syntax-two-documents", b"{}\n{}", "(document)")
rej("syntax-comment", b'{"name": "a" // note\n}', "(document)")
rej("syntax-single-quotes", b"{'name': 'a'}", "(document)")
rej("syntax-trailing-comma", b'{"name": "a",}', "(document)")
rej("syntax-unquoted-key", b'{name: "a"}', "(document)")
rej("syntax-duplicate-key", b'{"seed": 1, "seed": 2}', "(document)")
rej("syntax-control-in-string", b'{"name": "a\x01b"}', "(document)")
rej("syntax-raw-newline-in-string", b'{"name": "a\nb"}', "(document)")
rej("syntax-leading-zero", b'{"seed": 01}', "(document)")
rej("syntax-deep", b'{"a":' * 5000 + b"1" + b"}" * 5000, "(document)")
rej("syntax-deep-arrays", b'{"architecture": {"layers": ' + b"[" * 100 + b"]" * 100 + b"}}", "(document)")
rej("syntax-long-number", b'{"seed": 1' + b"0" * 2000 + b"}", "(document)")
rej("encoding-nul", b'{"name": "a\x00"}', "(file)")
rej("encoding-utf16", '{"name": "a"}'.encode("utf-16"), "(file)")
rej("encoding-latin1", '{"name": "caf\u00e9"}'.encode("latin-1"), "(file)")
rej("encoding-overlong-utf8", b'{"name": "\xc0\xaf"}', "(file)")
rej("encoding-lone-surrogate", b'{"name": "\xed\xa0\x80"}', "(file)")
rej("binary-random", bytes(random.getrandbits(8) for _ in range(512)), "(file)")
rej("binary-png-header", b"\x89PNG\r\n\x1a\n" + bytes(64), "(file)")
rej("binary-sqlite-header", b"SQLite format 3\x00" + bytes(200), "(file)")


# ---- data files: small idx folders
def idx(dims, data):
    return struct.pack(">I", 0x0800 | len(dims)) + b"".join(struct.pack(">I", d) for d in dims) + bytes(data)


def folder(name, train_labels, test_labels, side=4, train_dims=None, test_dims=None, mutate=None):
    d = os.path.join(DATA, name)
    os.makedirs(d)
    n, m = len(train_labels), len(test_labels)
    files = {
        "train-images-idx3-ubyte": idx(train_dims or [n, side, side], [(i * 7) % 256 for i in range(n * side * side)]),
        "train-labels-idx1-ubyte": idx([n], train_labels),
        "t10k-images-idx3-ubyte": idx(test_dims or [m, side, side], [(i * 5) % 256 for i in range(m * side * side)]),
        "t10k-labels-idx1-ubyte": idx([m], test_labels),
    }
    if mutate:
        mutate(files)
    for f, b in files.items():
        if b is not None:
            with open(os.path.join(d, f), "wb") as out:
                out.write(b)
    return DATA_REL + "/" + name


IDX_MLP = with_("dataset", {"id": "idx", "path": None, "normalization": "unit"})
IDX_MLP = with_("evaluation.examples", 8, IDX_MLP)


def idx_spec(path, base=IDX_MLP):
    return with_("dataset.path", path, base)


L3 = [0, 1, 2] * 4
acc("data-idx-good", idx_spec(folder("good", L3, [0, 1, 2])))
acc("data-idx-one-based-labels-warn", idx_spec(folder("one-based", [1, 2, 3] * 4, [1, 2, 3])))
rej("data-idx-one-class", idx_spec(folder("one-class", [2] * 12, [0, 1, 2])), "dataset")
rej("data-idx-all-zero", idx_spec(folder("all-zero", [0] * 12, [0, 0])), "dataset")
rej("data-idx-truncated-images", idx_spec(folder("truncated", L3, [0, 1, 2],
    mutate=lambda f: f.__setitem__("train-images-idx3-ubyte", f["train-images-idx3-ubyte"][:-5]))), "dataset")
rej("data-idx-bad-magic", idx_spec(folder("bad-magic", L3, [0, 1, 2],
    mutate=lambda f: f.__setitem__("train-labels-idx1-ubyte", b"\x12\x34" + f["train-labels-idx1-ubyte"][2:]))), "dataset")
rej("data-idx-count-mismatch", idx_spec(folder("count-mismatch", L3, [0, 1, 2],
    mutate=lambda f: f.__setitem__("t10k-labels-idx1-ubyte", idx([2], [0, 1])))), "dataset")
rej("data-idx-missing-file", idx_spec(folder("missing-file", L3, [0, 1, 2],
    mutate=lambda f: f.__setitem__("t10k-images-idx3-ubyte", None))), "dataset")
rej("data-idx-shape-differs", idx_spec(folder("shape-differs", L3, [0, 1, 2], test_dims=[3, 5, 5],
    mutate=lambda f: f.__setitem__("t10k-images-idx3-ubyte", idx([3, 5, 5], [1] * 75)))), "dataset")
rej("data-idx-empty-label-file", idx_spec(folder("empty-labels", L3, [0, 1, 2],
    mutate=lambda f: f.__setitem__("train-labels-idx1-ubyte", b""))), "dataset")
rej("data-idx-missing-folder", idx_spec(DATA_REL + "/does-not-exist"), "dataset")
IDX_CNN = with_("architecture", {"type": "cnn", "blocks": [{"filters": 2, "kernel": 3}], "layers": []}, IDX_MLP)
acc("data-idx-cnn-good", idx_spec(DATA_REL + "/good", IDX_CNN))
rej("data-idx-cnn-kernel-5-on-4x4", idx_spec(DATA_REL + "/good",
    with_("architecture.blocks[0]", {"filters": 2, "kernel": 5, "same": False}, IDX_CNN)), "architecture.blocks[0].kernel")
rej("data-idx-cnn-pool-5-on-4x4", idx_spec(DATA_REL + "/good",
    with_("architecture.blocks[0]", {"filters": 2, "pooling": "max", "poolSize": 5}, IDX_CNN)), "architecture.blocks[0].poolSize")
rej("data-idx-cnn-on-vectors", idx_spec(folder("vectors", L3, [0, 1, 2], train_dims=[12, 16], test_dims=[3, 16]), IDX_CNN),
    "architecture.type")

# ---- write
if os.path.isdir(SPECS):
    shutil.rmtree(SPECS)
os.makedirs(SPECS)
names = set()
with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8") as tsv:
    tsv.write("# file\toutcome\tJSON path of a problem that must be reported (escaped like Problem messages)\n")
    for name, content, outcome, path in cases:
        assert name not in names, name
        names.add(name)
        with open(os.path.join(SPECS, name), "wb") as f:
            f.write(content)
        shown = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\u001b", "\\u001B")
        if len(shown) > 160:
            shown = shown[:130]   # paths are shortened in messages: match the start
        tsv.write(f"{name}\t{outcome}\t{shown}\n")
print(len(cases), "cases:", sum(1 for c in cases if c[2] == "accepted"), "accepted,",
      sum(1 for c in cases if c[2] == "rejected"), "rejected")
