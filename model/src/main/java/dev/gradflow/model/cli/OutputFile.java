package dev.gradflow.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.gradflow.model.spec.Messages;
import java.io.UncheckedIOException;

/**
 * Writes a command's output file safely: the file appears complete or not at all. Output goes to a temporary file
 * beside the destination, renamed over it only once fully written; on any failure the temporary file is removed and
 * the user gets one line naming the destination and the reason (missing folder, a file where a folder should be,
 * permission denied, read-only file system, full disk). An existing special file (a device or pipe such as
 * {@code /dev/stdout}) is written directly.
 */
public final class OutputFile {
    private OutputFile() {
    }

    /** Writes the given temporary (or special) file; its name keeps the destination's extension. */
    @FunctionalInterface
    public interface Work {
        void write(Path file) throws IOException;
    }

    /**
     * @param out    the destination as the user gave it
     * @param option the option that named it, for messages (e.g. {@code --out})
     * @throws UserException        if {@code out} is a folder
     * @throws EnvironmentException if it cannot be written
     */
    public static void write(Path out, String option, Work work) {
        Path abs = out.toAbsolutePath().normalize();
        String name = option + " " + Messages.shorten(out.toString(), 200);
        if (Files.isDirectory(abs)) throw new UserException(name + " is a folder; expected a file path");
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            try {
                work.write(abs);
            } catch (IOException e) {
                throw new EnvironmentException(name + ": cannot write (" + EnvironmentException.reason(e) + ")");
            }
            return;
        }
        Path parent = abs.getParent();
        ensureFolder(parent, name);
        String file = abs.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String ext = dot > 0 ? file.substring(dot) : "";
        Path tmp = parent.resolve("." + (dot > 0 ? file.substring(0, dot) : file) + ".part-" + ProcessHandle.current().pid() + ext);
        try {
            work.write(tmp);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof IOException x ? x : ((UncheckedIOException) e).getCause();
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write failure is what matters
            }
            throw new EnvironmentException(name + ": cannot write there (" + EnvironmentException.reason(io) + ")");
        }
    }

    /** Creates {@code folder} if needed; a file in the way or a folder that cannot be created is one clear line. */
    static void ensureFolder(Path folder, String name) {
        if (folder == null || Files.isDirectory(folder)) return;
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new EnvironmentException(name + ": " + Messages.shorten(p.toString(), 200)
                            + " is a file, not a folder");
                }
                break;
            }
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new EnvironmentException(name + ": cannot create the folder " + folder + " ("
                    + EnvironmentException.reason(e) + ")");
        }
    }
}
