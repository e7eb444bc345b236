package io.twitterhelpdesk.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of media the sandbox holds, by media id: files an account uploaded (media/upload) and the attachments of
 * DMs injected with their content. In memory, and with {@link #persistIn} also as files in a directory (one
 * {@code <id>} file with the bytes and one {@code <id>.type} with the content type, each written to a temporary file
 * and moved into place), so a persisted sandbox still serves them after a restart.
 */
final class MediaFiles {

    /** One stored file. */
    record MediaFile(long id, String contentType, byte[] bytes) {
        MediaFile {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }

        /** The SHA-256 of the bytes, lower-case hex: how a test or a person compares files. */
        String sha256() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Map<Long, MediaFile> files = new ConcurrentHashMap<>();
    /** Where files are also written; null: in memory only. */
    private volatile Path directory;

    /** Loads the files {@code dir} holds (creating it if needed) and from now on writes each new file there too. */
    synchronized void persistIn(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var list = Files.list(dir)) {
                for (Path typeFile : list.filter(p -> p.getFileName().toString().endsWith(".type")).toList()) {
                    String name = typeFile.getFileName().toString();
                    long id = Long.parseLong(name.substring(0, name.length() - ".type".length()));
                    Path bytes = dir.resolve(Long.toString(id));
                    if (Files.exists(bytes)) {
                        files.put(id, new MediaFile(id, Files.readString(typeFile).strip(), Files.readAllBytes(bytes)));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the sandbox's media files in " + dir + ": " + e.getMessage(), e);
        }
        directory = dir;
    }

    /** Stores {@code bytes} as media {@code id}. */
    MediaFile put(long id, String contentType, byte[] bytes) {
        MediaFile file = new MediaFile(id, contentType, bytes.clone());
        Path dir = directory;
        if (dir != null) {
            try {
                // the bytes first, then the type file that makes them visible at the next load
                write(dir.resolve(Long.toString(id)), bytes);
                write(dir.resolve(id + ".type"), contentType.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write sandbox media " + id + " in " + dir, e);
            }
        }
        files.put(id, file);
        return file;
    }

    Optional<MediaFile> get(long id) {
        return Optional.ofNullable(files.get(id));
    }

    /** Forgets every file (a sandbox reset); persisted files are deleted too. */
    synchronized void clear() {
        Path dir = directory;
        if (dir != null) {
            for (long id : files.keySet()) {
                try {
                    Files.deleteIfExists(dir.resolve(id + ".type"));
                    Files.deleteIfExists(dir.resolve(Long.toString(id)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete sandbox media " + id + " in " + dir, e);
                }
            }
        }
        files.clear();
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
