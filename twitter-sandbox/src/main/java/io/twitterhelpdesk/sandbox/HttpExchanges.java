package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Small helpers for reading and answering {@link HttpExchange}s. */
final class HttpExchanges {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** For media uploads: a 16 MiB file as base64 in JSON, with room to spare. */
    static final int MAX_MEDIA_BODY_BYTES = 24 * 1024 * 1024;
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    static final String JSON = "application/json;charset=utf-8";

    /** Thrown when a request body exceeds {@link #MAX_BODY_BYTES}. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(int limit) {
            super("request body exceeds " + limit + " bytes");
        }
    }

    private HttpExchanges() {
    }

    /** Reads the body; one over {@link #MAX_BODY_BYTES} is drained (up to a bound) so the 413 answer arrives. */
    static String readBody(HttpExchange exchange) throws IOException {
        return new String(readBytes(exchange, MAX_BODY_BYTES), StandardCharsets.UTF_8);
    }

    /** The body's bytes, up to {@code limit}; a longer one is drained (up to a bound) so the 413 answer arrives. */
    static byte[] readBytes(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                byte[] buffer = new byte[64 * 1024];
                long drained = 0;
                int read;
                while (drained < MAX_DRAIN_BYTES && (read = in.read(buffer)) > 0) {
                    drained += read;
                }
                throw new BodyTooLarge(limit);
            }
            return bytes;
        }
    }

    /** The request's media type without parameters, lower-cased; empty when absent. */
    static String mediaType(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** {@code http://host[:port]/path} as the client addressed it (Host header), for OAuth 1.0a base strings. */
    static String baseUrl(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(":80")) {
            host = host.substring(0, host.length() - 3);
        }
        return "http://" + host + exchange.getRequestURI().getRawPath();
    }

    static void setRateLimitHeaders(HttpExchange exchange, RateLimiter.Status rate) {
        setRateLimitHeaders(exchange, rate.limit(), rate.remaining(), rate.resetEpochSeconds());
    }

    private static void setRateLimitHeaders(HttpExchange exchange, int limit, int remaining, long reset) {
        exchange.getResponseHeaders().set("x-rate-limit-limit", Integer.toString(limit));
        exchange.getResponseHeaders().set("x-rate-limit-remaining", Integer.toString(remaining));
        exchange.getResponseHeaders().set("x-rate-limit-reset", Long.toString(reset));
    }

    /** Answers a queued fault; a rate-limit fault adds exhausted {@code x-rate-limit-*} headers. */
    static void sendFault(HttpExchange exchange, SandboxEndpoint endpoint, FaultInjector.Fault fault)
            throws IOException {
        if (fault.delayMillis() > 0) {
            try {
                Thread.sleep(fault.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        if (fault.rateLimitReset() != null) {
            setRateLimitHeaders(exchange, endpoint.defaultLimit(), 0, fault.rateLimitReset());
        }
        send(exchange, fault.status(), fault.body());
    }

    /** Answers 200 with bytes of a content type. */
    static void sendBytes(HttpExchange exchange, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
