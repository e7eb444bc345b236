package io.twitterhelpdesk.outbound;


import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.envelope.EnvelopeMapper;
import io.twitterhelpdesk.envelope.V2EnvelopeMapper;
import io.twitterhelpdesk.xapi.XApiClient;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;

/**
 * Finds on Twitter what an interrupted send may already have sent, so a reply whose send was under way when the
 * connector stopped (killed between Twitter's answer and the commit) goes out exactly once: a DM from the account to
 * the customer with the same text, created since the attempt began, in the account's latest DM events (one request);
 * for a public reply, Twitter's own refusal of a duplicate tweet is the evidence.
 */
final class SentReplies {

    /** Clocks differ: a DM created this long before the attempt's recorded start still counts. */
    private static final Duration SKEW = Duration.ofMinutes(2);

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final XApiClient xApi;

    SentReplies(AccountRegistry accounts, TwitterClients clients, XApiClient xApi) {
        this.accounts = accounts;
        this.clients = clients;
        this.xApi = xApi;
    }

    /** The id of a DM the send's account sent to its recipient with its text since {@code since}, if listed. */
    Optional<String> directMessage(ReplyDecision.Send send, Instant since) throws TwitterException {
        Instant from = since.minus(SKEW);
        String text = send.text().strip();
        if (accounts.get(send.accountName()).api() == ApiVersion.V2) {
            return v2DirectMessage(send, from, text);
        }
        List<DirectMessage> listed = clients.client(send.accountName()).v1().directMessages().getDirectMessages(50);
        clients.meter().read(send.accountName(), Long.toString(send.accountId()), BillableUnit.DM_EVENT_READ,
                listed.stream().map(dm -> Long.toString(dm.getId())).toList());
        for (DirectMessage dm : listed) {
            if (dm.getSenderId() == send.accountId() && dm.getRecipientId() == send.recipientId()
                    && !dm.getCreatedAt().atZone(java.time.ZoneId.systemDefault()).toInstant().isBefore(from)
                    && text.equals(EnvelopeMapper.text(dm.getText(), dm.getURLEntities(), dm.getMediaEntities()))) {
                return Optional.of(Long.toString(dm.getId()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> v2DirectMessage(ReplyDecision.Send send, Instant from, String text)
            throws TwitterException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("event_types", "MessageCreate");
        query.put("dm_event.fields", "id,text,sender_id,dm_conversation_id,created_at,entities");
        query.put("max_results", "100");
        JsonNode events = xApi.get(send.accountName(), "dm_events", query).json().path("data");
        Set<String> pair = Set.of(Long.toString(send.accountId()), Long.toString(send.recipientId()));
        for (JsonNode event : events) {
            if (event.path("sender_id").asText().equals(Long.toString(send.accountId()))
                    && new java.util.HashSet<>(java.util.Arrays.asList(event.path("dm_conversation_id").asText()
                            .split("-"))).equals(pair)
                    && !createdAt(event).isBefore(from)
                    && text.equals(V2EnvelopeMapper.text(event))) {
                return Optional.of(event.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private static Instant createdAt(JsonNode event) {
        try {
            return Instant.parse(event.path("created_at").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Twitter's refusal of a tweet with the same text as one the account just posted (v1.1 code 187, v2 403). */
    static boolean isDuplicateTweet(TwitterException e) {
        if (e.getErrorCode() == 187) {
            return true;
        }
        String detail = e.getErrorMessage();
        return e.getStatusCode() == 403 && detail != null && detail.toLowerCase(java.util.Locale.ROOT)
                .contains("duplicate content");
    }
}
