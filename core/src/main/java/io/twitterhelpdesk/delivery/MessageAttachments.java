package io.twitterhelpdesk.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of one message for one helpdesk, kept across the tries of its delivery (exchange variable
 * {@code attachments}, set once before them): the media fetched, those delivered as a link only, and the upload
 * tokens so far. Each try runs in the circuit breaker on a copy of the exchange, whose own variables are dropped when
 * the try fails; this object, shared by the copies, is not, so a retried delivery neither fetches nor uploads a file
 * again.
 */
public final class MessageAttachments {

    private List<Attachment> files;
    private List<Map<String, String>> notAttached = List.of();

    /** Whether the media were fetched for this message. */
    public synchronized boolean fetched() {
        return files != null;
    }

    synchronized void fetched(List<Attachment> fetchedFiles, List<Map<String, String>> linkOnly) {
        this.files = new ArrayList<>(fetchedFiles);
        this.notAttached = List.copyOf(linkOnly);
    }

    public synchronized List<Attachment> files() {
        return files == null ? List.of() : List.copyOf(files);
    }

    public synchronized List<Map<String, String>> notAttached() {
        return notAttached;
    }

    /** The first file not uploaded yet (upload mode). */
    synchronized Optional<Attachment> nextUpload() {
        return files().stream().filter(f -> f.token() == null).findFirst();
    }

    /** The {@link #nextUpload} file was uploaded: it has this token. */
    synchronized void uploaded(String token) {
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).token() == null) {
                files.set(i, files.get(i).uploaded(token));
                return;
            }
        }
    }
}
