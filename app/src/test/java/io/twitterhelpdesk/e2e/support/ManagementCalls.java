package io.twitterhelpdesk.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a monitoring system asks the management port: health (JSON) and metrics (Prometheus text). */
public final class ManagementCalls {

    public record Health(int status, JsonNode body) {

        /** The check with this name, e.g. "broker", "state-store", "account-acme_support". */
        public Optional<JsonNode> check(String name) {
            for (JsonNode check : body.path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return Optional.of(check);
                }
            }
            return Optional.empty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = TestHttp.client();
    private final String baseUrl;

    public ManagementCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** GET /observe/health{path}?data=true: the status code and the JSON answer. */
    public Health health(String path) throws Exception {
        HttpResponse<String> response = get("/observe/health" + path + "?data=true");
        return new Health(response.statusCode(), JSON.readTree(response.body()));
    }

    /** Polls the health endpoint until it answers this HTTP status (bounded); returns the last answer. */
    public Health awaitHealth(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Health health = health(path);
        while (health.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = health(path);
        }
        return health;
    }

    /** GET /observe/metrics: the Prometheus text. */
    public String metrics() throws Exception {
        HttpResponse<String> response = get("/observe/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /observe/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * The value of one series in Prometheus text, e.g. {@code twitter_helpdesk_messages_delivered_total} with labels
     * {@code account="acme_support",kind="mention"} (the labels given must all be on the line, in any order); NaN
     * when no line matches.
     */
    public static double value(String metrics, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
