package io.twitterhelpdesk.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Media files kept on disk (under {@code <data-dir>/media-cache}), so a file a helpdesk opens again, or several
 * helpdesks open, is read from X once: each entry is the file ({@code <hash>}) and its content type
 * ({@code <hash>.type}), written to temporary files and moved into place. An entry older than {@code ttl} is fetched
 * again; when the files pass {@code maxSize}, the oldest go. One fetch per entry at a time: a second request for a
 * file being fetched waits for it rather than reading X twice.
 */
public final class MediaCache {

    /** A cached file. */
    public record Entry(Path file, String contentType, long size) {
    }

    /** Writes a file to {@code target} and returns its content type. */
    @FunctionalInterface
    public interface Fetch {
        String into(Path target) throws MediaProblem, IOException;
    }

    private final Path dir;
    private final long maxSize;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong size = new AtomicLong();

    public MediaCache(Path dir, long maxSize, Duration ttl, Clock clock) {
        this.dir = dir;
        this.maxSize = maxSize;
        this.ttl = ttl;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    if (p.getFileName().toString().endsWith(".tmp")) {
                        Files.deleteIfExists(p); // cut short by a crash
                    } else if (!p.getFileName().toString().endsWith(".type")) {
                        size.addAndGet(Files.size(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the media cache directory " + dir, e);
        }
    }

    /** The entry for {@code key}, from the disk if it is there and fresh, else fetched now (once for all callers). */
    public Entry get(String key, Fetch fetch) throws MediaProblem {
        String name = hash(key);
        Object lock = locks.computeIfAbsent(name, n -> new Object());
        try {
            synchronized (lock) {
                Optional<Entry> cached = cached(name);
                if (cached.isPresent()) {
                    return cached.get();
                }
                return store(name, fetch);
            }
        } finally {
            locks.remove(name, lock);
        }
    }

    /** The bytes of all cached files. */
    public long size() {
        return size.get();
    }

    private Optional<Entry> cached(String name) {
        Path file = dir.resolve(name);
        Path type = dir.resolve(name + ".type");
        try {
            FileTime fetched = Files.getLastModifiedTime(type);
            if (fetched.toInstant().plus(ttl).isBefore(clock.instant())) {
                remove(name);
                return Optional.empty();
            }
            return Optional.of(new Entry(file, Files.readString(type).strip(), Files.size(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the media cache entry " + file, e);
        }
    }

    private Entry store(String name, Fetch fetch) throws MediaProblem {
        Path tmp = dir.resolve(name + ".tmp");
        try {
            String contentType = fetch.into(tmp);
            long bytes = Files.size(tmp);
            Path file = dir.resolve(name);
            Path type = dir.resolve(name + ".type");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path typeTmp = dir.resolve(name + ".type.tmp");
            Files.writeString(typeTmp, contentType, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(typeTmp, FileTime.from(clock.instant()));
            Files.move(typeTmp, type, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            size.addAndGet(bytes);
            evictBeyondMaxSize(name);
            return new Entry(file, contentType, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the media cache entry " + name + " in " + dir, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // nothing to do: the next start deletes it
            }
        }
    }

    /** Deletes the oldest entries (never {@code keep}) until the files fit in {@code maxSize}. */
    private synchronized void evictBeyondMaxSize(String keep) throws IOException {
        if (size.get() <= maxSize) {
            return;
        }
        List<Path> byAge;
        try (var files = Files.list(dir)) {
            byAge = files.filter(p -> p.getFileName().toString().endsWith(".type"))
                    .sorted(Comparator.comparing(MediaCache::modified)).toList();
        }
        for (Path type : byAge) {
            if (size.get() <= maxSize) {
                return;
            }
            String name = type.getFileName().toString().replace(".type", "");
            if (!name.equals(keep)) {
                remove(name);
            }
        }
    }

    private void remove(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.deleteIfExists(dir.resolve(name + ".type"));
        if (Files.exists(file)) {
            long bytes = Files.size(file);
            if (Files.deleteIfExists(file)) {
                size.addAndGet(-bytes);
            }
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
