package io.twitterhelpdesk.xapi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful (2xx) X API v2 answer: its JSON ({@code MissingNode} when the body is not JSON) and its rate limit
 * (null when the answer carries no {@code x-rate-limit-*} headers).
 */
public record XAnswer(int status, JsonNode json, RateLimit rateLimit) {
}
