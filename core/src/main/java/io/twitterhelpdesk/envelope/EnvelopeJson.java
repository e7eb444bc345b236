package io.twitterhelpdesk.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one configured Jackson {@link ObjectMapper} for envelopes: compact JSON, properties in schema order,
 * nulls written out, instants as ISO-8601 UTC strings, unknown properties rejected (the v1 schema has
 * {@code additionalProperties: false}).
 */
public final class EnvelopeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EnvelopeJson() {
    }

    /** The envelope as compact JSON text. */
    public static String toJson(Envelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write envelope " + envelope.id() + " as JSON", e);
        }
    }

    /**
     * Reads an envelope back from JSON text.
     *
     * @throws IllegalArgumentException if the text is not a well-formed envelope
     */
    public static Envelope fromJson(String json) {
        try {
            return MAPPER.readValue(json, Envelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + Envelope.SCHEMA + " envelope: " + e.getOriginalMessage(), e);
        }
    }

    /** A copy of the configured mapper, for callers that need Jackson directly (e.g. a Camel data format). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }
}
