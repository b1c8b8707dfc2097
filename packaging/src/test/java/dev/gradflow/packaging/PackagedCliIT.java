package dev.gradflow.packaging;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the packaged {@code gradflow} launcher (bundled runtime, no Maven, no source tree) end to end. */
class PackagedCliIT {
    static Path launcher;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findLauncher() {
        Assumptions.assumeTrue("app-image".equals(System.getProperty("gradflow.package.type")),
                "the end-to-end check runs on the app image");
        launcher = Path.of(System.getProperty("gradflow.image"), "bin", "gradflow");
        assertThat(launcher).isExecutable();
    }

    record Result(int code, String out) { }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp.toFile());
        pb.environment().put("HOME", tmp.toString()); // the default store and caches go to a fresh home
        pb.environment().remove("OMP_WAIT_POLICY");   // the launcher must set it itself
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("gradflow %s finished", String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void packagedCliPrintsVersionsOfAppDl4jJavaAndJavaFx() throws Exception {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("GradFlow Workbench 0.1.0", "DL4J 1.0.0-M2.1", "JavaFX 21");
    }

    @Test
    void packagedCliTrainsATinySpecIntoAStoreAndListsIt() throws Exception {
        Path spec = tmp.resolve("tiny.json");
        Files.writeString(spec, """
                {"name": "packaged-tiny", "seed": 3,
                 "dataset": {"id": "fashion-mnist-sample", "trainExamples": 600, "testExamples": 200},
                 "architecture": {"layers": [{"width": 32}]},
                 "sparsity": {"density": 0.3},
                 "training": {"batchSize": 64, "epochs": 1},
                 "evaluation": {"points": 2, "examples": 100}}
                """);
        Result train = run("train", spec.toString(), "--store", tmp.resolve("runs.db").toString());
        assertThat(train.code()).as(train.out()).isZero();
        assertThat(train.out()).contains("run 1: finished", "test accuracy");
        Result runs = run("runs", "--store", tmp.resolve("runs.db").toString());
        assertThat(runs.out()).contains("packaged-tiny", "finished", "fashion-mnist-sample");
    }

    @Test
    void packagedCliRejectsABadSpecWithItsJsonPathAndNoStackTrace() throws Exception {
        Path spec = tmp.resolve("bad.json");
        Files.writeString(spec, "{\"architecture\": {\"layers\": [{\"width\": -5}]}}");
        Result r = run("validate", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("architecture.layers[0].width: -5 is not allowed; expected an integer >= 1")
                .doesNotContain("Exception");
    }
}
