package dev.gradflow.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void missingDatasetIsAUserErrorAndCreatesNoStore() throws Exception {
        Path spec = tmp.resolve("idx.json");
        Files.writeString(spec, "{\"dataset\": {\"id\": \"idx\", \"path\": \"" + tmp.resolve("nowhere") + "\"}}");
        Path db = tmp.resolve("runs.db");
        int code = GradflowCli.execute("train", spec.toString(), "--store", db.toString());
        assertThat(code).isEqualTo(GradflowCli.USER_ERROR);
        assertThat(db).doesNotExist();
    }

    @Test
    void invalidSpecIsRejectedBeforeAnythingIsStored() throws Exception {
        Path spec = tmp.resolve("bad.json");
        Files.writeString(spec, "{\"training\": {\"epochs\": 0}}");
        Path db = tmp.resolve("runs.db");
        assertThat(GradflowCli.execute("train", spec.toString(), "--store", db.toString())).isEqualTo(GradflowCli.USER_ERROR);
        assertThat(db).doesNotExist();
    }
}
