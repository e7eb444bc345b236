package io.twitterhelpdesk.outbound;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.xapi.XApiClient;
import twitter4j.TwitterException;
import twitter4j.v1.Relationship;

/**
 * Asks Twitter, right before a proactive DM (to a customer who never wrote), whether the account may send it: the
 * customer follows the account, or accepts Direct Messages from anyone.
 * <ul>
 * <li>v1.1: {@code GET friendships/show?source_id=<account>&target_id=<customer>}: {@code source.can_dm}, or
 *     {@code target.following} (the customer follows the account);</li>
 * <li>v2: {@code GET /2/users/:id?user.fields=receives_your_dm,connection_status}: {@code receives_your_dm}, or
 *     {@code connection_status} containing {@code followed_by}.</li>
 * </ul>
 */
public final class ProactiveCheck {

    static final String REFUSED = "recipient_does_not_accept_dms";

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final XApiClient xApi;

    public ProactiveCheck(AccountRegistry accounts, TwitterClients clients, XApiClient xApi) {
        this.accounts = accounts;
        this.clients = clients;
        this.xApi = xApi;
    }

    /** Whether Twitter lets the account DM the recipient; a failed lookup throws (the send is retried or fails). */
    public boolean allows(ReplyDecision.Send send) throws TwitterException {
        if (accounts.get(send.accountName()).api() == ApiVersion.V2) {
            JsonNode user = xApi.get(send.accountName(), "users/" + send.recipientId(),
                    Map.of("user.fields", "receives_your_dm,connection_status")).json().path("data");
            boolean followsAccount = false;
            for (JsonNode status : user.path("connection_status")) {
                followsAccount |= "followed_by".equals(status.asText());
            }
            return user.path("receives_your_dm").asBoolean(false) || followsAccount;
        }
        Relationship relationship = clients.client(send.accountName()).v1().friendsFollowers()
                .showFriendship(send.accountId(), send.recipientId());
        return relationship.canSourceDm() || relationship.isTargetFollowingSource();
    }

    /** The rejection message of a proactive DM Twitter would refuse. */
    static String refusal(ReplyDecision.Send send) {
        return "Customer " + send.recipientId() + " neither follows account " + send.accountName()
                + " nor accepts Direct Messages from anyone: a proactive DM cannot reach them. Ask them in public to "
                + "follow the account or to write first";
    }
}
