package io.twitterhelpdesk.media;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one file attached to a Direct Message: the DM event, the media id and the resource id (the file name X
 * gives it, extension included, e.g. {@code tJg5kUG5RKPi3jNi.jpg}). X links it as
 * {@code https://ton.twitter.com/1.1/ton/data/dm/<dm>/<media>/<resource>} (v1.1, and the media X API v2 includes) and
 * serves it at {@code GET /2/dm_conversations/media/<dm>/<media>/<resource>}.
 */
public record DmMediaRef(String dmId, String mediaId, String resourceId) {

    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    /** X's pattern for resource ids, but not starting with a dot: never "." or "..", which would change the path. */
    private static final Pattern RESOURCE = Pattern.compile("[a-zA-Z0-9_-][a-zA-Z0-9_.-]{0,49}");
    private static final Pattern LINK = Pattern.compile(
            "https?://[^/]+(?:/[^?#]*)?/(?:1\\.1/ton/data/dm|2/dm_conversations/media)/([^/?#]+)/([^/?#]+)/([^/?#]+)");

    /** @throws IllegalArgumentException when a part is not an id or a resource id X would give */
    public DmMediaRef {
        if (!ID.matcher(String.valueOf(dmId)).matches() || !ID.matcher(String.valueOf(mediaId)).matches()) {
            throw new IllegalArgumentException("DM and media ids are decimal numbers, not '" + dmId + "', '"
                    + mediaId + "'");
        }
        if (!RESOURCE.matcher(String.valueOf(resourceId)).matches()) {
            throw new IllegalArgumentException("not a media resource id: '" + resourceId + "'");
        }
    }

    /** The DM file a link of X names, if it is one (a ton.twitter.com DM link or the v2 DM media resource). */
    public static Optional<DmMediaRef> of(String twitterUrl) {
        if (twitterUrl == null) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(twitterUrl);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DmMediaRef(m.group(1), m.group(2), m.group(3)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code <dm>/<media>/<resource>}: the tail of every link to it. */
    public String path() {
        return dmId + "/" + mediaId + "/" + resourceId;
    }
}
