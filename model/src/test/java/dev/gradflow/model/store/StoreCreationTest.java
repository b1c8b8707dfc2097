package dev.gradflow.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A store file exists only once its schema does: a reader polling for the file never sees a store without tables. */
class StoreCreationTest {
    @TempDir
    Path tmp;

    @Test
    void readersNeverSeeAStoreFileWithoutItsTables() throws Exception {
        int stores = 25;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                for (int i = 0; i < stores; i++) {
                    Path f = tmp.resolve("s" + i + ".db");
                    if (!Files.exists(f)) continue;
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.toUri() + "?mode=ro");
                         Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM steps")) {
                        rs.next();
                        reads.incrementAndGet();
                    } catch (SQLException e) {
                        if (!String.valueOf(e.getMessage()).contains("locked") && !String.valueOf(e.getMessage()).contains("BUSY")) {
                            failures.add(f.getFileName() + ": " + e.getMessage());
                        }
                    }
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < stores; i++) {
                try (RunStore s = RunStore.open(tmp.resolve("s" + i + ".db"))) {
                    s.createRun(Fixtures.newRun("r" + i));
                }
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(failures).as("reads: " + reads.get()).isEmpty();
        assertThat(reads.get()).isPositive();
        try (var files = Files.list(tmp)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).as("no temporary files left").noneMatch(n -> n.startsWith("."));
        }
    }
}
