package dev.gradflow.model.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Naming a study on the command line: by id, by name, or by the study file that was swept into the store; an edited
 * file (the same name, other content) gets an error that says so and how to name the stored study instead.
 */
class StudyResolveTest {
    static final String FILE = """
            {"name": "tiny", "description": "%s", "base": {"dataset": {"id": "spirals"}, "architecture": {"layers": [{"width": 8}]}},
             "axes": {"optimizer.learningRate": [0.1, 0.01]}, "seeds": 1}
            """;

    @Test
    void byIdNameAndFileAndAnEditedFileIsExplained(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tiny.json"), FILE.formatted("first"));
        Path db = dir.resolve("runs.db");
        long id;
        try (StudyStore s = StudyStore.open(db)) {
            StudyFile f = StudyFile.read(file);
            id = s.ensureStudy(f.name(), "grid", f.json());
        }
        try (StudyStore s = StudyStore.openReadOnly(db)) {
            assertThat(s.resolve("" + id)).isEqualTo(id);
            assertThat(s.resolve("tiny")).isEqualTo(id);
            assertThat(s.resolve(file.toString())).isEqualTo(id);

            Files.writeString(file, FILE.formatted("edited"));
            assertThatThrownBy(() -> s.resolve(file.toString())).isInstanceOf(StudyException.class)
                    .hasMessageContaining("differs from the study 'tiny'").hasMessageContaining("name the stored study");
            Path other = Files.writeString(dir.resolve("other.json"), FILE.formatted("x").replace("\"tiny\"", "\"other\""));
            assertThatThrownBy(() -> s.resolve(other.toString())).isInstanceOf(StudyException.class)
                    .hasMessageContaining("has not been run into");
        }
    }
}
