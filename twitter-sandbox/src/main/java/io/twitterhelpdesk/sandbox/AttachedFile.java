package io.twitterhelpdesk.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * A file a customer attaches to a DM they send (what their app uploads): its bytes and content type, the media type
 * X shows (photo, video or animated_gif) and an optional alt text.
 */
public record AttachedFile(String type, String contentType, byte[] bytes, String altText) {

    private static final Map<String, String> EXTENSIONS = Map.of("image/png", ".png", "image/jpeg", ".jpg",
            "image/gif", ".gif", "image/webp", ".webp", "video/mp4", ".mp4");

    public AttachedFile {
        new Media(type, "file", altText); // the same type check as linked media
        if (!EXTENSIONS.containsKey(Objects.requireNonNull(contentType, "contentType"))) {
            throw new IllegalArgumentException("contentType must be one of " + EXTENSIONS.keySet() + ", was "
                    + contentType);
        }
        if (Objects.requireNonNull(bytes, "bytes").length == 0) {
            throw new IllegalArgumentException("the file is empty");
        }
        bytes = bytes.clone();
    }

    /** The file name extension X's links carry for this content type, e.g. {@code .png}. */
    String extension() {
        return EXTENSIONS.get(contentType);
    }
}
