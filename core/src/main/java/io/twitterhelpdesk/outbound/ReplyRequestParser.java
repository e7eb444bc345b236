package io.twitterhelpdesk.outbound;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.twitterhelpdesk.conversation.ConversationKey;

/**
 * Reads a reply request ({@code {"replyId","conversationKey","text","accountId"?,"mode"?,"media"?}}; mode {@code dm},
 * {@code public} or {@code proactive}, the last with a {@code twitter:dm:<account>:<customer>} key; media
 * {@code {"url"}} or {@code {"data" (base64),"contentType"}}) and refuses anything
 * else with an {@link InvalidReplyException} whose code says why. It checks the form only; whether the reply may be
 * sent is {@link ReplyPolicy}'s decision.
 */
public final class ReplyRequestParser {

    private static final Set<String> FIELDS = Set.of("replyId", "conversationKey", "text", "accountId", "mode",
            "media");
    private static final Set<String> MEDIA_FIELDS = Set.of("url", "data", "contentType");
    private static final Pattern REPLY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> MODES = Set.of("dm", "public", ReplyRequest.PROACTIVE);
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ReplyRequestParser() {
    }

    public static ReplyRequest parse(String json) {
        JsonNode root = readObject(json);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidReplyException("unknown_field",
                        "Unknown field '" + name + "'; a reply request has replyId, conversationKey, text, accountId, mode, media");
            }
        }
        ReplyRequest request = new ReplyRequest(replyId(root), conversationKey(root), text(root), accountId(root),
                mode(root), media(root));
        if (request.isProactive()) {
            checkProactive(request);
        }
        return request;
    }

    /**
     * A proactive DM names its account and customer in a DM conversation key; an accountId, if given, is that
     * account.
     */
    private static void checkProactive(ReplyRequest request) {
        ConversationKey key = ConversationKey.parse(request.conversationKey());
        if (key.kind() != ConversationKey.Kind.DM) {
            throw new InvalidReplyException("invalid_conversation_key", "A proactive DM names the account and the "
                    + "customer: conversationKey twitter:dm:<accountId>:<customerId>, not " + request.conversationKey());
        }
        if (request.accountId() != null && Long.parseLong(request.accountId()) != key.accountId()) {
            throw new InvalidReplyException("invalid_account_id", "accountId " + request.accountId()
                    + " is not the account of conversationKey " + request.conversationKey()
                    + "; leave it out of a proactive DM or give the same id");
        }
    }

    private static JsonNode readObject(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidReplyException("malformed_json", "The reply request is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidReplyException("malformed_json", "The reply request is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReplyException("malformed_json", "The reply request must be a JSON object, not "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase()));
        }
        return root;
    }

    private static String replyId(JsonNode root) {
        JsonNode node = present(root, "replyId");
        if (node == null || (node.isTextual() && node.asText().isBlank())) {
            throw new InvalidReplyException("missing_reply_id", "replyId is required (the client's idempotency key)");
        }
        if (!node.isTextual() || !REPLY_ID.matcher(node.asText()).matches()) {
            throw new InvalidReplyException("invalid_reply_id",
                    "replyId must be a string of 1 to 128 characters among A-Z a-z 0-9 . _ : -");
        }
        return node.asText();
    }

    private static String conversationKey(JsonNode root) {
        JsonNode node = present(root, "conversationKey");
        if (node == null || !node.isTextual()) {
            throw new InvalidReplyException("invalid_conversation_key",
                    "conversationKey is required: twitter:dm:<accountId>:<customerId> or twitter:thread:<rootTweetId>");
        }
        try {
            ConversationKey.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidReplyException("invalid_conversation_key", "conversationKey: " + e.getMessage());
        }
        return node.asText();
    }

    private static String text(JsonNode root) {
        JsonNode node = present(root, "text");
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidReplyException("missing_text", "text is required: a non-blank string");
        }
        return node.asText();
    }

    private static String accountId(JsonNode root) {
        JsonNode node = present(root, "accountId");
        if (node == null) {
            return null;
        }
        String value = node.isTextual() || node.isIntegralNumber() ? node.asText() : "";
        if (!DIGITS.matcher(value).matches() || !isPositiveLong(value)) {
            throw new InvalidReplyException("invalid_account_id",
                    "accountId must be the company account's numeric Twitter id, not " + node);
        }
        return value;
    }

    private static boolean isPositiveLong(String digits) {
        try {
            return Long.parseLong(digits) > 0;
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    private static String mode(JsonNode root) {
        JsonNode node = present(root, "mode");
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !MODES.contains(node.asText())) {
            throw new InvalidReplyException("invalid_mode",
                    "mode must be \"dm\", \"public\" or \"proactive\", not " + node);
        }
        return node.asText();
    }

    /**
     * {@code media}: an object with exactly one of {@code url} (http or https) and {@code data} (base64, with its
     * {@code contentType}). Size and type are {@link MediaRules}' checks.
     */
    private static ReplyMedia media(JsonNode root) {
        JsonNode node = present(root, "media");
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw invalidMedia("media must be an object: {\"url\": \"https://...\"} or {\"data\": \"<base64>\", "
                    + "\"contentType\": \"image/png\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEDIA_FIELDS.contains(name)) {
                throw invalidMedia("Unknown field 'media." + name + "'; media has url, or data and contentType");
            }
        }
        JsonNode url = present(node, "url");
        JsonNode data = present(node, "data");
        if ((url == null) == (data == null)) {
            throw invalidMedia("media needs exactly one of url and data");
        }
        if (url != null) {
            if (present(node, "contentType") != null) {
                throw invalidMedia("media.contentType goes with data; the type of a fetched file is read from it");
            }
            return ReplyMedia.fetched(httpUrl(url));
        }
        JsonNode type = present(node, "contentType");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw invalidMedia("media.contentType is required with media.data, e.g. \"image/png\"");
        }
        if (!data.isTextual() || data.asText().isEmpty()) {
            throw invalidMedia("media.data must be the file's bytes in base64");
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(strictBase64(data.asText()));
        } catch (IllegalArgumentException e) {
            throw invalidMedia("media.data is not valid base64: " + e.getMessage());
        }
        return ReplyMedia.inline(bytes, type.asText().trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** The text without line breaks, if it only holds base64 characters (and is whole groups of four). */
    private static String strictBase64(String text) {
        String compact = text.replace("\r", "").replace("\n", "");
        if (!compact.matches("[A-Za-z0-9+/]*={0,2}") || compact.length() % 4 != 0) {
            throw new IllegalArgumentException("only A-Z a-z 0-9 + / and = padding, in groups of four characters");
        }
        return compact;
    }

    private static String httpUrl(JsonNode url) {
        if (url.isTextual()) {
            try {
                java.net.URI uri = new java.net.URI(url.asText());
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null) {
                    return uri.toString();
                }
            } catch (java.net.URISyntaxException e) {
                // the message below
            }
        }
        throw invalidMedia("media.url must be an absolute http or https URL");
    }

    private static RefusedMediaException invalidMedia(String message) {
        return new RefusedMediaException(RefusedMediaException.INVALID, message);
    }

    /** The field's value, or null when it is absent or JSON null. */
    private static JsonNode present(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
