package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec.Normalization;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import dev.gradflow.model.spec.Messages;

/**
 * Loads the train/test split a {@link DatasetSpec} describes, capped and normalized, with a checksum and a source
 * description for provenance. See docs/datasets.md for formats, lookup order and formulas.
 */
public final class DatasetLoader {
    private DatasetLoader() {}

    /** The four MNIST-style IDX file names (each may also be present with a {@code .gz} suffix). */
    public static final List<String> IDX_FILES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    /** Classpath folder of the bundled Fashion-MNIST subset (gzipped IDX files), packaged by gradflow-sample-data. */
    public static final String SAMPLE_RESOURCE_DIR = "/gradflow-sample-data/fashion-mnist-sample/";
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path SYSTEM_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    static final String INSTALL_HINT = "Install them with `apt-get install dataset-fashion-mnist` (into "
            + SYSTEM_FASHION_MNIST + "), or set dataset.path to a folder with the four IDX files "
            + String.join(", ", IDX_FILES) + " (plain or .gz).";

    private static final List<String> CIFAR10_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
            "test_batch.bin");
    private static final List<String> CIFAR100_FILES = List.of("train.bin", "test.bin");

    /**
     * Loads {@code spec}'s data. {@code seed} drives synthetic generation and the stratified train/test caps;
     * {@code dataDirs} are extra folders searched for {@code fashion-mnist} (each is tried as
     * {@code dir/fashion-mnist} and as {@code dir} itself) before {@code ~/.gradflow/data/fashion-mnist} and
     * {@code /usr/share/datasets/fashion-mnist}.
     *
     * @throws DataException if files are missing, corrupt or inconsistent, or the spec's parameters are invalid
     */
    public static DatasetSplit load(DatasetSpec spec, long seed, List<Path> dataDirs) {
        Objects.requireNonNull(spec, "spec");
        DatasetSplit raw = switch (spec.id()) {
            case FASHION_MNIST -> loadFashionMnist(spec, dataDirs == null ? List.of() : dataDirs);
            case FASHION_MNIST_SAMPLE -> loadSample();
            case IDX -> loadIdxFolder(requirePath(spec), "idx", null);
            case SPIRALS, CIRCLES, XOR, BLOBS -> synthetic(spec, seed);
            case CIFAR10, CIFAR100 -> loadCifar(spec);
        };
        Dataset train = cap(raw.train(), spec.trainExamples(), "trainExamples", seed);
        Dataset test = cap(raw.test(), spec.testExamples(), "testExamples", seed ^ 0x5DEECE66DL);
        requireTwoClasses(train, raw.source());
        normalize(spec, train, test);
        return new DatasetSplit(train, test, raw.checksum(), raw.source(), raw.warnings());
    }

    /** A classifier cannot learn from one class: training data whose labels are all equal is rejected. */
    private static void requireTwoClasses(Dataset train, String source) {
        int[] labels = train.labels();
        for (int l : labels) if (l != labels[0]) return;
        throw new DataException(train.name() + " (" + source + "): every one of the " + labels.length
                + " training labels is " + (labels.length == 0 ? "missing" : String.valueOf(labels[0]))
                + "; training needs examples of at least 2 classes");
    }

    /** The folders searched for {@code fashion-mnist}, in order (only {@code spec.path()} if it is set). */
    public static List<Path> fashionMnistSearchPath(DatasetSpec spec, List<Path> dataDirs) {
        if (spec.path() != null) return List.of(Path.of(spec.path()));
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        for (Path d : dataDirs) {
            dirs.add(d.resolve("fashion-mnist"));
            dirs.add(d);
        }
        dirs.add(Path.of(System.getProperty("user.home"), ".gradflow", "data", "fashion-mnist"));
        dirs.add(SYSTEM_FASHION_MNIST);
        return List.copyOf(dirs);
    }

    /**
     * Why {@link #load} would fail for want of files, without reading them: a one-line message naming the dataset
     * and what is missing where, or null when the files are there (or the data is bundled or generated). Used by the
     * workbench to list a missing dataset before Train; the same lookups as {@link #load}.
     */
    public static String missingFiles(DatasetSpec spec, List<Path> dataDirs) {
        try {
            switch (spec.id()) {
                case FASHION_MNIST -> {
                    for (Path dir : fashionMnistSearchPath(spec, dataDirs == null ? List.of() : dataDirs)) {
                        List<String> missing = new ArrayList<>();
                        idxFiles(dir, missing);
                        if (missing.isEmpty()) return null;
                    }
                    return "fashion-mnist: the four IDX files are not installed. " + INSTALL_HINT;
                }
                case IDX -> {
                    Path dir = requirePath(spec);
                    List<String> missing = new ArrayList<>();
                    idxFiles(dir, missing);
                    return missing.isEmpty() ? null : "idx: folder " + dir + (Files.isDirectory(dir)
                            ? " lacks " + String.join(", ", missing) : " does not exist");
                }
                case CIFAR10, CIFAR100 -> {
                    boolean c10 = spec.id() == DatasetId.CIFAR10;
                    List<String> names = c10 ? CIFAR10_FILES : CIFAR100_FILES;
                    Path dir = requirePath(spec);
                    Path nested = dir.resolve(c10 ? "cifar-10-batches-bin" : "cifar-100-binary");
                    if (!Files.isRegularFile(dir.resolve(names.get(0))) && Files.isDirectory(nested)) dir = nested;
                    List<String> missing = new ArrayList<>();
                    for (String n : names) if (!Files.isRegularFile(dir.resolve(n))) missing.add(n);
                    return missing.isEmpty() ? null : spec.id().id() + ": folder " + dir + (Files.isDirectory(dir)
                            ? " lacks " + String.join(", ", missing) : " does not exist")
                            + "; expected the binary version files " + String.join(", ", names);
                }
                default -> {
                    return null;
                }
            }
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    // ---- sources ----

    private static DatasetSplit loadFashionMnist(DatasetSpec spec, List<Path> dataDirs) {
        List<String> looked = new ArrayList<>();
        for (Path dir : fashionMnistSearchPath(spec, dataDirs)) {
            List<String> missing = new ArrayList<>();
            List<Path> files = idxFiles(dir, missing);
            if (missing.isEmpty()) return readIdx(files, "fashion-mnist", 10, dir.toAbsolutePath().toString());
            looked.add(dir + (Files.isDirectory(dir) ? " (missing " + String.join(", ", missing) + ")" : " (no such folder)"));
        }
        throw new DataException("fashion-mnist: the four IDX files were not found. Looked in: "
                + String.join("; ", looked) + ". " + INSTALL_HINT
                + " The bundled subset is available as dataset id fashion-mnist-sample.");
    }

    private static DatasetSplit loadSample() {
        MessageDigest digest = SourceFiles.sha256();
        List<SourceFiles.Named> named = new ArrayList<>();
        for (String name : IDX_FILES) named.add(SourceFiles.readResource(SAMPLE_RESOURCE_DIR + name + ".gz", digest));
        return idxSplit(named, "fashion-mnist-sample", 10, SourceFiles.hex(digest), "bundled sample");
    }

    private static DatasetSplit loadIdxFolder(Path dir, String name, Integer classes) {
        List<String> missing = new ArrayList<>();
        List<Path> files = idxFiles(dir, missing);
        if (!missing.isEmpty()) {
            throw new DataException(name + ": folder " + dir + (Files.isDirectory(dir) ? " lacks " + String.join(", ", missing)
                    : " does not exist") + "; expected the four IDX files " + String.join(", ", IDX_FILES) + " (plain or .gz)");
        }
        return readIdx(files, name, classes, dir.toAbsolutePath().toString());
    }

    /** The four IDX files in {@code dir} (plain preferred over .gz); names not found are added to {@code missing}. */
    private static List<Path> idxFiles(Path dir, List<String> missing) {
        List<Path> files = new ArrayList<>();
        for (String name : IDX_FILES) {
            Path plain = dir.resolve(name), gz = dir.resolve(name + ".gz");
            if (Files.isRegularFile(plain)) files.add(plain);
            else if (Files.isRegularFile(gz)) files.add(gz);
            else missing.add(name);
        }
        return files;
    }

    private static DatasetSplit readIdx(List<Path> files, String name, Integer classes, String source) {
        MessageDigest digest = SourceFiles.sha256();
        List<SourceFiles.Named> named = new ArrayList<>();
        for (Path f : files) named.add(SourceFiles.read(f, digest));
        return idxSplit(named, name, classes, SourceFiles.hex(digest), source);
    }

    /** Builds the split from the four IDX files in {@link #IDX_FILES} order; {@code classes} null = max label + 1. */
    static DatasetSplit idxSplit(List<SourceFiles.Named> files, String name, Integer classes, String checksum, String source) {
        List<String> warnings = new ArrayList<>();
        IdxReader.Images trainImages = IdxReader.images(files.get(0).name(), files.get(0).data());
        int[] trainLabels = IdxReader.labels(files.get(1).name(), files.get(1).data());
        IdxReader.Images testImages = IdxReader.images(files.get(2).name(), files.get(2).data());
        int[] testLabels = IdxReader.labels(files.get(3).name(), files.get(3).data());
        checkCount(files.get(0), trainImages.count(), files.get(1), trainLabels.length);
        checkCount(files.get(2), testImages.count(), files.get(3), testLabels.length);
        if (!Arrays.equals(trainImages.shape(), testImages.shape())) {
            throw new DataException(name + ": image shapes differ: " + files.get(0).name() + " has "
                    + Arrays.toString(trainImages.shape()) + ", " + files.get(2).name() + " has "
                    + Arrays.toString(testImages.shape()));
        }
        int numClasses;
        if (classes != null) {
            numClasses = classes;
            checkLabels(files.get(1).name(), trainLabels, numClasses);
            checkLabels(files.get(3).name(), testLabels, numClasses);
            if (!Arrays.equals(trainImages.shape(), new int[] {1, 28, 28})) {
                throw new DataException(name + ": " + files.get(0).name() + " holds images of shape "
                        + Arrays.toString(trainImages.shape()) + ", expected 28x28");
            }
        } else {
            int max = 0;
            for (int l : trainLabels) max = Math.max(max, l);
            for (int l : testLabels) max = Math.max(max, l);
            if (max < 1) {
                throw new DataException(name + ": every label in " + files.get(1).name() + " and " + files.get(3).name()
                        + " is 0; need at least 2 classes");
            }
            numClasses = max + 1;
            String w = classGaps(files.get(1).name(), trainLabels, numClasses);
            if (w != null) warnings.add(w);
        }
        return new DatasetSplit(
                new Dataset(name + " train", trainImages.pixels(), trainLabels, trainImages.shape(), numClasses),
                new Dataset(name + " test", testImages.pixels(), testLabels, testImages.shape(), numClasses),
                checksum, source, warnings);
    }

    /**
     * For an {@code idx} folder the classes are 0..K-1 with K = the largest label + 1; a class of that range with no
     * training example means the labels are not 0..K-1 (e.g. 1-based, or a subset): returns a warning naming the file,
     * the missing classes and the label counts, or null if every class occurs.
     */
    static String classGaps(String file, int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) counts[l]++;
        List<Integer> missing = new ArrayList<>();
        StringBuilder present = new StringBuilder();
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) missing.add(k);
            else present.append(present.length() == 0 ? "" : ", ").append(k).append(": ").append(counts[k]);
        }
        if (missing.isEmpty()) return null;
        String gone = missing.size() <= 20 ? missing.toString()
                : missing.subList(0, 20) + " and " + (missing.size() - 20) + " more";
        return file + ": labels are expected to be 0.." + (classes - 1) + " (" + classes + " classes, from the largest label), "
                + "but class" + (missing.size() == 1 ? " " : "es ") + gone + " never occur" + (missing.size() == 1 ? "s" : "")
                + " in training; label counts " + Messages.shorten(present.toString(), 400)
                + ". The output layer still has " + classes + " units; relabel the files 0..K-1 if that is not intended";
    }

    private static void checkCount(SourceFiles.Named images, int imageCount, SourceFiles.Named labels, int labelCount) {
        if (imageCount != labelCount) {
            throw new DataException("image/label count mismatch: " + images.name() + " has " + imageCount
                    + " images but " + labels.name() + " has " + labelCount + " labels");
        }
    }

    private static void checkLabels(String file, int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new DataException(file + ": label " + i + " is " + labels[i] + ", outside 0.." + (numClasses - 1));
            }
        }
    }

    private static DatasetSplit loadCifar(DatasetSpec spec) {
        boolean c10 = spec.id() == DatasetId.CIFAR10;
        String name = spec.id().id();
        List<String> names = c10 ? CIFAR10_FILES : CIFAR100_FILES;
        Path dir = requirePath(spec);
        Path nested = dir.resolve(c10 ? "cifar-10-batches-bin" : "cifar-100-binary");   // as the archives unpack
        if (!Files.isRegularFile(dir.resolve(names.get(0))) && Files.isDirectory(nested)) dir = nested;
        List<String> missing = new ArrayList<>();
        for (String n : names) if (!Files.isRegularFile(dir.resolve(n))) missing.add(n);
        if (!missing.isEmpty()) {
            throw new DataException(name + ": folder " + dir + (Files.isDirectory(dir) ? " lacks " + String.join(", ", missing)
                    : " does not exist") + "; expected the binary version files " + String.join(", ", names));
        }
        MessageDigest digest = SourceFiles.sha256();
        List<SourceFiles.Named> trainFiles = new ArrayList<>();
        for (String n : names.subList(0, names.size() - 1)) trainFiles.add(SourceFiles.read(dir.resolve(n), digest));
        List<SourceFiles.Named> testFiles = List.of(SourceFiles.read(dir.resolve(names.get(names.size() - 1)), digest));
        boolean fine = spec.labels() == DatasetSpec.CifarLabels.FINE;
        int classes = c10 ? 10 : fine ? 100 : 20;
        CifarReader.Parsed train = c10 ? CifarReader.cifar10(trainFiles) : CifarReader.cifar100(trainFiles, fine);
        CifarReader.Parsed test = c10 ? CifarReader.cifar10(testFiles) : CifarReader.cifar100(testFiles, fine);
        return new DatasetSplit(
                new Dataset(name + " train", train.features(), train.labels(), CifarReader.SHAPE, classes),
                new Dataset(name + " test", test.features(), test.labels(), CifarReader.SHAPE, classes),
                SourceFiles.hex(digest), dir.toAbsolutePath().toString());
    }

    private static DatasetSplit synthetic(DatasetSpec spec, long seed) {
        String id = spec.id().id();
        int classes = spec.classes();
        if ((spec.id() == DatasetId.CIRCLES || spec.id() == DatasetId.XOR) && classes != 2) {
            throw new DataException(id + " always has 2 classes; dataset.classes is " + classes);
        }
        if (classes < 2) throw new DataException(id + ": dataset.classes must be at least 2, is " + classes);
        if (spec.noise() < 0 || !Double.isFinite(spec.noise())) {
            throw new DataException(id + ": dataset.noise must be a finite number >= 0, is " + spec.noise());
        }
        double fraction = spec.testFraction();
        if (!(fraction > 0 && fraction < 1)) {
            throw new DataException(id + ": dataset.testFraction must be between 0 and 1 (exclusive), is " + fraction);
        }
        int examples = spec.examples();
        int testCount = (int) Math.round(examples * fraction);
        if (examples < 2 * classes || testCount < 1 || testCount >= examples) {
            throw new DataException(id + ": dataset.examples = " + examples + " with testFraction " + fraction
                    + " leaves no train or test examples for " + classes + " classes");
        }
        Dataset all = SyntheticSets.generate(spec.id(), examples, spec.noise(), classes, seed);
        int[] testIdx = StratifiedSampler.sample(all.labels(), classes, testCount, seed ^ 0x2545F4914F6CDD1DL);
        int[] trainIdx = StratifiedSampler.complement(examples, testIdx);
        String params = String.format(Locale.ROOT, "synthetic v%d %s examples=%d noise=%s classes=%d testFraction=%s seed=%d",
                SyntheticSets.VERSION, id, examples, Double.toString(spec.noise()), classes, Double.toString(fraction), seed);
        MessageDigest digest = SourceFiles.sha256();
        digest.update(params.getBytes(StandardCharsets.UTF_8));
        return new DatasetSplit(all.subset(id + " train", trainIdx), all.subset(id + " test", testIdx),
                SourceFiles.hex(digest), "synthetic");
    }

    // ---- caps and normalization ----

    private static Dataset cap(Dataset data, Integer max, String field, long seed) {
        if (max == null || max >= data.size()) return data;
        if (max < 1) throw new DataException("dataset." + field + " must be at least 1, is " + max);
        return data.subset(data.name(), StratifiedSampler.sample(data.labels(), data.numClasses(), max, seed));
    }

    /** Normalizes in place: the arrays were freshly created by this loader and are not yet shared. */
    private static void normalize(DatasetSpec spec, Dataset train, Dataset test) {
        Normalization n = spec.normalization();
        if (n == Normalization.STANDARDIZE) {
            Normalizer.Stats s = Normalizer.stats(train.features());
            Normalizer.applyInPlace(train.features(), s.mean(), s.std());
            Normalizer.applyInPlace(test.features(), s.mean(), s.std());
        } else if (n == Normalization.UNIT && !spec.synthetic()) {
            Normalizer.applyInPlace(train.features(), 0, 255);
            Normalizer.applyInPlace(test.features(), 0, 255);
        }
    }

    private static Path requirePath(DatasetSpec spec) {
        if (spec.path() == null || spec.path().isBlank()) {
            throw new DataException(spec.id().id() + ": dataset.path is required (a folder with the data files)");
        }
        return Path.of(spec.path());
    }
}
