package io.twitterhelpdesk.media;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import io.twitterhelpdesk.config.Settings;

/**
 * The {@code media.*} keys: how the connector serves the files attached to Direct Messages (see application.properties
 * and docs/media.md).
 *
 * @param baseUrl      {@code media.base-url}: where helpdesks reach the connector's API, the start of every media link
 * @param linkTtl      {@code media.link-ttl}: how long a signed link opens without the API key
 * @param signingKey   {@code media.signing-key}, else derived from {@code api.keys}: signs the links (every instance
 *                     behind one address needs the same)
 * @param maxBytes     {@code media.max-bytes}: the largest file served
 * @param cacheDir     {@code <connector.data-dir>/media-cache}
 * @param cacheMaxSize {@code media.cache.max-size}: the cache's size on disk; the oldest files go first
 * @param cacheTtl     {@code media.cache.ttl}: how long a file is served from the cache before it is fetched again
 * @param fetchTimeout {@code media.fetch-timeout}: the longest a fetch from X may take, connection to last byte
 * @param tonBaseUrl   {@code twitter.api.ton-base-url}: where v1.1 DM files are fetched ({@code https://ton.twitter.com/})
 */
public record MediaSettings(String baseUrl, Duration linkTtl, byte[] signingKey, long maxBytes, Path cacheDir,
                            long cacheMaxSize, Duration cacheTtl, Duration fetchTimeout, String tonBaseUrl) {

    private static final String DERIVATION_LABEL = "twitter-helpdesk media links";

    public MediaSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        signingKey = signingKey.clone();
        tonBaseUrl = tonBaseUrl.endsWith("/") ? tonBaseUrl : tonBaseUrl + "/";
    }

    /** Reads and checks the keys; a bad value stops the start naming its key. */
    public static MediaSettings from(Settings settings, Path dataDir) {
        String host = settings.get("camel.server.host", "127.0.0.1");
        String defaultBase = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":"
                + settings.get("camel.server.port", "8080");
        String baseUrl = settings.get("media.base-url", defaultBase).replaceAll("/+$", "");
        try {
            URI uri = URI.create(baseUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("media.base-url must be an http(s) URL such as "
                    + "https://connector.example.com, not '" + baseUrl + "'");
        }
        Duration linkTtl = positive(settings, "media.link-ttl", Duration.ofDays(30));
        long maxBytes = settings.bytes("media.max-bytes", 64L << 20);
        long cacheMaxSize = settings.bytes("media.cache.max-size", 1L << 30);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("media.max-bytes must be more than 0");
        }
        if (cacheMaxSize < maxBytes) {
            throw new IllegalArgumentException("media.cache.max-size (" + cacheMaxSize + " bytes) must be at least "
                    + "media.max-bytes (" + maxBytes + " bytes)");
        }
        return new MediaSettings(baseUrl, linkTtl, signingKey(settings), maxBytes, dataDir.resolve("media-cache"),
                cacheMaxSize, positive(settings, "media.cache.ttl", Duration.ofDays(7)),
                positive(settings, "media.fetch-timeout", Duration.ofSeconds(60)),
                settings.get("twitter.api.ton-base-url", "https://ton.twitter.com/"));
    }

    /** {@code media.signing-key}; else one derived from the API keys (all instances share them); else a random one. */
    private static byte[] signingKey(Settings settings) {
        var configured = settings.optional("media.signing-key");
        if (configured.isPresent()) {
            if (configured.get().length() < 32) {
                throw new IllegalArgumentException("media.signing-key must be at least 32 characters long");
            }
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        String[] apiKeys = Arrays.stream(settings.get("api.keys", "").split(",")).map(String::trim)
                .filter(k -> !k.isEmpty()).sorted().toArray(String[]::new);
        if (apiKeys.length == 0) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        return MediaLinks.hmac(String.join(",", apiKeys).getBytes(StandardCharsets.UTF_8), DERIVATION_LABEL);
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be longer than 0");
        }
        return value;
    }

    @Override
    public String toString() {
        return "MediaSettings[baseUrl=" + baseUrl + ", linkTtl=" + linkTtl + ", maxBytes=" + maxBytes + ", cacheDir="
                + cacheDir + ", cacheMaxSize=" + cacheMaxSize + ", cacheTtl=" + cacheTtl + "]";
    }
}
