package io.twitterhelpdesk.outbound;

import java.util.Arrays;
import java.util.Objects;

/**
 * The one media item a reply may carry: a URL the connector fetches, or the bytes themselves (base64 in the request)
 * with their declared content type. Exactly one of {@code url} and {@code data} is set.
 */
public record ReplyMedia(String url, byte[] data, String contentType) {

    public ReplyMedia {
        if ((url == null) == (data == null)) {
            throw new IllegalArgumentException("exactly one of url and data");
        }
    }

    public static ReplyMedia fetched(String url) {
        return new ReplyMedia(url, null, null);
    }

    public static ReplyMedia inline(byte[] data, String contentType) {
        return new ReplyMedia(null, data, contentType);
    }

    public boolean isInline() {
        return data != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplyMedia m && Objects.equals(url, m.url) && Arrays.equals(data, m.data)
                && Objects.equals(contentType, m.contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, Arrays.hashCode(data), contentType);
    }

    /** Without the bytes, which may be megabytes; a URL without its query (it may hold a token). */
    @Override
    public String toString() {
        return isInline() ? "ReplyMedia[" + contentType + ", " + data.length + " bytes]"
                : "ReplyMedia[" + MediaDownload.withoutQuery(url) + "]";
    }
}
