package dev.gradflow.model.cli;

import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.spec.SpecIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check specs without training: every problem is listed with its JSON path. Exit 0 if all are valid.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files")
    List<Path> specs;

    @Option(names = "--print", description = "Also print each spec with every default filled in")
    boolean print;

    @Override
    public Integer call() {
        int bad = 0;
        for (Path p : specs) {
            try {
                ExperimentSpec s = SpecIO.read(p);
                System.out.printf("ok: %s (%s: %d hidden layers, density %s %s, %s lr %s, %d epochs)%n", p, s.dataset().id().id(),
                        s.architecture().layers().size(), s.sparsity().density(), s.sparsity().distribution().id(),
                        s.optimizer().type().id(), s.optimizer().learningRate(), s.training().epochs());
                if (print) System.out.print(SpecIO.toJson(s));
            } catch (SpecException e) {
                bad++;
                System.out.println("invalid: " + e.getMessage());
            }
        }
        return bad == 0 ? 0 : GradflowCli.USER_ERROR;
    }
}
