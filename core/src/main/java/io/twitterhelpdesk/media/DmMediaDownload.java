package io.twitterhelpdesk.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiException;

/**
 * Fetches a file attached to a DM from X with the account's credentials, as only a participant can: for an X API v2
 * account {@code GET /2/dm_conversations/media/<dm>/<media>/<resource>} (OAuth 1.0a or 2.0 user context; a refused
 * OAuth 2.0 token is refreshed once), for a v1.1 account the OAuth 1.0a signed GET of
 * {@code https://ton.twitter.com/1.1/ton/data/dm/<dm>/<media>/<resource>}. The bytes are streamed to a file, at most
 * {@code media.max-bytes}. X's answers become {@link MediaProblem}s: 404 (or 403, 410) a 404, 429 and 5xx or no
 * answer a 503 with when to try again, anything else a 502.
 */
public final class DmMediaDownload {

    private static final Duration RETRY_UNAVAILABLE = Duration.ofSeconds(30);

    private final AccountRegistry accounts;
    private final XApiClient xApi;
    private final String tonBaseUrl;
    private final long maxBytes;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    public DmMediaDownload(AccountRegistry accounts, XApiClient xApi, MediaSettings settings, Clock clock) {
        this.accounts = accounts;
        this.xApi = xApi;
        this.tonBaseUrl = settings.tonBaseUrl();
        this.maxBytes = settings.maxBytes();
        this.timeout = settings.fetchTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The URL the account fetches the file from. */
    public String url(String account, DmMediaRef ref) {
        return accounts.get(account).api() == ApiVersion.V2
                ? xApi.url("dm_conversations/media/" + ref.path(), Map.of())
                : tonBaseUrl + "1.1/ton/data/dm/" + ref.path();
    }

    /** Writes the file to {@code target}; returns its content type. */
    public String fetch(String account, DmMediaRef ref, Path target) throws MediaProblem {
        String url = url(account, ref);
        try {
            String authorization = xApi.userAuthorization(account, "GET", url);
            HttpResponse<InputStream> answer = get(url, authorization);
            if (answer.statusCode() == 401 && xApi.userRefused(account, authorization)) {
                answer.body().close();
                answer = get(url, xApi.userAuthorization(account, "GET", url));
            }
            try (InputStream body = answer.body()) {
                if (answer.statusCode() != 200) {
                    throw problem(account, ref, answer);
                }
                copy(body, target, account, ref);
            }
            return answer.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip())
                    .filter(t -> !t.isEmpty() && !t.equals("application/octet-stream"))
                    .orElseGet(() -> byExtension(ref.resourceId()));
        } catch (XApiException e) {
            throw new MediaProblem(503, "x_unavailable", "Could not authorize the download of " + ref.path()
                    + " for account " + account + ": " + e.getMessage(), RETRY_UNAVAILABLE);
        } catch (HttpTimeoutException e) {
            throw new MediaProblem(503, "x_unavailable", "X did not send media " + ref.path() + " within "
                    + timeout.toSeconds() + " s (media.fetch-timeout)", RETRY_UNAVAILABLE);
        } catch (IOException e) {
            throw new MediaProblem(503, "x_unavailable", "Could not fetch media " + ref.path() + " from X: " + e,
                    RETRY_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaProblem(503, "x_unavailable", "Interrupted while fetching media " + ref.path(),
                    RETRY_UNAVAILABLE);
        }
    }

    private HttpResponse<InputStream> get(String url, String authorization) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private void copy(InputStream body, Path target, String account, DmMediaRef ref) throws IOException, MediaProblem {
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                copied += n;
                if (copied > maxBytes) {
                    throw new MediaProblem(502, "media_too_large", "Media " + ref.path() + " of account " + account
                            + " is larger than media.max-bytes (" + maxBytes + " bytes)");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private MediaProblem problem(String account, DmMediaRef ref, HttpResponse<?> answer) {
        int status = answer.statusCode();
        String what = "media " + ref.path() + " of account " + account;
        if (status == 404 || status == 410) {
            return new MediaProblem(404, "media_not_found", "X no longer serves " + what + " (HTTP " + status + ")");
        }
        if (status == 403) {
            return new MediaProblem(404, "media_not_found", "Account " + account + " is not a participant of direct "
                    + "message " + ref.dmId() + ": X refused " + what + " (HTTP 403)");
        }
        if (status == 429) {
            Duration wait = answer.headers().firstValue("x-rate-limit-reset").filter(v -> v.matches("[0-9]{1,12}"))
                    .map(v -> Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(v))))
                    .filter(d -> !d.isNegative()).orElse(Duration.ofMinutes(1));
            return new MediaProblem(503, "x_rate_limited", "X's rate limit for " + what + " is spent", wait);
        }
        if (status >= 500) {
            return new MediaProblem(503, "x_unavailable", "X answered HTTP " + status + " for " + what,
                    RETRY_UNAVAILABLE);
        }
        return new MediaProblem(502, "x_refused", "X refused " + what + " with HTTP " + status);
    }

    private static String byExtension(String resourceId) {
        int dot = resourceId.lastIndexOf('.');
        return MediaTypes.ofExtension(dot < 0 ? "" : resourceId.substring(dot + 1)).orElse("application/octet-stream");
    }
}
