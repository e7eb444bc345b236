package io.twitterhelpdesk.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The links to the connector's media endpoint that a DM envelope carries instead of X's own (which only the DM's
 * participants can open): {@code <media.base-url>/api/v1/media/<account id>/<dm>/<media>/<resource>?expires=<epoch
 * seconds>&signature=<HMAC-SHA256, base64url>}. The signature covers the path and the expiry, so a link opens exactly
 * that file, until then, without the API key.
 */
public final class MediaLinks {

    /** The endpoint's path under the API. */
    public static final String PATH = "/api/v1/media/";

    /** What a presented signature says. */
    public enum Check { VALID, EXPIRED, INVALID }

    private final String baseUrl;
    private final Duration ttl;
    private final byte[] key;
    private final Clock clock;

    public MediaLinks(String baseUrl, Duration ttl, byte[] key, Clock clock) {
        this.baseUrl = baseUrl;
        this.ttl = ttl;
        this.key = key.clone();
        this.clock = clock;
    }

    public MediaLinks(MediaSettings settings, Clock clock) {
        this(settings.baseUrl(), settings.linkTtl(), settings.signingKey(), clock);
    }

    /** The signed link to a DM file of the account, valid for {@code media.link-ttl} from now. */
    public String link(String accountId, DmMediaRef ref) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return baseUrl + PATH + accountId + "/" + ref.path() + "?expires=" + expires + "&signature="
                + signature(accountId, ref, expires);
    }

    /**
     * The envelope with each DM attachment linked to the connector's media endpoint; mentions, whose media X serves to
     * anyone, and links that name no DM file stay as they are.
     */
    public Envelope linked(Envelope envelope) {
        if (!Envelope.KIND_DIRECT_MESSAGE.equals(envelope.kind()) || envelope.media().isEmpty()) {
            return envelope;
        }
        List<MediaItem> media = envelope.media().stream()
                .map(item -> DmMediaRef.of(item.twitterUrl())
                        .map(ref -> item.servedAt(link(envelope.account().id(), ref))).orElse(item))
                .toList();
        return new Envelope(envelope.schema(), envelope.id(), envelope.kind(), envelope.tags(), envelope.account(),
                envelope.inbox(), envelope.customer(), envelope.conversationKey(), envelope.conversationId(),
                envelope.newConversation(), envelope.text(), media, envelope.inReplyToTweetId(), envelope.tweetUrl(),
                envelope.createdAt(), envelope.receivedAt(), envelope.source());
    }

    /** Checks a link's {@code expires} and {@code signature} (as received, either may be null or malformed). */
    public Check check(String accountId, DmMediaRef ref, String expires, String signature) {
        if (expires == null || signature == null || !expires.matches("[0-9]{1,12}")) {
            return Check.INVALID;
        }
        long until = Long.parseLong(expires);
        byte[] expected = signature(accountId, ref, until).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Check.INVALID;
        }
        return clock.instant().isAfter(Instant.ofEpochSecond(until)) ? Check.EXPIRED : Check.VALID;
    }

    private String signature(String accountId, DmMediaRef ref, long expires) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac(key, accountId + "/" + ref.path() + "\n" + expires));
    }

    static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
