package dev.gradflow.model.cli;

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
    public static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file is in the way";
        if (e instanceof java.nio.file.NotDirectoryException) return "not a directory";
        String r = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (r == null || r.isBlank()) return e.getClass().getSimpleName().replace("Exception", "").toLowerCase(java.util.Locale.ROOT);
        r = dev.gradflow.model.spec.Messages.shorten(r, 200);
        return Character.toLowerCase(r.charAt(0)) + r.substring(1);
    }
}
