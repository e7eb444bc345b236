package io.twitterhelpdesk.outbound;

import io.twitterhelpdesk.media.MediaTypes;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What media a reply may carry ({@code outbound.media.*}): at most {@code maxBytes}, of a type in
 * {@code allowedTypes} as the bytes themselves show it (a declared type must agree with them), fetched within
 * {@code fetchTimeout}.
 */
public record MediaRules(int maxBytes, Set<String> allowedTypes, Duration fetchTimeout) {

    /** The types the connector can recognise and X takes in DMs and tweets. */
    public static final List<String> KNOWN_TYPES =
            List.of(MediaTypes.JPEG, MediaTypes.PNG, MediaTypes.GIF, MediaTypes.WEBP, MediaTypes.MP4);

    public MediaRules {
        allowedTypes = Set.copyOf(allowedTypes);
        for (String type : allowedTypes) {
            if (!KNOWN_TYPES.contains(type)) {
                throw new IllegalArgumentException("unknown media type '" + type + "'; known: " + KNOWN_TYPES);
            }
        }
    }

    /** The checks a request can pass before anything is fetched: an inline file's size, type and declared type. */
    public void checkRequest(ReplyMedia media) {
        if (media == null) {
            return;
        }
        if (media.contentType() != null && !allowedTypes.contains(media.contentType())) {
            throw notAllowed(media.contentType());
        }
        if (media.isInline()) {
            check(media.data(), media.contentType());
        }
    }

    /**
     * The type of a file the reply may carry, read from its bytes.
     *
     * @param declared the type the request or the server named, or null; it must match the bytes
     */
    public String check(byte[] bytes, String declared) {
        if (bytes.length > maxBytes) {
            throw tooLarge(bytes.length);
        }
        String type = MediaTypes.sniff(bytes).orElseThrow(() -> new RefusedMediaException(
                RefusedMediaException.TYPE_NOT_ALLOWED, "The media is not a " + String.join(", ", new TreeSet<>(allowedTypes))
                        + " file (its first bytes say otherwise)"));
        if (!allowedTypes.contains(type)) {
            throw notAllowed(type);
        }
        if (declared != null && !declared.equals(type)) {
            throw new RefusedMediaException(RefusedMediaException.INVALID,
                    "The media is declared " + declared + " but its bytes are " + type);
        }
        return type;
    }

    RefusedMediaException tooLarge(long size) {
        return new RefusedMediaException(RefusedMediaException.TOO_LARGE, "The media is " + size
                + " bytes or more; replies may carry up to " + maxBytes + " bytes (outbound.media.max-bytes)");
    }

    private RefusedMediaException notAllowed(String type) {
        return new RefusedMediaException(RefusedMediaException.TYPE_NOT_ALLOWED, "Media of type " + type
                + " is not allowed; allowed: " + String.join(", ", new TreeSet<>(allowedTypes))
                + " (outbound.media.allowed-types)");
    }
}
