package dev.gradflow.model.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** Reads data files (plain or gzipped by a {@code .gz} suffix) as bytes, feeding the raw bytes into a digest. */
final class SourceFiles {
    private SourceFiles() {}

    /** A file's name for messages plus its (decompressed) content. */
    record Named(String name, byte[] data) {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads {@code file}, adds its raw bytes to {@code digest} and returns the content, gunzipped if it ends in .gz. */
    static Named read(Path file, MessageDigest digest) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e, e);
        }
        digest.update(raw);
        String name = file.toString();
        return new Named(name, name.endsWith(".gz") ? gunzip(name, raw) : raw);
    }

    /** Like {@link #read(Path, MessageDigest)} for a classpath resource (absolute resource name). */
    static Named readResource(String resource, MessageDigest digest) {
        byte[] raw;
        try (InputStream in = SourceFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataException("bundled sample file " + resource + " is not on the classpath "
                        + "(the gradflow-sample-data jar is missing or incomplete)");
            }
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new DataException("cannot read bundled sample file " + resource + ": " + e, e);
        }
        digest.update(raw);
        return new Named(resource, resource.endsWith(".gz") ? gunzip(resource, raw) : raw);
    }

    static byte[] gunzip(String name, byte[] raw) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataException(name + ": not a valid gzip file or truncated gzip data (" + e.getMessage() + ")", e);
        }
    }
}
