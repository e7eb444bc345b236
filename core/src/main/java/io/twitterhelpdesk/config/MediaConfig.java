package io.twitterhelpdesk.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/**
 * The {@code media.*} keys: how the connector serves the files attached to Direct Messages (docs/media.md). The
 * values the connector derives from them (the link base's default, the signing key derived from the API keys, the
 * cache directory) are in {@code media.MediaSettings}.
 */
public final class MediaConfig implements Settings.Checked {

    @PropertyInject("media.base-url")
    private Optional<String> baseUrl;
    @PropertyInject("media.link-ttl")
    private Duration linkTtl;
    @PropertyInject("media.signing-key")
    private Optional<String> signingKey;
    @PropertyInject("media.max-bytes")
    private Settings.ByteSize maxBytes;
    @PropertyInject("media.cache.max-size")
    private Settings.ByteSize cacheMaxSize;
    @PropertyInject("media.cache.ttl")
    private Duration cacheTtl;
    @PropertyInject("media.fetch-timeout")
    private Duration fetchTimeout;

    @Override
    public void check(String prefix) {
        baseUrl = baseUrl.map(url -> url.replaceAll("/+$", ""));
        baseUrl.ifPresent(MediaConfig::httpUrl);
        positive("media.link-ttl", linkTtl);
        if (maxBytes.bytes() <= 0) {
            throw new IllegalArgumentException("media.max-bytes must be more than 0");
        }
        if (cacheMaxSize.bytes() < maxBytes.bytes()) {
            throw new IllegalArgumentException("media.cache.max-size (" + cacheMaxSize.bytes() + " bytes) must be at "
                    + "least media.max-bytes (" + maxBytes.bytes() + " bytes)");
        }
        positive("media.cache.ttl", cacheTtl);
        positive("media.fetch-timeout", fetchTimeout);
        if (signingKey.isPresent() && signingKey.get().length() < 32) {
            throw new IllegalArgumentException("media.signing-key must be at least 32 characters long");
        }
    }

    /** {@code media.base-url}, and the address it defaults to: an http(s) URL with a host. */
    public static String httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("media.base-url must be an http(s) URL such as "
                + "https://connector.example.com, not '" + url + "'");
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be longer than 0");
        }
    }

    /** Where helpdesks reach the API, without a trailing '/'; absent: the API server's own address. */
    public Optional<String> baseUrl() {
        return baseUrl;
    }

    public Duration linkTtl() {
        return linkTtl;
    }

    /** The links' signing key (at least 32 characters); absent: derived from the API keys. */
    public Optional<String> signingKey() {
        return signingKey;
    }

    public long maxBytes() {
        return maxBytes.bytes();
    }

    public long cacheMaxSize() {
        return cacheMaxSize.bytes();
    }

    public Duration cacheTtl() {
        return cacheTtl;
    }

    public Duration fetchTimeout() {
        return fetchTimeout;
    }
}
