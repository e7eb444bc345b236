package io.twitterhelpdesk.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.twitterhelpdesk.config.HelpdeskConfig;
import io.twitterhelpdesk.config.Settings;

/**
 * How a helpdesk takes the envelope's media as files ({@code helpdesk.http.<name>.attachments.*}):
 * <ul>
 * <li>{@code none} (the default): no files, the templates only have the media links;</li>
 * <li>{@code upload}: each file is POSTed on its own to {@code upload.url} first, the token read from the answer at
 * {@code upload.token-path} goes to the template (Zendesk);</li>
 * <li>{@code multipart}: the create or append call is sent as multipart/form-data, the template's fields as form
 * fields and each file as a part named {@code multipart.field} (Freshdesk);</li>
 * <li>{@code inline}: the template gets each file base64-encoded and puts it in the JSON body (Request Tracker).</li>
 * </ul>
 * A file over {@code max-bytes} is not attached; {@code fetch-timeout} bounds each download.
 */
public record AttachmentOptions(Mode mode, Optional<String> uploadUrl, Optional<TicketIdPath> tokenPath,
        String multipartField, long maxBytes, Duration fetchTimeout) {

    public enum Mode {
        NONE, UPLOAD, MULTIPART, INLINE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The {@code attachments.*} keys of a helpdesk's {@code config} and, for the upload mode, under {@code prefix}
     * ({@code helpdesk.http.<name>.}), checked.
     */
    static AttachmentOptions load(Settings settings, String prefix, HelpdeskConfig config) {
        String p = prefix + "attachments.";
        String value = config.attachmentsMode();
        Mode mode;
        try {
            mode = Mode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p + "mode must be none, upload, multipart or inline, not '" + value
                    + "'");
        }
        Optional<String> uploadUrl = settings.optional(p + "upload.url");
        Optional<TicketIdPath> tokenPath = Optional.empty();
        if (mode == Mode.UPLOAD) {
            if (uploadUrl.isEmpty()) {
                throw new IllegalArgumentException(p + "mode is upload: " + p + "upload.url is required, e.g. "
                        + "https://acme.zendesk.com/api/v2/uploads.json?filename={filename}");
            }
            HttpHelpdesk.checkUrl(p + "upload.url", uploadUrl.get().replace("{filename}", "file"));
            String path = settings.optional(p + "upload.token-path").orElse("");
            if (path.isEmpty()) {
                throw new IllegalArgumentException(p + "mode is upload: " + p + "upload.token-path is required, "
                        + "where the upload answer has the token, e.g. $.upload.token");
            }
            try {
                tokenPath = Optional.of(new TicketIdPath(path));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(p + "upload.token-path: " + e.getMessage());
            }
        }
        String field = config.attachmentsMultipartField();
        long maxBytes = bytes(config.attachmentsMaxBytes(), p + "max-bytes");
        Duration fetchTimeout = config.attachmentsFetchTimeout();
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException(p + "fetch-timeout must be longer than 0, e.g. 30s");
        }
        return new AttachmentOptions(mode, uploadUrl, tokenPath, field, maxBytes, fetchTimeout);
    }

    /** The upload URL for a file: {@code {filename}} replaced by the file's name, URL-encoded. */
    public String uploadUrl(String filename) {
        return uploadUrl.orElseThrow().replace("{filename}",
                java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** A size in bytes, or with a KB, MB or GB suffix (1024-based): 20MB. */
    private static long bytes(String value, String key) {
        String v = value.toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
            if (v.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                v = v.substring(0, v.length() - suffix[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(v) * unit;
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(key + " must be a size above 0 such as 20MB, 512KB or 1048576, not '"
                + value + "'");
    }
}
