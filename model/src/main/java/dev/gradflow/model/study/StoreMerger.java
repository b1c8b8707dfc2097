package dev.gradflow.model.study;

import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.StoreException;
import dev.gradflow.model.store.StoreImport;
import dev.gradflow.model.store.StoreImport.RunKey;
import dev.gradflow.model.store.StoredStudy;
import dev.gradflow.model.store.StudyLink;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Merges run stores into one (e.g. the shards of a sweep): every run with all its rows, and the study tables with
 * run ids remapped, through the store's import API ({@link RunStore#importFrom}). A run is identified by its spec
 * hash (which includes the seed):
 * <ul>
 *   <li>not in the target yet: copied;</li>
 *   <li>already there with the same status and final test accuracy/loss: a duplicate, skipped;</li>
 *   <li>there but not finished while the incoming one finished: the finished one is copied (both kept);</li>
 *   <li>otherwise (e.g. both finished with different results - non-determinism across machines): a conflict,
 *       reported; the target's run is kept.</li>
 * </ul>
 * Runs still {@code running} in a source are not copied (reported).
 */
public final class StoreMerger {
    private StoreMerger() {
    }

    public record Report(int copied, int duplicates, int conflicts, int skippedRunning, int studyLinks, List<String> messages) {
    }

    /**
     * Merges {@code sources} into {@code into}, all or nothing: every source is checked (read-only; sources are never
     * modified) before anything is written, the sources are merged into a temporary store beside the target, and only
     * when every source merged is that result linked into place (a new target) or copied into the existing target in
     * one transaction. A bad source therefore leaves no half-merged target, and no empty new one.
     */
    public static Report merge(List<Path> sources, Path into) {
        Path target = into.toAbsolutePath().normalize();
        checkSources(sources, target);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".merge-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        try {
            Report merged = mergeInto(sources, tmp, p -> p.getFileName().toString());
            if (!Files.exists(target) && moveIntoPlace(tmp, target)) return merged;
            String label = sources.size() == 1 ? sources.get(0).getFileName().toString() : "the merged sources";
            Report last = mergeInto(List.of(tmp), target, p -> label);
            List<String> messages = new ArrayList<>(merged.messages());
            messages.addAll(last.messages());
            return new Report(last.copied(), merged.duplicates() + last.duplicates(), merged.conflicts() + last.conflicts(),
                    merged.skippedRunning(), last.studyLinks(), messages);
        } finally {
            deleteWithSidecars(tmp);
        }
    }

    /** Every source is a GradFlow store of a schema this version reads, and none is the target. */
    private static void checkSources(List<Path> sources, Path target) {
        for (Path src : sources) {
            Path s = src.toAbsolutePath().normalize();
            if (!Files.isRegularFile(s)) throw new StudyException("no store at " + s);
            if (s.equals(target)) throw new StudyException(s + " is the merge target itself");
            RunStore.openReadOnly(s).close();
        }
    }

    /** Links (or moves) the merged temporary store to a new target; false if the target was created meanwhile. */
    private static boolean moveIntoPlace(Path tmp, Path target) {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            try {
                Files.move(tmp, target);
                return true;
            } catch (FileAlreadyExistsException created) {
                return false;
            } catch (IOException m) {
                throw new StoreException("Cannot create merge target " + target + ": " + m.getMessage(), m, true);
            }
        }
    }

    private static void deleteWithSidecars(Path file) {
        for (String suffix : new String[]{"", "-wal", "-shm", "-journal"}) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException ignored) {
                // a leftover hidden temporary file is harmless
            }
        }
    }

    /** Merges each source into {@code into} in its own transaction (creating or migrating the target first). */
    private static Report mergeInto(List<Path> sources, Path into, Function<Path, String> label) {
        Tally tally = new Tally();
        try (RunStore store = RunStore.open(into)) {
            for (Path src : sources) {
                Path s = src.toAbsolutePath().normalize();
                try (StoreImport in = store.importFrom(s)) {
                    Map<Long, Long> runIds = mergeRuns(in, label.apply(s), tally);
                    tally.links += mergeStudies(in, runIds);
                    in.commit();
                }
            }
        }
        return new Report(tally.copied, tally.duplicates, tally.conflicts, tally.running, tally.links, tally.messages);
    }

    /** The counts and messages of one merge. */
    private static final class Tally {
        int copied, duplicates, conflicts, running, links;
        final List<String> messages = new ArrayList<>();
    }

    /** Copies the source's runs the target lacks; returns source run id -> target run id for every run kept. */
    private static Map<Long, Long> mergeRuns(StoreImport in, String source, Tally tally) {
        Map<Long, Long> runIds = new HashMap<>();
        for (RunKey run : in.sourceRuns()) {
            if ("running".equals(run.status())) {
                tally.running++;
                tally.messages.add(source + ": run " + run.id() + " (" + run.name() + ") is still running; not copied");
                continue;
            }
            RunKey existing = in.targetRunOfSpec(run.specHash()).orElse(null);
            if (existing != null && !replaces(run, existing, source, tally)) {
                runIds.put(run.id(), existing.id());
                continue;
            }
            runIds.put(run.id(), in.copyRun(run.id()));
            tally.copied++;
        }
        return runIds;
    }

    /**
     * Whether an incoming run with the spec hash of a target run is copied beside it: only a finished (or diverged)
     * run replacing an unfinished one. Otherwise it is a duplicate (same status and results) or a conflict (the
     * target's run kept); both are counted here.
     */
    private static boolean replaces(RunKey run, RunKey existing, String source, Tally tally) {
        boolean same = existing.status().equals(run.status())
                && close(existing.finalTestAccuracy(), run.finalTestAccuracy())
                && close(existing.finalTestLoss(), run.finalTestLoss());
        if (same) {
            tally.duplicates++;
            return false;
        }
        if (!StudyStore.DONE.contains(existing.status()) && StudyStore.DONE.contains(run.status())) {
            tally.messages.add(run.name() + ": target run " + existing.id() + " is " + existing.status() + "; copying the "
                    + run.status() + " one");
            return true;
        }
        tally.conflicts++;
        tally.messages.add("conflict: " + run.name() + " (spec " + run.specHash().substring(0, 12) + "): target run "
                + existing.id() + " " + existing.status() + " acc " + existing.finalTestAccuracy() + " vs " + source
                + " run " + run.id() + " " + run.status() + " acc " + run.finalTestAccuracy() + "; kept the target's");
        return false;
    }

    private static boolean close(Double a, Double b) {
        if (a == null || b == null) return Objects.equals(a, b);
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    }

    /** Adds the source's studies (matched by name and file) and its links of kept runs; returns the links added. */
    private static int mergeStudies(StoreImport in, Map<Long, Long> runIds) {
        Map<Long, Long> studyIds = new HashMap<>();
        for (StoredStudy s : in.sourceStudies()) studyIds.put(s.id(), in.ensureStudy(s));
        int links = 0;
        for (StudyLink l : in.sourceStudyLinks()) {
            Long study = studyIds.get(l.studyId()), run = runIds.get(l.runId());
            if (study == null || run == null) continue;
            if (in.link(new StudyLink(study, run, l.role(), l.pairKey(), l.config(), l.configJson(), l.denseWidth(),
                    l.seed(), l.activeWeights()))) {
                links++;
            }
        }
        return links;
    }
}
