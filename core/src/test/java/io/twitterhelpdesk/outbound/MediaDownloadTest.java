package io.twitterhelpdesk.outbound;

import io.twitterhelpdesk.media.MediaTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Fetching a reply's media from a loopback server: what is taken, and each way a URL can fail to give media. */
class MediaDownloadTest {

    private HttpServer server;
    private String base;
    private final MediaDownload download = new MediaDownload(
            new MediaRules(64, Set.of(MediaTypes.PNG), Duration.ofMillis(1500)));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/ok.png", 200, "application/octet-stream", ReplyMediaRequestTest.PNG);
        serve("/page", 200, "text/html; charset=utf-8", "<html>login</html>".getBytes());
        serve("/gone", 404, "application/json", "{}".getBytes());
        serve("/big.png", 200, "image/png", new byte[65]);
        serve("/text.png", 200, "image/png", "not a png at all".getBytes());
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        // a thread per exchange: the slow link must not hold up the next request
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesAFileAndReadsItsTypeFromItsBytes() {
        MediaDownload.Fetched fetched = download.fetch(base + "/ok.png");

        assertThat(fetched.bytes()).isEqualTo(ReplyMediaRequestTest.PNG);
        assertThat(fetched.contentType()).isEqualTo("image/png");
    }

    @Test
    void refusesWhatIsNoMedia() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(code(base + "/page")).isEqualTo("media_unavailable");
        assertThat(code(base + "/gone")).isEqualTo("media_unavailable");
        assertThat(code("http://127.0.0.1:" + closedPort + "/a.png")).isEqualTo("media_unavailable");
        assertThat(code(base + "/slow")).isEqualTo("media_unavailable");
        assertThat(code(base + "/big.png")).isEqualTo("media_too_large");
        assertThat(code(base + "/text.png")).isEqualTo("media_type_not_allowed");
    }

    private String code(String url) {
        return catchThrowableOfType(RefusedMediaException.class, () -> download.fetch(url)).code();
    }

    private void serve(String path, int status, String type, byte[] body) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }
}
