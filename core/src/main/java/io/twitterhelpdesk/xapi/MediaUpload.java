package io.twitterhelpdesk.xapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Uploads a media file for an account over X API v2: an image in one {@code POST /2/media/upload} (multipart
 * {@code media} and {@code media_category}); a GIF or video in chunks ({@code initialize}, {@code append} of
 * {@link #CHUNK_BYTES} each, {@code finalize}), then, while {@code processing_info} says pending or in_progress,
 * {@code GET /2/media/upload?command=STATUS} after {@code check_after_secs} (each wait at most
 * {@link #MAX_CHECK_WAIT}, all of them at most {@link #MAX_PROCESSING}). X's refusals come back as
 * {@link XApiException}; processing that fails is one with status 400 and X's reason.
 */
public final class MediaUpload {

    /** The id X gave the media and when it stops accepting it in a DM or tweet. */
    public record Uploaded(String mediaId, Instant expiresAt) {
    }

    /** Appended per request: under X's limit per append request. */
    static final int CHUNK_BYTES = 4 * 1024 * 1024;
    static final Duration MAX_CHECK_WAIT = Duration.ofSeconds(10);
    static final Duration MAX_PROCESSING = Duration.ofMinutes(2);
    /** When X's answer names no expiry: its documented 24 hours. */
    static final long DEFAULT_EXPIRES_AFTER_SECS = 86_400;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final XApiClient xApi;
    private final Clock clock;

    public MediaUpload(XApiClient xApi, Clock clock) {
        this.xApi = xApi;
        this.clock = clock;
    }

    /**
     * @param chunked  whether the file goes in chunks (GIFs and videos)
     * @param category X's {@code media_category}, e.g. {@code dm_image} or {@code tweet_video}
     */
    public Uploaded upload(String account, byte[] bytes, String contentType, String fileName, String category,
            boolean chunked) throws XApiException {
        JsonNode data;
        if (!chunked) {
            data = xApi.post(account, "media/upload", new MultipartBody().field("media_category", category)
                    .file("media", fileName, contentType, bytes)).json().path("data");
        } else {
            ObjectNode init = JSON.createObjectNode().put("media_type", contentType).put("total_bytes", bytes.length)
                    .put("media_category", category);
            String id = id(account, xApi.post(account, "media/upload/initialize", init).json().path("data"));
            for (int offset = 0, segment = 0; offset < bytes.length; offset += CHUNK_BYTES, segment++) {
                byte[] chunk = Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + CHUNK_BYTES));
                xApi.post(account, "media/upload/" + id + "/append", new MultipartBody()
                        .field("segment_index", Integer.toString(segment)).file("media", fileName, contentType, chunk));
            }
            data = xApi.post(account, "media/upload/" + id + "/finalize", JSON.createObjectNode()).json()
                    .path("data");
            data = awaitProcessing(account, id, data);
        }
        long expires = data.path("expires_after_secs").asLong(DEFAULT_EXPIRES_AFTER_SECS);
        return new Uploaded(id(account, data), clock.instant().plusSeconds(expires));
    }

    private JsonNode awaitProcessing(String account, String id, JsonNode data) throws XApiException {
        Duration waited = Duration.ZERO;
        while (true) {
            JsonNode processing = data.path("processing_info");
            String state = processing.path("state").asText("succeeded");
            if ("failed".equals(state)) {
                JsonNode error = processing.path("error");
                throw new XApiException("media " + id + " for account " + account, 400, "X could not process the "
                        + "media: " + error.path("message").asText(error.path("name").asText("processing failed")),
                        null);
            }
            if (!"pending".equals(state) && !"in_progress".equals(state)) {
                return data;
            }
            Duration wait = Duration.ofSeconds(Math.max(1, processing.path("check_after_secs").asLong(1)));
            wait = wait.compareTo(MAX_CHECK_WAIT) > 0 ? MAX_CHECK_WAIT : wait;
            if (waited.plus(wait).compareTo(MAX_PROCESSING) > 0) {
                throw new XApiException("media " + id + " for account " + account, new IllegalStateException(
                        "X was still processing the media after " + waited.toSeconds() + " s"));
            }
            sleep(wait);
            waited = waited.plus(wait);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("command", "STATUS");
            query.put("media_id", id);
            data = xApi.get(account, "media/upload", query).json().path("data");
        }
    }

    private static String id(String account, JsonNode data) throws XApiException {
        String id = data.path("id").asText("");
        if (!id.matches("[0-9]{1,19}")) {
            throw new XApiException("POST /2/media/upload for account " + account, 200,
                    "the answer carries no data.id", null);
        }
        return id;
    }

    private static void sleep(Duration wait) throws XApiException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XApiException("media upload", e);
        }
    }
}
