package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Media links on loopback, as an envelope's {@code media[].url} points to them (the connector's signed media
 * endpoint, a public twimg link): {@link #serve} a file at a path; any other path answers 404; scripted statuses for
 * a path are answered first, one per request (or a stalled answer). Counts the GETs per path.
 */
public final class MediaLinks implements AutoCloseable {

    private record File(byte[] bytes, String contentType) {
    }

    private final Map<String, File> files = new ConcurrentHashMap<>();
    private final Map<String, Queue<Integer>> script = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    public MediaLinks() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Serves {@code bytes} at {@code path}; returns its link, with a query as the connector's signed links have. */
    public String serve(String path, byte[] bytes, String contentType) {
        files.put(path, new File(bytes, contentType));
        return url(path) + "?expires=1893456000&signature=c2lnbmF0dXJl";
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next GET of {@code path} answers {@code status} (with no body) instead. */
    public void then(String path, int status) {
        script.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(status);
    }

    /** The next GET of {@code path} answers 200 and the first bytes, then waits this long before the rest. */
    public void thenStalling(String path, long millis) {
        script.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add((int) -millis);
    }

    public int gets(String path) {
        AtomicInteger n = gets.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Queue<Integer> scripted = script.get(path);
        Integer status = scripted == null ? null : scripted.poll();
        File file = files.get(path);
        if (status != null && status < 0 && file != null) {
            exchange.getResponseHeaders().set("Content-Type", file.contentType());
            exchange.sendResponseHeaders(200, file.bytes().length);
            exchange.getResponseBody().write(file.bytes(), 0, 1);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(-status);
                exchange.getResponseBody().write(file.bytes(), 1, file.bytes().length - 1);
            } catch (InterruptedException | IOException e) {
                // the connector gave up reading: what the test wants
            }
        } else if (status == null && file != null) {
            exchange.getResponseHeaders().set("Content-Type", file.contentType());
            exchange.sendResponseHeaders(200, file.bytes().length);
            exchange.getResponseBody().write(file.bytes());
        } else {
            exchange.sendResponseHeaders(status == null ? 404 : status, -1);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
