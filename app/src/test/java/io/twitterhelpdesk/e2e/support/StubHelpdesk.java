package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A helpdesk ticket API on loopback, scripted per test. By default {@code POST /tickets} creates a ticket and
 * answers 201 {@code {"ticket":{"id":N}}} (a repeated {@code Idempotency-Key} gets the same ticket, not a new one),
 * and {@code PUT /tickets/{id}} answers 200, 422 for a closed ticket, 404 for an unknown one; {@code GET /tickets/{id}}
 * answers {@code {"ticket":{"id","status"}}} (open, solved or closed); {@code GET /me} (a
 * probe URL) answers 200; {@code POST /uploads} (an upload URL, Zendesk style) answers 201
 * {@code {"upload":{"token":"upload-N"}}}. Scripted answers are used first, one per request, optionally after a delay. With
 * {@link #requireAuthorization} every request without that {@code Authorization} header is answered 401 first.
 */
public final class StubHelpdesk implements AutoCloseable {

    /** A request received: the body as UTF-8 text, and as it came ({@code bytes}, e.g. a file uploaded). */
    public record Request(String method, String path, Map<String, String> headers, String body, String query, byte[] bytes) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** A scripted answer; status 0: the default behaviour, after the delay. */
    record Answer(int status, String body, long delayMillis) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> ticketsByKey = new LinkedHashMap<>();
    private final Set<Integer> closed = new HashSet<>();
    private final Set<Integer> solved = new HashSet<>();
    private final List<Integer> tickets = new ArrayList<>();
    private int uploads;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final int port;
    private final SSLContext tls;
    private volatile String requiredAuthorization;
    private HttpServer server;

    public StubHelpdesk(int port) {
        this(port, null);
    }

    /** With a TLS context: the stub speaks HTTPS. */
    public StubHelpdesk(int port, SSLContext tls) {
        this.port = port;
        this.tls = tls;
        start();
    }

    public void start() {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    public void stop() {
        server.stop(0);
    }

    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /**
     * The connector's keys for this stub as helpdesk "stub" fed from twitter.inbound: create by POST /tickets, the
     * ticket id at $.ticket.id, append by PUT /tickets/{ticketId}, with these body templates (JSONata files).
     */
    public void configure(Map<String, String> properties, Path createTemplate, Path appendTemplate) {
        properties.put("helpdesk.http.helpdesks", "stub");
        properties.put("helpdesk.http.stub.queue", "twitter.inbound");
        properties.put("helpdesk.http.stub.create.url", url() + "/tickets");
        properties.put("helpdesk.http.stub.create.template", "file:" + createTemplate);
        properties.put("helpdesk.http.stub.ticket-id-path", "$.ticket.id");
        properties.put("helpdesk.http.stub.append.url", url() + "/tickets/{ticketId}");
        properties.put("helpdesk.http.stub.append.method", "PUT");
        properties.put("helpdesk.http.stub.append.template", "file:" + appendTemplate);
    }

    /** Answers 401 {@code {"message":"Unauthorized"}} to every request whose Authorization header is not this. */
    public void requireAuthorization(String authorization) {
        requiredAuthorization = authorization;
    }

    public void then(int status, String body) {
        script.add(new Answer(status, body, 0));
    }

    public void thenDelayed(long delayMillis) {
        script.add(new Answer(0, null, delayMillis));
    }

    public synchronized void close(int ticketId) {
        closed.add(ticketId);
    }

    /** An agent solved the ticket: GET /tickets/{id} says "solved", and an update still succeeds (and reopens it). */
    public synchronized void solve(int ticketId) {
        solved.add(ticketId);
    }

    public synchronized List<Integer> ticketsCreated() {
        return List.copyOf(tickets);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits (at most 20 s) until {@code count} requests came, then a moment more, and asserts no more came. */
    public void awaitRequests(int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (requests.size() < count) {
            if (System.nanoTime() > until) {
                throw new AssertionError(count + " requests not received within 20 s: " + requests.size());
            }
            Thread.sleep(20);
        }
        Thread.sleep(200);
        org.assertj.core.api.Assertions.assertThat(requests).hasSize(count);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                new String(bytes, StandardCharsets.UTF_8), exchange.getRequestURI().getRawQuery(), bytes);
        requests.add(request);
        String required = requiredAuthorization;
        if (required != null && !required.equals(request.header("Authorization"))) {
            respond(exchange, new Answer(401, "{\"message\":\"Unauthorized\"}", 0));
            return;
        }
        Answer answer = script.poll();
        if (answer != null && answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        respond(exchange, answer == null || answer.status() == 0 ? standard(request) : answer);
    }

    private static void respond(HttpExchange exchange, Answer out) {
        byte[] bytes = out.body() == null ? new byte[0] : out.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(out.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the client gave up waiting (a timeout test): the ticket exists all the same
        }
        exchange.close();
    }

    private synchronized Answer standard(Request request) {
        if (request.method().equals("GET") && request.path().equals("/me")) {
            return new Answer(200, "{\"user\":\"connector\"}", 0);
        }
        if (request.method().equals("POST") && request.path().equals("/uploads")) {
            uploads++;
            return new Answer(201, "{\"upload\":{\"token\":\"upload-" + uploads + "\"}}", 0);
        }
        if (request.method().equals("POST") && request.path().equals("/tickets")) {
            String key = request.header("Idempotency-Key");
            Integer id = key == null ? null : ticketsByKey.get(key);
            if (id == null) {
                id = tickets.size() + 1;
                tickets.add(id);
                if (key != null) {
                    ticketsByKey.put(key, id);
                }
            }
            return new Answer(201, "{\"ticket\":{\"id\":" + id + ",\"status\":\"new\"}}", 0);
        }
        if (request.method().equals("GET") && request.path().startsWith("/tickets/")) {
            int id = Integer.parseInt(request.path().substring("/tickets/".length()));
            if (!tickets.contains(id)) {
                return new Answer(404, "{\"error\":\"RecordNotFound\"}", 0);
            }
            String status = closed.contains(id) ? "closed" : solved.contains(id) ? "solved" : "open";
            return new Answer(200, "{\"ticket\":{\"id\":" + id + ",\"status\":\"" + status + "\"}}", 0);
        }
        if (request.method().equals("PUT") && request.path().startsWith("/tickets/")) {
            int id = Integer.parseInt(request.path().substring("/tickets/".length()));
            if (!tickets.contains(id)) {
                return new Answer(404, "{\"error\":\"RecordNotFound\"}", 0);
            }
            if (closed.contains(id)) {
                return new Answer(422, "{\"error\":\"Status: closed prevents ticket update\"}", 0);
            }
            return new Answer(200, "{\"ticket\":{\"id\":" + id + "}}", 0);
        }
        return new Answer(404, "{\"error\":\"no such route\"}", 0);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
