package dev.gradflow.model.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared {@code --data-dir} option (repeatable): folders searched for datasets before {@code ~/.gradflow/data} and
 * {@code /usr/share/datasets}, the same for every command that loads data.
 */
public final class DataDirsOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder searched for datasets (repeatable), before ~/.gradflow/data and /usr/share/datasets")
    List<Path> dirs = new ArrayList<>();

    List<Path> dirs() {
        return List.copyOf(dirs);
    }
}
