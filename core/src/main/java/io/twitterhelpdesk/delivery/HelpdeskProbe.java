package io.twitterhelpdesk.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * One helpdesk's probe: a GET of its {@code probe-url} with the request headers a delivery carries (configured
 * headers and authentication), the helpdesk's timeouts and trust store, and what the answer means.
 *
 * <ul>
 *   <li>2xx: {@link Result#OK}.</li>
 *   <li>401, 403: {@link Result#REFUSED}, the credentials: every delivery would be refused the same way.</li>
 *   <li>Any other 3xx or 4xx: {@link Result#REFUSED}, the probe URL: it must answer an authenticated GET with 2xx.</li>
 *   <li>5xx, 408, 429, a timeout or no connection: {@link Result#UNAVAILABLE}, an outage the broker's redelivery
 *       rides out.</li>
 * </ul>
 * Messages name the helpdesk and the keys to check, with up to 200 characters of a non-2xx answer (a secret in it
 * blanked out).
 */
final class HelpdeskProbe {

    enum Result { OK, REFUSED, UNAVAILABLE }

    /** What the probe found: the result, the HTTP status (0 without an answer) and a message for the admin. */
    record Outcome(Result result, int status, String message) {
        boolean ok() {
            return result == Result.OK;
        }
    }

    private static final int ANSWER_EXCERPT = 200;

    private final HttpHelpdesk helpdesk;
    private final String url;
    private final String key;
    private final HttpClient client;

    /** {@code tls}: the helpdesk's trust store as an SSL context, or null for the JVM's default trust. */
    HelpdeskProbe(HttpHelpdesk helpdesk, SSLContext tls) {
        this.helpdesk = helpdesk;
        this.url = helpdesk.probeUrl().orElseThrow();
        this.key = "helpdesk.http." + helpdesk.name() + ".probe-url";
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(helpdesk.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            client.sslContext(tls);
        }
        this.client = client.build();
    }

    String url() {
        return url;
    }

    Outcome call() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(helpdesk.responseTimeout())
                .GET();
        Map<String, String> headers = new LinkedHashMap<>(helpdesk.headers());
        helpdesk.auth().addTo(headers);
        headers.put("Accept", "application/json");
        headers.forEach((name, value) -> {
            try {
                request.setHeader(name, value);
            } catch (IllegalArgumentException restricted) {
                // a header the JDK client sets itself (Host, Connection...): the probe goes without it
            }
        });
        String call = "GET " + url;
        try {
            HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return outcome(call, answer.statusCode(), answer.body());
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(Result.UNAVAILABLE, 0, "HTTP helpdesk " + helpdesk.name() + " cannot be reached: "
                    + call + " (" + key + ") had no connection within helpdesk.http." + helpdesk.name()
                    + ".connect-timeout (" + helpdesk.connectTimeout().toMillis() + " ms)");
        } catch (HttpTimeoutException e) {
            return new Outcome(Result.UNAVAILABLE, 0, "HTTP helpdesk " + helpdesk.name() + " did not answer " + call
                    + " (" + key + ") within helpdesk.http." + helpdesk.name() + ".response-timeout ("
                    + helpdesk.responseTimeout().toMillis() + " ms)");
        } catch (IOException e) {
            return new Outcome(Result.UNAVAILABLE, 0, "HTTP helpdesk " + helpdesk.name() + " cannot be reached: "
                    + call + " (" + key + ") failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Result.UNAVAILABLE, 0, "HTTP helpdesk " + helpdesk.name() + ": " + call
                    + " was interrupted");
        } catch (RuntimeException e) {
            return new Outcome(Result.UNAVAILABLE, 0, "HTTP helpdesk " + helpdesk.name() + ": " + call + " (" + key
                    + ") failed: " + firstMessage(e));
        }
    }

    private Outcome outcome(String call, int status, String body) {
        String answered = "HTTP helpdesk " + helpdesk.name() + ": " + call + " (" + key + ") answered " + status;
        if (status >= 200 && status < 300) {
            // not the answer itself: a "who am I" answer is the agent's user record
            return new Outcome(Result.OK, status, answered);
        }
        String answer = excerpt(helpdesk.auth().redact(body));
        answered += answer.isEmpty() ? "" : " " + answer;
        if (status == 401 || status == 403) {
            String keys = helpdesk.auth().credentialKeys();
            return new Outcome(Result.REFUSED, status, answered + ": the helpdesk refuses the connector's credentials ("
                    + "helpdesk.http." + helpdesk.name() + ".auth.type is " + helpdesk.auth()
                    + (keys.isEmpty() ? "" : "; check " + keys) + ")");
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new Outcome(Result.UNAVAILABLE, status, answered);
        }
        return new Outcome(Result.REFUSED, status, answered + ": " + key + " must be a URL of the helpdesk's API that "
                + "answers the connector's authenticated GET with 2xx");
    }

    /** What went wrong, readable: the JDK client gives a refused connection no message at all. */
    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "the connection was refused or closed (" + firstMessage(e) + ")";
        }
        return firstMessage(e);
    }

    /** The first message along the causes, else the innermost exception's type. */
    private static String firstMessage(Throwable e) {
        Throwable t = e;
        while (true) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                return t.getClass().getSimpleName();
            }
            t = t.getCause();
        }
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= ANSWER_EXCERPT ? oneLine : oneLine.substring(0, ANSWER_EXCERPT) + "...";
    }
}
