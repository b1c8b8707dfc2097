package dev.gradflow.model.cli;

import dev.gradflow.model.spec.Messages;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The environment refused what the user asked for: a file or folder that cannot be read or written (missing,
 * permission denied, read-only, full disk, a special file). Printed as one line, exit status
 * {@value GradflowCli#ENVIRONMENT_ERROR}.
 */
public final class EnvironmentException extends RuntimeException {
    public EnvironmentException(String message) {
        super(message);
    }

    /** Why an I/O operation failed, in plain lower-case words ("permission denied", "no space left on device"). */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof FileAlreadyExistsException) return "a file is in the way";
        if (e instanceof NotDirectoryException) return "not a directory";
        String r = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (r == null || r.isBlank()) return e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
        r = Messages.shorten(r, 200);
        return Character.toLowerCase(r.charAt(0)) + r.substring(1);
    }
}
