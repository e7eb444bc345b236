package io.twitterhelpdesk.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The media types the connector knows (PNG, JPEG, GIF, WebP, MP4): what a file really is, read from its first bytes
 * (magic numbers) rather than from a header or a declared type (anything else, an HTML page, a PDF, text, is none of
 * them), and the file name extension of each type.
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

    private static final Map<String, String> EXTENSIONS = Map.of(PNG, "png", JPEG, "jpg", GIF, "gif", WEBP, "webp",
            MP4, "mp4");

    /** A file name with the type's extension, for a multipart part. */
    public static String fileName(String contentType) {
        return "reply." + extension(contentType).orElse("bin");
    }

    /** The file name extension of a known type ({@code jpg} for JPEG), without the dot. */
    public static Optional<String> extension(String contentType) {
        return Optional.ofNullable(contentType == null ? null : EXTENSIONS.get(contentType));
    }

    /** The known type a file name extension ({@code png}, {@code jpg} or {@code jpeg}, ...) stands for. */
    public static Optional<String> ofExtension(String extension) {
        String e = extension.toLowerCase(java.util.Locale.ROOT);
        return "jpeg".equals(e) ? Optional.of(JPEG) : EXTENSIONS.entrySet().stream()
                .filter(t -> t.getValue().equals(e)).map(Map.Entry::getKey).findFirst();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
