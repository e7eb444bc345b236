package io.twitterhelpdesk.media;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain GET of a media link, without credentials, redirects followed: the one way the connector fetches a file
 * someone else links to (an envelope's media for an HTTP helpdesk, a reply's media URL). At most {@code maxBytes} are
 * read, and all of it within the timeout: the request's own timeout only bounds the wait for the headers, so the body
 * is read on a daemon thread and given up on at the deadline (a server trickling bytes is cut off). What the answer
 * means is the caller's to say.
 */
public final class LinkDownload {

    /**
     * The answer: its status, media type (lower case, without parameters; null when not given) and Content-Disposition
     * (empty when not given); for a 2xx within the cap its bytes, else null; {@code tooLarge} when it was over the cap;
     * {@code size} the bytes read, or the Content-Length when that alone showed it too large ({@code declared}).
     */
    public record Answer(int status, String mediaType, String disposition, byte[] bytes, boolean tooLarge, long size,
                         boolean declared) {

        public boolean ok() {
            return status >= 200 && status <= 299;
        }
    }

    /** No answer: refused, broken off, or not in time (the message says which, for people). */
    public static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "media-link-download");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient client;
    private final Duration timeout;

    public LinkDownload(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Duration timeout() {
        return timeout;
    }

    /** GETs {@code uri}, asking for {@code accept} (null: anything). */
    public Answer fetch(URI uri, long maxBytes, String accept) throws Unreachable {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new Unreachable("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new Unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        String mediaType = response.headers().firstValue("Content-Type").map(LinkDownload::mediaType)
                .filter(t -> !t.isEmpty()).orElse(null);
        String disposition = response.headers().firstValue("Content-Disposition").orElse("");
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                return new Answer(status, mediaType, disposition, null, false, -1, false);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length > maxBytes) {
                return new Answer(status, mediaType, disposition, null, true, length, true);
            }
            byte[] bytes = read(in, maxBytes + 1, deadline);
            return new Answer(status, mediaType, disposition, bytes.length > maxBytes ? null : bytes,
                    bytes.length > maxBytes, bytes.length, false);
        } catch (IOException e) {
            throw new Unreachable("the answer broke off: " + e.getMessage());
        }
    }

    private static byte[] read(InputStream in, long limit, long deadline) throws IOException, Unreachable {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                for (int n; out.size() < limit && (n = in.read(buffer, 0,
                        (int) Math.min(buffer.length, limit - out.size()))) > 0; ) {
                    out.write(buffer, 0, n);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            in.close();
            throw new Unreachable("timed out reading it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            in.close();
            throw new Unreachable("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
