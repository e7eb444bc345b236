package io.twitterhelpdesk.media;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

import io.twitterhelpdesk.config.ApiServerConfig;
import io.twitterhelpdesk.config.MediaConfig;
import io.twitterhelpdesk.config.TwitterApiConfig;

/**
 * The {@code media.*} keys ({@link MediaConfig}) as the connector uses them: how the connector serves the files attached to Direct Messages (see application.properties
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

    /**
     * The served files' settings from the {@code media.*} keys (checked when they were bound), the API server's address
     * (the default link base) and keys (the default signing key), and the DM file host.
     */
    public static MediaSettings from(MediaConfig media, ApiServerConfig server, TwitterApiConfig twitterApi,
            Path dataDir) {
        String host = server.host();
        String defaultBase = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port();
        String baseUrl = MediaConfig.httpUrl(media.baseUrl().orElse(defaultBase));
        return new MediaSettings(baseUrl, media.linkTtl(), signingKey(media, server), media.maxBytes(),
                dataDir.resolve("media-cache"), media.cacheMaxSize(), media.cacheTtl(), media.fetchTimeout(),
                twitterApi.tonBaseUrl());
    }

    /** {@code media.signing-key}; else one derived from the API keys (all instances share them); else a random one. */
    private static byte[] signingKey(MediaConfig media, ApiServerConfig server) {
        if (media.signingKey().isPresent()) {
            return media.signingKey().get().getBytes(StandardCharsets.UTF_8);
        }
        String[] apiKeys = server.keys().stream().sorted().toArray(String[]::new);
        if (apiKeys.length == 0) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        return MediaLinks.hmac(String.join(",", apiKeys).getBytes(StandardCharsets.UTF_8), DERIVATION_LABEL);
    }

    @Override
    public String toString() {
        return "MediaSettings[baseUrl=" + baseUrl + ", linkTtl=" + linkTtl + ", maxBytes=" + maxBytes + ", cacheDir="
                + cacheDir + ", cacheMaxSize=" + cacheMaxSize + ", cacheTtl=" + cacheTtl + "]";
    }
}
