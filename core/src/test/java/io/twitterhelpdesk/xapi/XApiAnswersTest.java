package io.twitterhelpdesk.xapi;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an X API v2 answer is read: 2xx data, problem objects, invalid-request errors, rate limits, junk. */
class XApiAnswersTest {

    private final CamelContext context = new DefaultCamelContext();
    private final XApiAnswers answers = new XApiAnswers();

    private Exchange answer(int status, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(XApiAnswers.REQUEST_HEADER, "GET /2/dm_events for account acme");
        // header names as a server may capitalise them: Camel's headers are case-insensitive
        exchange.getMessage().setHeader("X-Rate-Limit-Limit", "300");
        exchange.getMessage().setHeader("X-Rate-Limit-Remaining", "0");
        exchange.getMessage().setHeader("X-Rate-Limit-Reset", "1900000000");
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void successKeepsTheJsonAndTheRateLimit() throws Exception {
        XAnswer a = answers.answer(answer(200, "{\"data\":[{\"id\":\"1\"}],\"meta\":{\"result_count\":1}}"));

        assertThat(a.json().path("data").get(0).path("id").asText()).isEqualTo("1");
        assertThat(a.rateLimit()).isEqualTo(new RateLimit(300, 0, 1_900_000_000));
    }

    @Test
    void problemObjectsGiveTheirDetailStatusAndRateLimit() {
        assertThatThrownBy(() -> answers.answer(answer(429, "{\"title\":\"Too Many Requests\",\"detail\":"
                + "\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")))
                .isInstanceOfSatisfying(XApiException.class, e -> {
                    assertThat(e.exceededRateLimitation()).isTrue();
                    assertThat(e.getRateLimitStatus().getResetTimeInSeconds()).isEqualTo(1_900_000_000);
                    assertThat(e.getMessage()).isEqualTo(
                            "GET /2/dm_events for account acme answered HTTP 429: Too Many Requests");
                });
        assertThatThrownBy(() -> answers.answer(answer(400, "{\"errors\":[{\"parameters\":{\"max_results\":"
                + "[\"500\"]},\"message\":\"The `max_results` query parameter value [500] is not between 1 and 100\"}],"
                + "\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\","
                + "\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}")))
                .isInstanceOfSatisfying(XApiException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.exceededRateLimitation()).isFalse();
                    assertThat(e.getErrorMessage()).isEqualTo("One or more parameters to your request was invalid.");
                });
    }

    @Test
    void unreadableAnswersFailWithAnExcerptEvenUnderA2xx() {
        assertThatThrownBy(() -> answers.answer(answer(503, "<html>Over capacity</html>")))
                .isInstanceOfSatisfying(XApiException.class, e -> assertThat(e.getErrorMessage())
                        .isEqualTo("unreadable answer: <html>Over capacity</html>"));
        assertThatThrownBy(() -> answers.answer(answer(200, "{\"data\":[{\"id\":")))
                .isInstanceOfSatisfying(XApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(200));
    }
}
