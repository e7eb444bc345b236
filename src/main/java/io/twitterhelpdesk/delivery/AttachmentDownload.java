package io.twitterhelpdesk.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Map<String, String> EXTENSIONS = Map.of("image/jpeg", "jpg", "image/png", "png",
            "image/gif", "gif", "image/webp", "webp", "video/mp4", "mp4");

    /** Reads bodies, so that a slow one can be given up on (daemon threads, none kept when idle). */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "attachment-download");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient client;
    private final Duration timeout;

    public AttachmentDownload(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " timed out after " + timeout);
        } catch (IOException e) {
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " was interrupted");
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status >= 500 || status == 408 || status == 429) {
                throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " answered HTTP " + status);
            }
            if (status == 404 || status == 410) {
                return notAttached("its link answered HTTP " + status + " (no longer served)", "gone");
            }
            if (status < 200 || status > 299) {
                return notAttached("its link answered HTTP " + status, "refused");
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length > maxBytes) {
                return notAttached(tooLarge(length + " bytes", maxBytes), "too_large");
            }
            byte[] bytes = read(in, maxBytes + 1, deadline, uri);
            if (bytes.length > maxBytes) {
                return notAttached(tooLarge("more than " + maxBytes + " bytes", maxBytes), "too_large");
            }
            String contentType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
                    .filter(t -> !t.isEmpty()).orElse("application/octet-stream");
            String filename = filename(uri, response.headers().firstValue("Content-Disposition").orElse(""), type,
                    contentType);
            return new Result(new Attachment(filename, contentType, url, bytes, null), null);
        } catch (IOException e) {
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " failed: " + e);
        }
    }

    /**
     * At most {@code limit} bytes of the body, read by the time of {@code deadline} (the request's timeout bounds only
     * the wait for the answer's headers): a body slower than that is a timeout, the stream closed.
     */
    private static byte[] read(InputStream in, long limit, long deadline, URI uri) throws IOException {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            in.close();
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " timed out reading it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            in.close();
            throw new HelpdeskUnavailableException("fetching media " + uri.getPath() + " was interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
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
        String extension = EXTENSIONS.get(contentType);
        if (!name.contains(".") && extension != null) {
            name = name + "." + extension;
        }
        return name;
    }
}
