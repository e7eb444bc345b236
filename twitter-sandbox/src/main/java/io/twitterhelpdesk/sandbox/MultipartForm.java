package io.twitterhelpdesk.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body (RFC 7578) read into its parts by name, bytes kept as they came: what X's media
 * upload receives from twitter4j and from the connector's v2 client.
 */
final class MultipartForm {

    /** One part: its bytes and, for a file, its declared content type. */
    record Part(String name, String fileName, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Part> parts;

    private MultipartForm(Map<String, Part> parts) {
        this.parts = parts;
    }

    Optional<Part> part(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    Optional<String> text(String name) {
        return part(name).map(Part::text);
    }

    /**
     * @param contentType the request's Content-Type, with its boundary
     * @throws IllegalArgumentException for a body that is not multipart with that boundary
     */
    static MultipartForm parse(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("the body holds no part delimited by the boundary");
        }
        while (true) {
            int afterDelimiter = at + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return new MultipartForm(parts);
            }
            int headersStart = afterDelimiter + 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd);
            if (headersEnd < 0 || next < 0) {
                throw new IllegalArgumentException("a part is not terminated by the boundary");
            }
            Part part = part(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(body, headersEnd + 4, next));
            parts.putIfAbsent(part.name(), part);
            at = next + 2;
        }
    }

    private static Part part(String headers, byte[] bytes) {
        String name = null;
        String fileName = null;
        String type = null;
        for (String header : headers.split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                name = parameter(header, "name");
                fileName = parameter(header, "filename");
            } else if (lower.startsWith("content-type:")) {
                type = header.substring("content-type:".length()).trim();
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("a part has no Content-Disposition name");
        }
        return new Part(name, fileName, type, bytes);
    }

    private static String parameter(String header, String parameter) {
        for (String piece : header.split(";")) {
            String p = piece.trim();
            if (p.startsWith(parameter + "=")) {
                String value = p.substring(parameter.length() + 1);
                return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String boundary(String contentType) {
        String b = contentType == null ? null : parameter(contentType, "boundary");
        if (b == null || b.isEmpty()) {
            throw new IllegalArgumentException("Content-Type multipart/form-data needs a boundary");
        }
        return b;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
