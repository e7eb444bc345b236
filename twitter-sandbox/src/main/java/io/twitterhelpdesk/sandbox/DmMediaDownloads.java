package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;

/**
 * Serves the file attached to a DM to an authenticated participant, as X does on {@code ton.twitter.com} (v1.1) and at
 * {@code GET /2/dm_conversations/media/{dm_id}/{media_id}/{resource_id}}: the bytes with their content type; a
 * user who is not a participant gets 403, an unknown DM, attachment or file 404 (the callers answer these in their
 * API's error shape).
 */
final class DmMediaDownloads {

    /** Not a participant of the DM. */
    static final class NotParticipant extends RuntimeException {
        NotParticipant(String message) {
            super(message);
        }
    }

    /** No such DM, attachment or file. */
    static final class NoSuchMedia extends RuntimeException {
        NoSuchMedia(String message) {
            super(message);
        }
    }

    private final SandboxStore store;

    DmMediaDownloads(SandboxStore store) {
        this.store = store;
    }

    /** @param parameters the endpoint's raw path parameters: dm id, media id, resource id */
    void serve(HttpExchange exchange, SandboxUser user, List<String> parameters) throws IOException {
        String dm = parameters.get(0);
        String media = parameters.get(1);
        String resource = parameters.get(2);
        if (!dm.matches("[0-9]{1,19}") || !media.matches("[0-9]{1,19}") || !resource.matches("[a-zA-Z0-9_.-]{1,50}")) {
            throw new NoSuchMedia("no media " + dm + "/" + media + "/" + resource);
        }
        MediaFiles.MediaFile file;
        try {
            file = store.directMessageFile(user.id(), Long.parseLong(dm), Long.parseLong(media), resource)
                    .orElseThrow(() -> new NoSuchMedia("no media " + media + " in direct message " + dm));
        } catch (SecurityException e) {
            throw new NotParticipant(e.getMessage());
        }
        HttpExchanges.sendBytes(exchange, file.contentType(), file.bytes());
    }
}
