package io.twitterhelpdesk.xapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;

/**
 * A {@code multipart/form-data} request body (RFC 7578) of text fields and file parts, built with HttpClient 5's
 * {@link MultipartEntityBuilder} and kept in memory for the {@code x-api-request} route: what X's media upload takes
 * ({@code media}, {@code media_category}, {@code segment_index}).
 */
public final class MultipartBody {

    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    private final MultipartEntityBuilder builder = MultipartEntityBuilder.create()
            .setMode(HttpMultipartMode.STRICT);
    private HttpEntity entity;

    public MultipartBody field(String name, String value) {
        builder.addTextBody(name, value, TEXT);
        return this;
    }

    public MultipartBody file(String name, String fileName, String contentType, byte[] bytes) {
        builder.addBinaryBody(name, bytes, ContentType.parse(contentType), fileName);
        return this;
    }

    public String contentType() {
        return entity().getContentType();
    }

    /** The body, closing delimiter included. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            entity().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private HttpEntity entity() {
        if (entity == null) {
            entity = builder.build();
        }
        return entity;
    }
}
