package io.twitterhelpdesk.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The machine-readable contract of the queues, as shipped in the jar: the AsyncAPI document
 * ({@code twitter-helpdesk-asyncapi.yaml}) and the JSON Schemas it points at ({@code schema/*.schema.json}), served
 * by routes {@code api-asyncapi-document} and {@code api-contract-schema}. Only these files are served: a name is
 * looked up in a fixed table, never used as a path.
 */
public final class ContractDocuments {

    /** Served name: resource in the jar. */
    private static final Map<String, String> DOCUMENTS = Map.of(
            "asyncapi.yaml", "twitter-helpdesk-asyncapi.yaml",
            "twitter-helpdesk-envelope-v1.schema.json", "schema/twitter-helpdesk-envelope-v1.schema.json",
            "twitter-helpdesk-reply-request-v1.schema.json", "schema/twitter-helpdesk-reply-request-v1.schema.json",
            "twitter-helpdesk-reply-status-v1.schema.json", "schema/twitter-helpdesk-reply-status-v1.schema.json",
            "twitter-helpdesk-alert-v1.schema.json", "schema/twitter-helpdesk-alert-v1.schema.json",
            "twitter-helpdesk-account-alert-v1.schema.json", "schema/twitter-helpdesk-account-alert-v1.schema.json",
            "twitter-helpdesk-spend-cap-alert-v1.schema.json",
            "schema/twitter-helpdesk-spend-cap-alert-v1.schema.json",
            "twitter-helpdesk-conversation-command-v1.schema.json",
            "schema/twitter-helpdesk-conversation-command-v1.schema.json");

    private ContractDocuments() {
    }

    /** The document's text, or null when no document has this name. */
    public static String document(String name) {
        String resource = name == null ? null : DOCUMENTS.get(name);
        if (resource == null) {
            return null;
        }
        try (InputStream in = ContractDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
