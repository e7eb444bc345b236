package io.twitterhelpdesk.outbound;

import java.net.URI;

import io.twitterhelpdesk.media.LinkDownload;

/**
 * Fetches the media a reply names by URL ({@link LinkDownload}): a 2xx answer that is not HTML, read no further than
 * the size cap, the whole fetch within {@code outbound.media.fetch-timeout}. Anything else is a
 * {@link RefusedMediaException}: {@code media_unavailable} (no answer, a non-2xx status, an HTML page),
 * {@code media_too_large}, or what {@link MediaRules#check} says about the bytes.
 */
public final class MediaDownload {

    /** A fetched file and the type its bytes are. */
    public record Fetched(byte[] bytes, String contentType) {
    }

    private final MediaRules rules;
    private final LinkDownload link;

    public MediaDownload(MediaRules rules) {
        this.rules = rules;
        this.link = new LinkDownload(rules.fetchTimeout());
    }

    public Fetched fetch(String url) {
        LinkDownload.Answer answer;
        try {
            answer = link.fetch(URI.create(url), rules.maxBytes(), String.join(", ", rules.allowedTypes()));
        } catch (LinkDownload.Unreachable e) {
            throw unavailable(url, e.getMessage());
        }
        if (!answer.ok()) {
            throw unavailable(url, "HTTP " + answer.status());
        }
        if ("text/html".equals(answer.mediaType())) {
            throw unavailable(url, "it answers an HTML page, not a media file");
        }
        if (answer.tooLarge()) {
            throw rules.tooLarge(answer.size());
        }
        return new Fetched(answer.bytes(), rules.check(answer.bytes(), null));
    }

    private static RefusedMediaException unavailable(String url, String why) {
        return new RefusedMediaException(RefusedMediaException.UNAVAILABLE, "The media at " + withoutQuery(url)
                + " could not be fetched: " + why);
    }

    /** The URL without its query, which may hold a signature or token: the message is logged and published. */
    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
