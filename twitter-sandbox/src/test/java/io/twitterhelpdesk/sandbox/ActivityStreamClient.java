package io.twitterhelpdesk.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client of {@code GET /2/activity/stream}: a reader thread splits the chunked body into lines, each of which
 * must end with {@code \r\n} (one that does not is queued with a {@code MISSING-CRLF:} prefix), and queues
 * {@link #END} when the stream is over.
 */
final class ActivityStreamClient implements AutoCloseable {

    static final String END = "<end of stream>";

    private final int status;
    private final HttpHeaders headers;
    private final String errorBody;
    private final InputStream body;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ActivityStreamClient(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.headers = response.headers();
        if (status == 200) {
            this.body = response.body();
            this.errorBody = null;
            Thread reader = new Thread(this::read, "activity-stream-test-reader");
            reader.setDaemon(true);
            reader.start();
        } else {
            try (InputStream in = response.body()) {
                this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            this.body = null;
        }
    }

    /** Connects with an {@code Authorization: Bearer} token; {@code query} without {@code ?}, may be empty. */
    static ActivityStreamClient connect(TwitterSandbox sandbox, String bearer, String query) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.v2BaseUrl() + "activity/stream"
                        + (query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + bearer).GET().build();
        return new ActivityStreamClient(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body of a refused connection. */
    String errorBody() {
        return errorBody;
    }

    /** The next line (blank for a keep-alive, {@link #END} at the end), or null if none within {@code wait}. */
    String nextLine(Duration wait) throws InterruptedException {
        return lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next line that is not a keep-alive, or null if none within {@code wait}. */
    String nextNonBlank(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || !line.isEmpty()) {
                return line;
            }
        }
    }

    private void read() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = body.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : "MISSING-CRLF:" + text);
                line.reset();
            }
        } catch (IOException e) {
            // the stream is over
        } finally {
            lines.add(END);
        }
    }

    @Override
    public void close() throws IOException {
        if (body != null) {
            body.close();
        }
    }
}
