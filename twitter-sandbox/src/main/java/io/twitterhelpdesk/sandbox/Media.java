package io.twitterhelpdesk.sandbox;

import java.util.Objects;
import java.util.Set;

/** A media attachment to inject: {@code type} is photo, video or animated_gif; {@code url} the media file; alt text optional. */
public record Media(String type, String url, String altText) {

    private static final Set<String> TYPES = Set.of("photo", "video", "animated_gif");

    public Media {
        Objects.requireNonNull(url, "url");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("media type must be one of " + TYPES + ", was " + type);
        }
    }

    public static Media photo(String url, String altText) {
        return new Media("photo", url, altText);
    }
}
