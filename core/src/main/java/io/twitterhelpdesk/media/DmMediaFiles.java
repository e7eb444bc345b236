package io.twitterhelpdesk.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import twitter4j.TwitterException;

/**
 * The connector's media endpoint ({@code GET /api/v1/media/<account id>/<dm>/<media>/<resource>}, route
 * api-get-media): the file attached to a DM of one of the connector's accounts, from the {@link MediaCache} or
 * fetched from X once by {@link DmMediaDownload}, streamed with its content type and length. Problems are
 * {@link MediaProblem}s: an account the connector does not run or a file X does not serve (to that account) is a 404.
 */
public final class DmMediaFiles {

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final DmMediaDownload download;
    private final MediaCache cache;
    private final ConnectorMetrics metrics;

    public DmMediaFiles(AccountRegistry accounts, TwitterClients clients, DmMediaDownload download, MediaCache cache,
            ConnectorMetrics metrics) {
        this.metrics = metrics;
        this.accounts = accounts;
        this.clients = clients;
        this.download = download;
        this.cache = cache;
    }

    /** Answers the request: headers {@code accountId}, {@code dmId}, {@code mediaId}, {@code resourceId}. */
    public void serve(Exchange exchange) throws MediaProblem {
        Message message = exchange.getMessage();
        DmMediaRef ref = ref(message);
        String accountId = message.getHeader("accountId", String.class);
        String account = accountNamed(accountId).orElseThrow(() -> new MediaProblem(404, "account_not_found",
                "The connector runs no account with Twitter id " + accountId));
        boolean[] fromX = {false};
        MediaCache.Entry entry;
        try {
            entry = cache.get(account + "/" + ref.path(), target -> {
                fromX[0] = true;
                return download.fetch(account, ref, target);
            });
        } catch (MediaProblem e) {
            metrics.mediaServed(account, "refused");
            throw e;
        }
        metrics.mediaServed(account, fromX[0] ? "x" : "cache");
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, entry.contentType());
        // the file of a private conversation: a browser may keep it, a shared cache may not
        message.setHeader("Cache-Control", "private, max-age=3600");
        // a mapped file: platform-http answers a ByteBuffer with its Content-Length (an InputStream goes chunked)
        try (FileChannel file = FileChannel.open(entry.file(), StandardOpenOption.READ)) {
            message.setBody(file.map(FileChannel.MapMode.READ_ONLY, 0, entry.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cached media " + entry.file(), e);
        }
    }

    /** The DM file the request names; a malformed part is a 404 (no such file), not a server error. */
    static DmMediaRef ref(Message message) throws MediaProblem {
        try {
            return new DmMediaRef(message.getHeader("dmId", String.class), message.getHeader("mediaId", String.class),
                    message.getHeader("resourceId", String.class));
        } catch (IllegalArgumentException e) {
            throw new MediaProblem(404, "media_not_found", "No such media: " + e.getMessage());
        }
    }

    private Optional<String> accountNamed(String twitterId) {
        if (twitterId == null || !twitterId.matches("[0-9]{1,19}")) {
            return Optional.empty();
        }
        for (Account account : accounts.all()) {
            try {
                if (Long.toString(clients.accountId(account.name())).equals(twitterId)) {
                    return Optional.of(account.name());
                }
            } catch (TwitterException e) {
                // an account whose id cannot be looked up now is not the one asked for, as far as we can tell
            }
        }
        return Optional.empty();
    }
}
