package io.twitterhelpdesk.e2e.support;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The tests' HTTP client: HTTP/1.1, as the connector's clients speak it, and a connect timeout. The JDK client's
 * default (HTTP/2, by an h2c upgrade of the first request on plain http) against the connector's Vert.x server once
 * misread an answer as HTTP/2 frames, and once left a request of AsyncApiContractTest without an answer, both sides
 * idle on an open connection, until the CI was stopped.
 */
public final class TestHttp {

    private TestHttp() {
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
