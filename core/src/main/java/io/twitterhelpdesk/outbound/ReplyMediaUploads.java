package io.twitterhelpdesk.outbound;

import io.twitterhelpdesk.media.MediaTypes;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.xapi.MediaUpload;
import io.twitterhelpdesk.state.ReplyLedger;
import io.twitterhelpdesk.state.ReplyMediaId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;
import twitter4j.v1.TweetsResources;
import twitter4j.v1.UploadedMedia;

/**
 * The X media id a reply's media goes out with, uploaded once: a media id recorded for the reply and valid for at
 * least {@link #REUSE_MARGIN} more is used again (a reply retried after a failed send, a 429 or a restart); otherwise
 * the file (inline, or fetched by {@link MediaDownload}) is checked against {@link MediaRules}, uploaded from the
 * reply's account (X API v2 by {@link MediaUpload}; v1.1 by twitter4j's {@code media/upload}, chunked for video) and
 * its id recorded before the reply is sent.
 */
public final class ReplyMediaUploads {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyMediaUploads.class);
    /** A recorded media id closer than this to its expiry is uploaded again rather than risked. */
    static final Duration REUSE_MARGIN = Duration.ofMinutes(10);
    /** twitter4j does not read {@code expires_after_secs}: X documents 24 hours for v1.1 uploads. */
    static final Duration V1_EXPIRY = Duration.ofHours(24);

    private final MediaRules rules;
    private final MediaDownload download;
    private final ReplyLedger ledger;
    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final MediaUpload v2;
    private final Clock clock;

    public ReplyMediaUploads(MediaRules rules, ReplyLedger ledger, AccountRegistry accounts,
            TwitterClients clients, MediaUpload v2, Clock clock) {
        this.rules = rules;
        this.download = new MediaDownload(rules);
        this.ledger = ledger;
        this.accounts = accounts;
        this.clients = clients;
        this.v2 = v2;
        this.clock = clock;
    }

    /**
     * The media id to attach, or null for a reply without media.
     *
     * @throws RefusedMediaException the file cannot be had or is not allowed (the reply is rejected)
     * @throws TwitterException      X refused the upload or could not be reached (sorted like a send's failure)
     */
    public String mediaId(OutgoingReply reply) throws TwitterException {
        ReplyMedia media = reply.media();
        if (media == null) {
            return null;
        }
        Instant now = clock.instant();
        Optional<ReplyMediaId> earlier = ledger.replyMedia(reply.replyId());
        if (earlier.isPresent() && earlier.get().expiresAt().isAfter(now.plus(REUSE_MARGIN))) {
            LOG.info("Reply {} attaches media {} uploaded by an earlier attempt", reply.replyId(),
                    earlier.get().mediaId());
            return earlier.get().mediaId();
        }
        byte[] bytes;
        String type;
        if (media.isInline()) {
            bytes = media.data();
            type = rules.check(bytes, media.contentType());
        } else {
            MediaDownload.Fetched fetched = download.fetch(media.url());
            bytes = fetched.bytes();
            type = fetched.contentType();
        }
        ReplyDecision.Send send = reply.send();
        ReplyMediaId uploaded = accounts.get(send.accountName()).api() == ApiVersion.V2
                ? v2(send, bytes, type, reply.isDirectMessage())
                : v1(send, bytes, type);
        ledger.recordReplyMedia(reply.replyId(), uploaded);
        LOG.info("Reply {}: {} of {} bytes uploaded from account {} as media {}", reply.replyId(), type, bytes.length,
                send.accountName(), uploaded.mediaId());
        return uploaded.mediaId();
    }

    private ReplyMediaId v2(ReplyDecision.Send send, byte[] bytes, String type, boolean directMessage)
            throws TwitterException {
        MediaUpload.Uploaded uploaded = v2.upload(send.accountName(), bytes, type, MediaTypes.fileName(type),
                MediaTypes.category(type, directMessage), !MediaTypes.isStillImage(type));
        return new ReplyMediaId(uploaded.mediaId(), uploaded.expiresAt());
    }

    /** twitter4j's chunked upload declares video/mp4 (tweet_video): GIFs and images go in one request. */
    private ReplyMediaId v1(ReplyDecision.Send send, byte[] bytes, String type) throws TwitterException {
        TweetsResources tweets = clients.client(send.accountName()).v1().tweets();
        String fileName = MediaTypes.fileName(type);
        UploadedMedia uploaded = MediaTypes.MP4.equals(type)
                ? tweets.uploadMediaChunked(fileName, new ByteArrayInputStream(bytes))
                : tweets.uploadMedia(fileName, new ByteArrayInputStream(bytes));
        return new ReplyMediaId(Long.toString(uploaded.getMediaId()), clock.instant().plus(V1_EXPIRY));
    }
}
