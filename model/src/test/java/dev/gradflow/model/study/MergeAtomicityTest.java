package dev.gradflow.model.study;

import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** merge is all or nothing and never modifies its sources. */
class MergeAtomicityTest {
    @TempDir
    Path tmp;

    private Path store(String name, String... runs) {
        Path db = tmp.resolve(name);
        try (RunStore s = RunStore.open(db)) {
            for (String r : runs) {
                long id = s.createRun(new NewRun(r, "{}", "hash-" + r, "blobs", "sgd", "relu", 1, 1, Map.of(),
                        List.of(new LayerInfo(0, "output", "dense", new long[]{2, 2}, 4, 4))));
                s.finish(id, RunStatus.FINISHED, "ok");
            }
        }
        return db;
    }

    private static String sha(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private List<String> files() throws Exception {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBadSourceLeavesNoNewTarget() throws Exception {
        Path a = store("a.db", "r1"), b = store("b.db", "r2");
        Path bad = Files.writeString(tmp.resolve("bad.db"), "not a store");
        Path into = tmp.resolve("all.db");
        List<String> before = files();
        assertThatThrownBy(() -> StoreMerger.merge(List.of(a, b, bad), into)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a GradFlow run store");
        assertThat(into).doesNotExist();
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aBadSourceLeavesAnExistingTargetUntouched() throws Exception {
        Path a = store("a.db", "r1"), into = store("all.db", "r0");
        Path bad = Files.writeString(tmp.resolve("bad.db"), "SQLite format 3\0 but not really");
        String hash = sha(into);
        assertThatThrownBy(() -> StoreMerger.merge(List.of(a, bad), into)).isInstanceOf(RuntimeException.class);
        assertThat(sha(into)).isEqualTo(hash);
        try (RunStore s = RunStore.openReadOnly(into)) {
            assertThat(s.listRuns()).extracting(r -> r.name()).containsExactly("r0");
        }
    }

    @Test
    void aGoodMergeCopiesEverythingAndLeavesSourcesByteIdentical() throws Exception {
        Path a = store("a.db", "r1", "r2"), b = store("b.db", "r2", "r3");
        String ha = sha(a), hb = sha(b);
        Path into = tmp.resolve("all.db");
        StoreMerger.Report r = StoreMerger.merge(List.of(a, b), into);
        assertThat(r.copied()).isEqualTo(3);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(sha(a)).isEqualTo(ha);
        assertThat(sha(b)).isEqualTo(hb);
        assertThat(files()).containsExactly("a.db", "all.db", "b.db");
        // into an existing target: only what is new is copied
        Path c = store("c.db", "r3", "r4");
        StoreMerger.Report again = StoreMerger.merge(List.of(c), into);
        assertThat(again.copied()).isEqualTo(1);
        assertThat(again.duplicates()).isEqualTo(1);
        try (RunStore s = RunStore.openReadOnly(into)) {
            assertThat(s.listRuns()).extracting(x -> x.name()).containsExactly("r1", "r2", "r3", "r4");
        }
    }
}
