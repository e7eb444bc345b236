package io.twitterhelpdesk.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.twitterhelpdesk.media.LinkDownload;
import io.twitterhelpdesk.media.MediaTypes;

/**
 * Fetches an envelope's media item by its {@code url}, the link a helpdesk could fetch itself: the connector's signed
 * media link for Direct Message media, X's public link for a mention's. A plain GET without credentials, redirects
 * followed, at most {@code maxBytes} read, all of it within the timeout.
 *
 * <p>The link answering 5xx, 408 or 429, a timeout or a broken connection may pass: {@link
 * HelpdeskUnavailableException}, and the delivery waits and tries again. Any other answer, or a file over the cap, is
 * {@link NotAttached}: trying again would not change it.
 */
public final class AttachmentDownload {

    /** Why a media item is delivered as its link only: the reason for the log, a short one for the metric. */
    public record NotAttached(String reason, String metricReason) {
    }

    /** A fetched file, or why not. */
    public record Result(Attachment attachment, NotAttached notAttached) {
    }

    private static final Pattern DISPOSITION_NAME = Pattern.compile("filename=\"?([^\";]+)\"?");

    private final LinkDownload link;

    public AttachmentDownload(Duration timeout) {
        this.link = new LinkDownload(timeout);
    }

    /** Fetches {@code url}; {@code type} (photo, video, animated_gif) names the file when the link does not. */
    public Result fetch(String url, String type, long maxBytes) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return notAttached("its url is not a link", "refused");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            return notAttached("its url is not an http or https link", "refused");
        }
        LinkDownload.Answer answer;
        try {
            answer = link.fetch(uri, maxBytes, null);
        } catch (LinkDownload.Unreachable e) {
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " failed: " + e.getMessage());
        }
        int status = answer.status();
        if (status >= 500 || status == 408 || status == 429) {
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " answered HTTP " + status);
        }
        if (status == 404 || status == 410) {
            return notAttached("its link answered HTTP " + status + " (no longer served)", "gone");
        }
        if (!answer.ok()) {
            return notAttached("its link answered HTTP " + status, "refused");
        }
        if (answer.tooLarge()) {
            return notAttached(tooLarge(answer.declared() ? answer.size() + " bytes" : "more than " + maxBytes + " bytes",
                    maxBytes), "too_large");
        }
        String contentType = answer.mediaType() == null ? "application/octet-stream" : answer.mediaType();
        return new Result(new Attachment(filename(uri, answer.disposition(), type, contentType), contentType, url,
                answer.bytes(), null), null);
    }

    private static String tooLarge(String size, long maxBytes) {
        return "it is " + size + ", over attachments.max-bytes (" + maxBytes + ")";
    }

    private static Result notAttached(String reason, String metricReason) {
        return new Result(null, new NotAttached(reason, metricReason));
    }

    /**
     * The name from Content-Disposition, else the link's last path segment, else the media type; with an extension
     * from the content type when it has none.
     */
    static String filename(URI uri, String disposition, String type, String contentType) {
        Matcher m = DISPOSITION_NAME.matcher(disposition);
        String name = m.find() ? m.group(1).trim() : "";
        if (name.isEmpty() && uri.getPath() != null) {
            name = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        }
        name = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        if (name.isEmpty()) {
            name = type == null || type.isEmpty() ? "media" : type.toLowerCase(Locale.ROOT);
        }
        Optional<String> extension = MediaTypes.extension(contentType);
        if (!name.contains(".") && extension.isPresent()) {
            name = name + "." + extension.get();
        }
        return name;
    }
}
