package dev.gradflow.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The store writer runs at the lowest scheduling priority, and only it (Linux: per-thread nice values in /proc). */
@EnabledOnOs(OS.LINUX)
class BackgroundPriorityTest {
    @TempDir
    Path dir;

    @Test
    void loweringAffectsOnlyTheCallingThread() throws Exception {
        Integer before = BackgroundPriority.currentNice();
        AtomicReference<Object[]> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(new Object[]{BackgroundPriority.lowerCurrentThread(),
                BackgroundPriority.currentNice()}));
        t.start();
        t.join();
        assertThat(seen.get()[0]).isEqualTo(true);
        assertThat(seen.get()[1]).isEqualTo(BackgroundPriority.NICE);
        assertThat(BackgroundPriority.currentNice()).as("the calling test thread is unchanged").isEqualTo(before);
    }

    @Test
    void theStoreWriterThreadRunsAtTheLowestPriority() throws Exception {
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            long id = store.createRun(Fixtures.newRun("nice"));
            try (MetricsWriter w = store.writer(id)) {
                w.step(Fixtures.step(0));
                w.flush(); // the writer thread has run its loop
                List<Integer> writers = new ArrayList<>();
                try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                    for (Path task : tasks.toList()) {
                        String comm = Files.readString(task.resolve("comm")).trim();
                        if (!comm.startsWith("gradflow-store")) continue; // Linux keeps 15 characters of a name
                        String stat = Files.readString(task.resolve("stat"));
                        writers.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
                    }
                }
                assertThat(writers).as("nice values of the store writer threads").isNotEmpty()
                        .allMatch(n -> n == BackgroundPriority.NICE);
            }
        }
    }
}
