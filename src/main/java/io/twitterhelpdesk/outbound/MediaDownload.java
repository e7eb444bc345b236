package io.twitterhelpdesk.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the media a reply names by URL with the JDK's HttpClient: a 2xx answer that is not HTML, read as a stream
 * and abandoned past the size cap, the whole fetch within {@code outbound.media.fetch-timeout}. Anything else is a
 * {@link RefusedMediaException}: {@code media_unavailable} (no answer, a non-2xx status, an HTML page),
 * {@code media_too_large}, or what {@link MediaRules#check} says about the bytes.
 */
public final class MediaDownload {

    /** A fetched file and the type its bytes are. */
    public record Fetched(byte[] bytes, String contentType) {
    }

    private final MediaRules rules;
    private final HttpClient http;
    private final ExecutorService reader = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "reply-media-download");
        t.setDaemon(true);
        return t;
    });

    public MediaDownload(MediaRules rules) {
        this.rules = rules;
        this.http = HttpClient.newBuilder().connectTimeout(rules.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Fetched fetch(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(rules.fetchTimeout())
                .header("Accept", String.join(", ", rules.allowedTypes())).GET().build();
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw unavailable(url, "no answer within " + rules.fetchTimeout().toMillis() + " ms");
        } catch (IOException e) {
            throw unavailable(url, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(url, "interrupted");
        }
        try (InputStream body = answer.body()) {
            if (answer.statusCode() < 200 || answer.statusCode() > 299) {
                throw unavailable(url, "HTTP " + answer.statusCode());
            }
            String declared = answer.headers().firstValue("Content-Type").map(MediaDownload::mediaType).orElse(null);
            if ("text/html".equals(declared)) {
                throw unavailable(url, "it answers an HTML page, not a media file");
            }
            long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length > rules.maxBytes()) {
                throw rules.tooLarge(length);
            }
            byte[] bytes = readCapped(url, body);
            return new Fetched(bytes, rules.check(bytes, null));
        } catch (IOException e) {
            throw unavailable(url, "the answer broke off: " + e.getMessage());
        }
    }

    /** Reads up to one byte past the cap, all within the fetch timeout (a server trickling bytes is cut off). */
    private byte[] readCapped(String url, InputStream body) throws IOException {
        Future<byte[]> read = reader.submit(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > rules.maxBytes()) {
                    break;
                }
            }
            return out.toByteArray();
        });
        try {
            byte[] bytes = read.get(rules.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (bytes.length > rules.maxBytes()) {
                throw rules.tooLarge(bytes.length);
            }
            return bytes;
        } catch (TimeoutException e) {
            read.cancel(true);
            body.close();
            throw unavailable(url, "the file did not arrive within " + rules.fetchTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            read.cancel(true);
            throw unavailable(url, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
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
