package io.switchboard.tagging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * An operator-edited file and what was last successfully parsed from it. {@link #check()} re-reads the
 * file when its content changed (by digest, so editors that rewrite or Kubernetes ConfigMaps that swap
 * symlinks are both seen); an invalid or missing file keeps the previous version serving and its
 * error is kept for the health check and metrics until a valid version arrives.
 */
public final class WatchedFile<T> {

    public enum Outcome { UNCHANGED, RELOADED, FAILED }

    private final String name;
    private final Path path;
    private final Function<String, T> parser;
    private volatile T current;
    private volatile Instant loadedAt;
    private volatile String error;
    private byte[] lastDigest;

    /** Loads the file now: without a valid first version there is nothing to serve, so this throws. */
    public WatchedFile(String name, Path path, Function<String, T> parser) {
        this.name = name;
        this.path = path;
        this.parser = parser;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot read " + path.toAbsolutePath() + ": " + e, e);
        }
        try {
            current = parser.apply(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " (" + path + ") is invalid: " + e.getMessage(), e);
        }
        lastDigest = digest(bytes);
        loadedAt = Instant.now();
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    public T current() {
        return current;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Why the file on disk is not the version serving, if it is not. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public synchronized Outcome check() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return fail(null, "file " + path + " is missing");
        } catch (IOException e) {
            return fail(null, "cannot read " + path + ": " + e.getMessage());
        }
        byte[] digest = digest(bytes);
        if (Arrays.equals(digest, lastDigest)) {
            return Outcome.UNCHANGED;
        }
        try {
            T parsed = parser.apply(new String(bytes, StandardCharsets.UTF_8));
            current = parsed;
            lastDigest = digest;
            loadedAt = Instant.now();
            error = null;
            return Outcome.RELOADED;
        } catch (RuntimeException e) {
            return fail(digest, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Outcome fail(byte[] digest, String message) {
        boolean known = digest == null && message.equals(error);
        error = message;
        if (digest != null) {
            lastDigest = digest; // the same broken content is reported once, not on every poll
        }
        return known ? Outcome.UNCHANGED : Outcome.FAILED;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
