package io.twitterhelpdesk.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a media file really is, read from its first bytes (magic numbers) rather than from a header or a declared
 * type: PNG, JPEG, GIF, WebP or MP4. Anything else (an HTML page, a PDF, text) is none of them.
 */
public final class MediaTypes {

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String GIF = "image/gif";
    public static final String WEBP = "image/webp";
    public static final String MP4 = "video/mp4";

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private MediaTypes() {
    }

    /** The content type the bytes are, or empty when they are none of the types the connector knows. */
    public static Optional<String> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, ascii("GIF87a")) || startsWith(bytes, 0, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 4, ascii("ftyp"))) {
            return Optional.of(MP4);
        }
        return Optional.empty();
    }

    /** Whether X takes the type in one upload (images); GIFs and videos go in chunks. */
    public static boolean isStillImage(String contentType) {
        return PNG.equals(contentType) || JPEG.equals(contentType) || WEBP.equals(contentType);
    }

    /** The {@code media_category} of X's upload: {@code dm_image|dm_gif|dm_video} or {@code tweet_...}. */
    public static String category(String contentType, boolean directMessage) {
        String kind = GIF.equals(contentType) ? "gif" : MP4.equals(contentType) ? "video" : "image";
        return (directMessage ? "dm_" : "tweet_") + kind;
    }

    /** A file name with the type's extension, for a multipart part. */
    public static String fileName(String contentType) {
        return "reply." + switch (contentType) {
            case PNG -> "png";
            case JPEG -> "jpg";
            case GIF -> "gif";
            case WEBP -> "webp";
            case MP4 -> "mp4";
            default -> "bin";
        };
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
