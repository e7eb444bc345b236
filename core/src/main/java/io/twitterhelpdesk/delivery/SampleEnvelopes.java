package io.twitterhelpdesk.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.AccountRef;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;
import io.twitterhelpdesk.envelope.EnvelopeJson;

/**
 * The envelopes a body template is tried on at start: the Direct Message and the mention of docs/envelope.md, and a
 * Direct Message with the fields that may be empty empty (no display name, no text, a photo without alt text). Built
 * from {@link Envelope}, so they have every field the connector sends.
 */
final class SampleEnvelopes {

    private static final AccountRef ACME = new AccountRef("42", "acme_support");
    private static final Instant CREATED = Instant.parse("2026-11-22T01:02:03Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-22T01:02:04.250Z");

    private SampleEnvelopes() {
    }

    /** What each sample is called in a message, and its JSON. */
    static Map<String, String> all() {
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("the sample direct message of docs/envelope.md", EnvelopeJson.toJson(directMessage()));
        samples.put("the sample mention of docs/envelope.md", EnvelopeJson.toJson(mention()));
        samples.put("a sample direct message with only a photo, from a customer without a display name",
                EnvelopeJson.toJson(photoOnly()));
        return samples;
    }

    static Envelope directMessage() {
        return new Envelope(Envelope.SCHEMA, "dm:1100000000000000002", Envelope.KIND_DIRECT_MESSAGE,
                List.of(Envelope.TAG_DIRECT), ACME, "support", new CustomerRef("7", "alice", "Alice"),
                "twitter:dm:42:7", "twitter:dm:42:7@dm:1100000000000000002", true,
                "Hi, my order https://acme.example/orders/991 arrived broken. Q&A page didn't help",
                List.of(new MediaItem(MediaItem.PHOTO, "https://connector.acme.example/api/v1/media/42/"
                        + "1100000000000000002/1100000000000000777/Rtr.jpg?expires=1797901324"
                        + "&signature=My_XR3ajvRHmeB5K7li4qhXLgmqHl8QHScvcFV9XLvU",
                        "https://ton.twitter.com/1.1/ton/data/dm/1100000000000000002/1100000000000000777/Rtr.jpg",
                        "Router with a cracked casing")),
                null, null, CREATED, RECEIVED, Envelope.SOURCE_POLL);
    }

    static Envelope mention() {
        return new Envelope(Envelope.SCHEMA, "tweet:1200000000000000005", Envelope.KIND_MENTION,
                List.of(Envelope.TAG_MENTION), ACME, "social", new CustomerRef("7", "alice", "Alice"),
                "twitter:thread:1200000000000000001", "twitter:thread:1200000000000000001@tweet:1200000000000000003",
                false, "@acme_support the app crashes when I pay, see",
                List.of(new MediaItem(MediaItem.VIDEO, "https://video.twimg.com/ext_tw_video/1200000000000000900/pu/"
                        + "vid/1280x720/high.mp4", null)),
                "1200000000000000001", "https://twitter.com/alice/status/1200000000000000005", CREATED, RECEIVED,
                Envelope.SOURCE_WEBHOOK);
    }

    static Envelope photoOnly() {
        return new Envelope(Envelope.SCHEMA, "dm:1100000000000000009", Envelope.KIND_DIRECT_MESSAGE,
                List.of(Envelope.TAG_DIRECT), ACME, "support", new CustomerRef("8", "bob_2", null),
                "twitter:dm:42:8", "twitter:dm:42:8@dm:1100000000000000009", true, "",
                List.of(new MediaItem(MediaItem.PHOTO, "https://connector.acme.example/api/v1/media/42/"
                        + "1100000000000000009/1100000000000000778/Box.jpg?expires=1797901324&signature="
                        + "Ye-PrWPBSA2RkjhCL-1Ajy_kPXX7hYJrkvgvgJMhEQw",
                        "https://ton.twitter.com/1.1/ton/data/dm/1100000000000000009/1100000000000000778/Box.jpg", null)),
                null, null, CREATED, RECEIVED, Envelope.SOURCE_STREAM);
    }
}
