package io.twitterhelpdesk.sandbox;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.OAuth1Verifier.Param;

/**
 * v1.1 {@code media/upload.json} as twitter4j calls it: a simple upload (multipart {@code media}, or
 * {@code media_data} in base64), {@code command=INIT} (form: media_type, total_bytes, media_category),
 * {@code APPEND} (multipart: command, media_id, segment_index, media), {@code FINALIZE} (form: media_id) and
 * {@code GET ?command=STATUS&media_id=}. Answers {@code {"media_id","media_id_string","size","expires_after_secs",
 * "image"?,"processing_info"?}}; refusals are 400 with code 324 (media) or 38 (a missing parameter).
 */
final class V1Media {

    private final MediaUploads uploads;

    V1Media(MediaUploads uploads) {
        this.uploads = uploads;
    }

    /**
     * @param params      the query's and, for a form body, the form's parameters
     * @param contentType the request's Content-Type (a multipart body's boundary), or null
     */
    Object handle(SandboxUser user, List<Param> params, String contentType, byte[] body) {
        try {
            Optional<MultipartForm> form = contentType != null
                    && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                    ? Optional.of(MultipartForm.parse(contentType, body)) : Optional.empty();
            String command = value(params, form, "command").orElse(null);
            if (command == null) {
                MultipartForm multipart = form.orElseThrow(() -> new ApiError(400, 38,
                        "media or media_data parameter is missing."));
                Optional<MultipartForm.Part> media = multipart.part("media");
                byte[] bytes = media.map(MultipartForm.Part::bytes).orElseGet(() -> Base64.getMimeDecoder()
                        .decode(multipart.text("media_data").orElseThrow(() -> new ApiError(400, 38,
                                "media or media_data parameter is missing."))));
                return answer(uploads.simple(user, media.map(MultipartForm.Part::contentType).orElse(null),
                        value(params, form, "media_category").orElse(null), bytes));
            }
            return switch (command) {
                case "INIT" -> answer(uploads.initialize(user, required(params, form, "media_type"),
                        value(params, form, "media_category").orElse(null),
                        number(required(params, form, "total_bytes"), "total_bytes")));
                case "APPEND" -> {
                    byte[] bytes = form.flatMap(f -> f.part("media")).map(MultipartForm.Part::bytes)
                            .orElseThrow(() -> new ApiError(400, 38, "media parameter is missing."));
                    uploads.append(user, number(required(params, form, "media_id"), "media_id"),
                            (int) number(required(params, form, "segment_index"), "segment_index"), bytes);
                    yield null;
                }
                case "FINALIZE" -> answer(uploads.finalizeUpload(user,
                        number(required(params, form, "media_id"), "media_id")));
                case "STATUS" -> answer(uploads.status(user, number(required(params, form, "media_id"), "media_id")));
                default -> throw new ApiError(400, 38, "command must be INIT, APPEND, FINALIZE or STATUS.");
            };
        } catch (MediaUploads.Refused | IllegalArgumentException e) {
            throw new ApiError(400, 324, e.getMessage());
        }
    }

    private ObjectNode answer(MediaUploads.Upload upload) {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode().put("media_id", upload.id)
                .put("media_id_string", Long.toString(upload.id)).put("size", upload.totalBytes)
                .put("expires_after_secs", upload.expiresAfterSecs(uploads.now()));
        if (upload.file != null && upload.mediaType.startsWith("image/")) {
            root.putObject("image").put("image_type", upload.mediaType).put("w", 0).put("h", 0);
        }
        String state = upload.processingState();
        if (state != null) {
            ObjectNode processing = root.putObject("processing_info").put("state", state);
            processing.put("check_after_secs", "succeeded".equals(state) ? 0 : 1);
            processing.put("progress_percent", "succeeded".equals(state) ? 100 : 0);
        }
        return root;
    }

    private static Optional<String> value(List<Param> params, Optional<MultipartForm> form, String name) {
        Optional<String> fromForm = form.flatMap(f -> f.text(name));
        return fromForm.isPresent() ? fromForm
                : params.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst();
    }

    private static String required(List<Param> params, Optional<MultipartForm> form, String name) {
        return value(params, form, name).orElseThrow(() -> new ApiError(400, 38, name + " parameter is missing."));
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, 44, name + " parameter is invalid.");
        }
    }
}
