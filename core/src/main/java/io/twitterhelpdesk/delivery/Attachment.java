package io.twitterhelpdesk.delivery;

/**
 * One media item of an envelope fetched as a file for the helpdesk: its name, type and bytes, the link it was fetched
 * from, and (upload mode) the token the helpdesk's upload call answered, null until it is uploaded.
 */
public record Attachment(String filename, String contentType, String url, byte[] bytes, String token) {

    public Attachment uploaded(String uploadToken) {
        return new Attachment(filename, contentType, url, bytes, uploadToken);
    }

    @Override
    public String toString() {
        return filename + " (" + contentType + ", " + bytes.length + " bytes)";
    }
}
