package io.twitterhelpdesk.outbound;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Twitter's deep link that opens a DM to a company account, optionally with text filled in. */
public final class DmLink {

    private DmLink() {
    }

    public static String of(long accountId, String text) {
        String url = "https://twitter.com/messages/compose?recipient_id=" + accountId;
        if (text != null && !text.isBlank()) {
            url += "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }
        return url;
    }
}
