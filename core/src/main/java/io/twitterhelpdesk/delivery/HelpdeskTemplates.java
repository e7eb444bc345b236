package io.twitterhelpdesk.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

/**
 * Checks a body template at start the way the delivery route's {@code jsonata:} endpoint will run it (camel-jsonata:
 * the template read through Camel's resource loader, compiled by the same JSONata library, the envelope as JSON in,
 * JSON out): the file exists, compiles, and turns each {@link SampleEnvelopes sample envelope} into JSON. A problem is
 * an {@link IllegalArgumentException} naming the key, instead of a failed delivery per message.
 */
final class HelpdeskTemplates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final Map<String, Object> samples = new LinkedHashMap<>();

    HelpdeskTemplates(CamelContext context) {
        this.context = context;
        SampleEnvelopes.all().forEach((name, json) -> {
            try {
                samples.put(name, JSON.readValue(json, Object.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("sample envelope " + name + " is not JSON", e);
            }
        });
    }

    /** Checks the template at {@code uri} (a {@code classpath:} or {@code file:} URI), configured under {@code key}. */
    void check(String key, String uri) {
        check(key, uri, AttachmentOptions.Mode.NONE);
    }

    /**
     * Checks the template with the input it gets in this attachments mode: each sample's media as an attached file
     * (with a token in upload mode, base64 in inline mode); in multipart mode its output must be a JSON object.
     */
    void check(String key, String uri, AttachmentOptions.Mode mode) {
        Jsonata template = compile(key, uri, read(key, uri));
        for (Map.Entry<String, Object> sample : samples.entrySet()) {
            Object body;
            try {
                body = template.evaluate(input(sample.getValue(), mode), template.createFrame());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ": template " + uri + " fails on " + sample.getKey() + ": "
                        + message(e));
            }
            if (body == null) {
                throw new IllegalArgumentException(key + ": template " + uri + " produces nothing for "
                        + sample.getKey() + " (the request body would be null): check its paths against the "
                        + "envelope's fields (docs/envelope.md)");
            }
            String json;
            try {
                json = JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(key + ": template " + uri + " does not produce JSON for "
                        + sample.getKey() + ": " + e.getOriginalMessage());
            }
            if (mode == AttachmentOptions.Mode.MULTIPART) {
                try {
                    MultipartForm.fields(json);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": template " + uri + " for " + sample.getKey() + ": "
                            + e.getMessage());
                }
            }
        }
    }

    /** A sample envelope as the template gets it in this attachments mode. */
    @SuppressWarnings("unchecked")
    private static Object input(Object sample, AttachmentOptions.Mode mode) {
        if (mode == AttachmentOptions.Mode.NONE) {
            return sample;
        }
        Map<String, Object> input = new LinkedHashMap<>((Map<String, Object>) sample);
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Map<String, Object> media : (List<Map<String, Object>>) input.getOrDefault("media", List.of())) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("filename", "sample.jpg");
            file.put("contentType", "image/jpeg");
            file.put("size", 3);
            file.put("url", media.get("url"));
            if (mode == AttachmentOptions.Mode.UPLOAD) {
                file.put("token", "sample-upload-token");
            } else if (mode == AttachmentOptions.Mode.INLINE) {
                file.put("base64", "/9j/");
            }
            attachments.add(file);
        }
        input.put("attachments", attachments);
        input.put("notAttached", List.of());
        return input;
    }

    /** The template's text, read as camel-jsonata reads it (lines joined by line feeds). */
    private String read(String key, String uri) {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().collect(Collectors.joining("\n"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + ": template " + uri + " does not exist or cannot be read ("
                    + message(e) + "); a template is a classpath: or file: URI");
        }
    }

    private static Jsonata compile(String key, String uri, String text) {
        try {
            return Jsonata.jsonata(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": template " + uri + " is not valid JSONata: " + message(e));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
