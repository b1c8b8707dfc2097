package dev.gradflow.model.cli;

import dev.gradflow.model.data.DataException;
import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.Problem;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.spec.SpecIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.gradflow.model.spec.Messages;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check specs without training: every problem is listed with its JSON path. Exit 0 if all are valid.",
                "Shapes of convolutional networks are checked against the dataset's input shape; for an idx folder its",
                "files are read (shape, classes, labels)."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files")
    List<Path> specs;

    @Option(names = "--print", description = "Also print each spec with every default filled in")
    boolean print;

    @Mixin
    DataDirsOption dataDir;

    /** The result of validating one spec file: the spec (null if unreadable), its problems and data warnings. */
    record Result(ExperimentSpec spec, List<Problem> problems, List<String> warnings, String message) {
        boolean ok() { return problems.isEmpty(); }
    }

    /**
     * Everything {@code validate} checks for one file: reading and the spec rules; for an {@code idx} folder also its
     * files (a dataset problem is reported with the path {@code dataset}) and the shape rules against them.
     */
    static Result check(Path p) {
        return check(p, List.of());
    }

    /**
     * As {@link #check(Path)}, looking for dataset files in {@code dataDirs} first, as {@code train --data-dir} does: a
     * spec whose dataset files are missing cannot be trained here, so it is rejected (path {@code dataset}).
     */
    static Result check(Path p, List<Path> dataDirs) {
        ExperimentSpec s;
        try {
            s = SpecIO.read(p);
        } catch (SpecException e) {
            return new Result(null, e.problems(), List.of(), e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        if (!SpecIO.shapesKnown(s)) {
            // an idx folder: its image shape and classes are known only from its files
            try {
                var data = DatasetLoader.load(s.dataset(), s.seed(), dataDirs);
                warnings.addAll(data.warnings());
                List<Problem> problems = SpecIO.problems(s, data.train().shape(), data.train().numClasses(),
                        "the idx files in " + s.dataset().path());
                if (!problems.isEmpty()) return new Result(s, problems, warnings, new SpecException(p.toString(), problems).getMessage());
            } catch (DataException e) {
                Problem problem = Problem.general("dataset", Messages.shorten(e.getMessage(), 600));
                return new Result(s, List.of(problem), warnings, "1 problem in " + p + ":\n  - " + problem.message());
            }
        }
        String missing = DatasetLoader.missingFiles(s.dataset(), dataDirs);
        if (missing != null) {
            Problem problem = Problem.general("dataset", Messages.shorten(missing, 600));
            return new Result(s, List.of(problem), warnings, "1 problem in " + p + ":\n  - " + problem.message());
        }
        return new Result(s, List.of(), warnings, null);
    }

    @Override
    public Integer call() {
        int bad = 0;
        for (Path p : specs) {
            Result r = check(p, dataDir.dirs());
            for (String w : r.warnings()) System.out.println("warning: " + w);
            if (!r.ok()) {
                bad++;
                System.out.println("invalid: " + r.message());
                continue;
            }
            ExperimentSpec s = r.spec();
            System.out.printf("ok: %s (%s: %d hidden layers, density %s %s, %s lr %s, %d epochs)%n", p, s.dataset().id().id(),
                    s.architecture().layers().size(), s.sparsity().density(), s.sparsity().distribution().id(),
                    s.optimizer().type().id(), s.optimizer().learningRate(), s.training().epochs());
            if (print) System.out.print(SpecIO.toJson(s));
        }
        return bad == 0 ? 0 : GradflowCli.USER_ERROR;
    }
}
