package io.twitterhelpdesk.sandbox;

import java.util.Base64;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * X API v2 media upload: {@code POST /2/media/upload} (multipart {@code media} + {@code media_category}, or JSON
 * with the file in base64), {@code POST /2/media/upload/initialize}, {@code .../{id}/append} (multipart
 * {@code media} + {@code segment_index}), {@code .../{id}/finalize} and {@code GET /2/media/upload?command=STATUS}.
 * Answers {@code {"data":{"id","media_key","size","expires_after_secs","processing_info"?}}}; refusals are 400
 * invalid-request problems.
 */
final class V2Media {

    private static final Set<String> STATUS_PARAMETERS = Set.of("command", "media_id");

    private final MediaUploads uploads;

    V2Media(MediaUploads uploads) {
        this.uploads = uploads;
    }

    V2Answer upload(SandboxUser user, String contentType, String mediaType, byte[] body) {
        try {
            if ("multipart/form-data".equals(mediaType)) {
                MultipartForm form = MultipartForm.parse(contentType, body);
                MultipartForm.Part media = form.part("media")
                        .orElseThrow(() -> V2Problem.invalidRequest("The `media` field is required."));
                return answer(uploads.simple(user, media.contentType(), category(form.text("media_category")
                        .orElse(null)), media.bytes()));
            }
            JsonNode json = V2RequestBody.parse(mediaType, new String(body, java.nio.charset.StandardCharsets.UTF_8));
            V2RequestBody.allowOnly(json, "", Set.of("media", "media_category", "media_type", "additional_owners"));
            if (!json.path("media").isTextual()) {
                throw V2Problem.invalidRequest("$.media: the file in base64 is required.");
            }
            return answer(uploads.simple(user, json.path("media_type").asText(null),
                    category(json.path("media_category").asText(null)),
                    Base64.getDecoder().decode(json.path("media").asText())));
        } catch (MediaUploads.Refused | IllegalArgumentException e) {
            throw V2Problem.invalidRequest(e.getMessage());
        }
    }

    V2Answer initialize(SandboxUser user, String mediaType, String body) {
        JsonNode json = V2RequestBody.parse(mediaType, body);
        V2RequestBody.allowOnly(json, "", Set.of("media_type", "media_category", "total_bytes", "shared",
                "additional_owners"));
        try {
            return answer(uploads.initialize(user, json.path("media_type").asText(null),
                    json.path("media_category").asText(null), json.path("total_bytes").asLong(-1)));
        } catch (MediaUploads.Refused e) {
            throw V2Problem.invalidRequest(e.getMessage());
        }
    }

    V2Answer append(SandboxUser user, String id, String contentType, String mediaType, byte[] body) {
        long mediaId = V2Query.parseId("id", id);
        try {
            if (!"multipart/form-data".equals(mediaType)) {
                throw V2Problem.invalidRequest("append takes multipart/form-data with media and segment_index.");
            }
            MultipartForm form = MultipartForm.parse(contentType, body);
            byte[] media = form.part("media").map(MultipartForm.Part::bytes)
                    .orElseThrow(() -> V2Problem.invalidRequest("The `media` field is required."));
            int segment = Integer.parseInt(form.text("segment_index")
                    .orElseThrow(() -> V2Problem.invalidRequest("The `segment_index` field is required.")).trim());
            MediaUploads.Upload upload = uploads.append(user, mediaId, segment, media);
            ObjectNode root = TwitterJson.MAPPER.createObjectNode();
            root.putObject("data").put("expires_at", upload.expiresAt.getEpochSecond());
            return V2Answer.ok(root);
        } catch (MediaUploads.Refused | IllegalArgumentException e) {
            throw V2Problem.invalidRequest(e.getMessage());
        }
    }

    V2Answer finalizeUpload(SandboxUser user, String id) {
        try {
            return answer(uploads.finalizeUpload(user, V2Query.parseId("id", id)));
        } catch (MediaUploads.Refused e) {
            throw V2Problem.invalidRequest(e.getMessage());
        }
    }

    V2Answer status(SandboxUser user, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, STATUS_PARAMETERS);
        String id = query.get("media_id");
        if (id == null) {
            throw V2Problem.invalidRequest("The `media_id` query parameter is required.");
        }
        try {
            return answer(uploads.status(user, V2Query.parseId("media_id", id)));
        } catch (MediaUploads.Refused e) {
            throw V2Problem.invalidRequest(e.getMessage());
        }
    }

    private static String category(String category) {
        if (category == null) {
            throw V2Problem.invalidRequest("The `media_category` field is required.");
        }
        return category;
    }

    private V2Answer answer(MediaUploads.Upload upload) {
        ObjectNode data = TwitterJson.MAPPER.createObjectNode().put("id", Long.toString(upload.id))
                .put("media_key", (upload.mediaType.startsWith("video/") ? "7_" : "3_") + upload.id)
                .put("size", upload.totalBytes)
                .put("expires_after_secs", upload.expiresAfterSecs(uploads.now()));
        if (upload.file != null && upload.mediaType.startsWith("image/")) {
            data.putObject("image").put("image_type", upload.mediaType);
        }
        String state = upload.processingState();
        if (state != null) {
            ObjectNode processing = data.putObject("processing_info").put("state", state);
            if (!"succeeded".equals(state)) {
                processing.put("check_after_secs", 1);
            } else {
                processing.put("progress_percent", 100);
            }
        }
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("data", data);
        return V2Answer.ok(root);
    }
}
