package io.twitterhelpdesk.sandbox;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Media accounts upload, as X keeps it: in one request or in chunks (INIT, APPEND by segment index, FINALIZE, then
 * STATUS while a GIF or video is processed: pending at FINALIZE, succeeded at the first STATUS). The bytes go to
 * {@link MediaFiles} under the new media id; the id may be attached by its uploader to a DM or tweet until it expires
 * ({@link #EXPIRES_AFTER}). Refusals are {@link Refused}, which the v1.1 and v2 handlers answer in their own shape.
 * In memory: a restarted sandbox keeps the bytes (when persisted) but no longer accepts the ids.
 */
final class MediaUploads {

    static final Duration EXPIRES_AFTER = Duration.ofHours(24);
    static final Set<String> CATEGORIES = Set.of("tweet_image", "tweet_gif", "tweet_video", "dm_image", "dm_gif",
            "dm_video", "amplify_video", "subtitles");
    /** X's per-file limits are 5 MB (photos), 15 MB (GIFs), 512 MB (videos); the sandbox holds what fits in memory. */
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

    /** An upload X refuses: bad parameters, an unknown or foreign media id, a wrong size. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** An upload: finished when {@code file} is set; {@code processed} once STATUS has been asked after FINALIZE. */
    static final class Upload {
        final long id;
        final long ownerId;
        final String mediaType;
        final long totalBytes;
        final Instant expiresAt;
        final Map<Integer, byte[]> segments = new TreeMap<>();
        volatile MediaFiles.MediaFile file;
        volatile boolean chunked;
        volatile boolean processed;

        Upload(long id, long ownerId, String mediaType, long totalBytes, Instant expiresAt) {
            this.id = id;
            this.ownerId = ownerId;
            this.mediaType = mediaType;
            this.totalBytes = totalBytes;
            this.expiresAt = expiresAt;
        }

        /** {@code pending} after a chunked FINALIZE, {@code succeeded} once asked; null for a simple upload. */
        String processingState() {
            return !chunked || file == null ? null : processed ? "succeeded" : "pending";
        }

        long expiresAfterSecs(Instant now) {
            // rounded up: an upload answered at once says the full 24 hours, as X does
            return Math.max(0, (Duration.between(now, expiresAt).toMillis() + 999) / 1000);
        }
    }

    private final MediaFiles files;
    private final LongSupplier ids;
    private final Clock clock;
    private final Map<Long, Upload> uploads = new ConcurrentHashMap<>();

    MediaUploads(MediaFiles files, LongSupplier ids, Clock clock) {
        this.files = files;
        this.ids = ids;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** A whole file in one request. */
    Upload simple(SandboxUser owner, String contentType, String category, byte[] bytes) {
        checkCategory(category);
        if (bytes.length == 0) {
            throw new Refused("media: the file is empty");
        }
        Upload upload = new Upload(ids.getAsLong(), owner.id(), type(contentType), bytes.length,
                clock.instant().plus(EXPIRES_AFTER));
        upload.file = files.put(upload.id, upload.mediaType, bytes);
        uploads.put(upload.id, upload);
        return upload;
    }

    /** INIT / initialize: announces a file of {@code totalBytes}. */
    Upload initialize(SandboxUser owner, String mediaType, String category, long totalBytes) {
        checkCategory(category);
        if (mediaType == null || !mediaType.contains("/")) {
            throw new Refused("media_type: a MIME type such as video/mp4 is required");
        }
        if (totalBytes <= 0 || totalBytes > MAX_TOTAL_BYTES) {
            throw new Refused("total_bytes: must be between 1 and " + MAX_TOTAL_BYTES);
        }
        Upload upload = new Upload(ids.getAsLong(), owner.id(), mediaType, totalBytes,
                clock.instant().plus(EXPIRES_AFTER));
        upload.chunked = true;
        uploads.put(upload.id, upload);
        return upload;
    }

    /** APPEND / append: one segment (0 to 999) of an initialised upload. */
    Upload append(SandboxUser owner, long mediaId, int segmentIndex, byte[] bytes) {
        Upload upload = own(owner, mediaId);
        if (upload.file != null) {
            throw new Refused("media_id " + mediaId + " is already finalized");
        }
        if (segmentIndex < 0 || segmentIndex > 999) {
            throw new Refused("segment_index: must be between 0 and 999");
        }
        synchronized (upload) {
            upload.segments.put(segmentIndex, bytes.clone());
        }
        return upload;
    }

    /** FINALIZE / finalize: the segments in order must add up to the announced size. */
    Upload finalizeUpload(SandboxUser owner, long mediaId) {
        Upload upload = own(owner, mediaId);
        synchronized (upload) {
            if (upload.file != null) {
                return upload;
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            upload.segments.values().forEach(all::writeBytes);
            if (all.size() != upload.totalBytes) {
                throw new Refused("File size mismatch: received " + all.size() + " bytes, total_bytes was "
                        + upload.totalBytes);
            }
            upload.file = files.put(upload.id, upload.mediaType, all.toByteArray());
            upload.segments.clear();
        }
        return upload;
    }

    /** STATUS: the upload; asking completes a chunked upload's processing. */
    Upload status(SandboxUser owner, long mediaId) {
        Upload upload = own(owner, mediaId);
        if (upload.file == null) {
            throw new Refused("media_id " + mediaId + " is not finalized");
        }
        upload.processed = true;
        return upload;
    }

    /** Whether the user may attach the media id now: uploaded by them, finished, processed, not expired. */
    boolean attachable(long userId, long mediaId) {
        Upload upload = uploads.get(mediaId);
        return upload != null && upload.ownerId == userId && upload.file != null
                && (!upload.chunked || upload.processed)
                && clock.instant().isBefore(upload.expiresAt);
    }

    void clear() {
        uploads.clear();
    }

    private Upload own(SandboxUser owner, long mediaId) {
        Upload upload = uploads.get(mediaId);
        if (upload == null || upload.ownerId != owner.id() || !clock.instant().isBefore(upload.expiresAt)) {
            throw new Refused("media_id " + mediaId + " is not a valid upload of this user");
        }
        return upload;
    }

    private static void checkCategory(String category) {
        if (category != null && !CATEGORIES.contains(category)) {
            throw new Refused("media_category: must be one of " + new java.util.TreeSet<>(CATEGORIES));
        }
    }

    private static String type(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/octet-stream";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }
}
