package io.twitterhelpdesk.delivery;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.metrics.ConnectorMetrics;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envelope's media as files for a helpdesk ({@code helpdesk.http.<name>.attachments.*}), for route
 * helpdesk-attachments: fetches them once per message (in variable {@code attachments}, a {@link MessageAttachments}
 * kept across the tries of one delivery, so a file is not uploaded twice when the create call is tried again),
 * prepares each upload call and
 * reads its token, gives the body template its input (the envelope with {@code attachments} and
 * {@code notAttached}) and turns the template's output into a multipart body.
 */
public final class HelpdeskAttachments {

    private static final Logger LOG = LoggerFactory.getLogger(HelpdeskAttachments.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpHelpdesks helpdesks;
    private final ConnectorMetrics metrics;
    private final Map<String, AttachmentDownload> downloads = new LinkedHashMap<>();

    /** {@code metrics} may be null (metrics off). */
    public HelpdeskAttachments(HttpHelpdesks helpdesks, ConnectorMetrics metrics) {
        this.helpdesks = helpdesks;
        this.metrics = metrics;
        for (HttpHelpdesk helpdesk : helpdesks.all()) {
            downloads.put(helpdesk.name(), new AttachmentDownload(helpdesk.attachments().fetchTimeout()));
        }
    }

    /** Before the tries of a message: its files, none fetched yet (variable {@code attachments}). */
    public void begin(Exchange exchange) {
        exchange.setVariable("attachments", new MessageAttachments());
    }

    /**
     * Fetches the media of the envelope (variable {@code envelope}) unless this message's tries already did: the
     * files, and the media delivered as a link only with why. A link that may answer later throws
     * {@link HelpdeskUnavailableException}: the delivery waits.
     */
    public void fetch(Exchange exchange) throws JsonProcessingException {
        MessageAttachments message = attachments(exchange);
        if (message.fetched()) {
            return;
        }
        String name = exchange.getVariable("helpdesk", String.class);
        HttpHelpdesk helpdesk = helpdesks.get(name);
        String envelopeId = exchange.getVariable("envelopeId", String.class);
        List<Attachment> files = new ArrayList<>();
        List<Map<String, String>> notAttached = new ArrayList<>();
        for (JsonNode media : JSON.readTree(exchange.getVariable("envelope", String.class)).path("media")) {
            String url = media.path("url").asText("");
            String type = media.path("type").asText("");
            AttachmentDownload.Result result = downloads.get(name).fetch(url, type,
                    helpdesk.attachments().maxBytes());
            if (result.attachment() != null) {
                files.add(result.attachment());
                continue;
            }
            AttachmentDownload.NotAttached why = result.notAttached();
            Map<String, String> item = new LinkedHashMap<>();
            item.put("type", type);
            item.put("url", url);
            item.put("reason", why.reason());
            notAttached.add(item);
            notAttachedLog(name, envelopeId, type, url, why);
            if (metrics != null) {
                metrics.attachmentNotAttached(name, why.metricReason());
            }
        }
        message.fetched(files, notAttached);
    }

    /**
     * A link no longer served is INFO (nobody can bring the file back); a file over the cap (the key to raise) or a
     * link refusing (e.g. expired) is WARN. The link's query (its signature) is left out.
     */
    private static void notAttachedLog(String helpdesk, String envelopeId, String type, String url,
            AttachmentDownload.NotAttached why) {
        String link = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        switch (why.metricReason()) {
            case "gone" -> LOG.info("{}: {} {} of {} is not attached, {}; delivered with its link only", helpdesk, type,
                    link, envelopeId, why.reason());
            case "too_large" -> LOG.warn("{}: {} {} of {} is not attached, {}; delivered with its link only (raise "
                    + "helpdesk.http.{}.attachments.max-bytes if the helpdesk takes larger files)", helpdesk, type,
                    link, envelopeId, why.reason(), helpdesk);
            default -> LOG.warn("{}: {} {} of {} is not attached, {}; delivered with its link only (a signed media "
                    + "link may have expired while the delivery waited for the helpdesk)", helpdesk, type, link,
                    envelopeId, why.reason());
        }
    }

    /** Whether a file of this message still has to be uploaded (attachments mode upload). */
    public boolean uploadPending(Exchange exchange) {
        HttpHelpdesk helpdesk = helpdesks.get(exchange.getVariable("helpdesk", String.class));
        return helpdesk.attachments().mode() == AttachmentOptions.Mode.UPLOAD
                && attachments(exchange).nextUpload().isPresent();
    }

    /**
     * Prepares the upload of the next file without a token: POST its bytes to {@code attachments.upload.url} with the
     * helpdesk's headers and authentication, {@code Content-Type} the file's type; variable {@code upload} names it.
     */
    public void prepareUpload(Exchange exchange) {
        HttpHelpdesk helpdesk = helpdesks.get(exchange.getVariable("helpdesk", String.class));
        Attachment file = attachments(exchange).nextUpload().orElseThrow();
        HttpHelpdesks.request(exchange, helpdesk, "POST", helpdesk.attachments().uploadUrl(file.filename()),
                Map.of("Content-Type", file.contentType()));
        exchange.getMessage().setBody(file.bytes());
        exchange.setVariable("upload", file.toString());
    }

    /**
     * Keeps the token of the file just uploaded, read from the upload answer (variable {@code answer}) at
     * {@code attachments.upload.token-path}; also in variable {@code token}: null when the answer has none there.
     */
    public void uploaded(Exchange exchange) {
        HttpHelpdesk helpdesk = helpdesks.get(exchange.getVariable("helpdesk", String.class));
        String token = helpdesk.attachments().tokenPath().orElseThrow()
                .read(exchange.getVariable("answer", String.class));
        exchange.setVariable("token", token);
        if (token != null) {
            attachments(exchange).uploaded(token);
        }
    }

    /** The body template's input as the body: the envelope with {@code attachments} and {@code notAttached}. */
    public void templateInput(Exchange exchange) throws JsonProcessingException {
        HttpHelpdesk helpdesk = helpdesks.get(exchange.getVariable("helpdesk", String.class));
        MessageAttachments message = attachments(exchange);
        exchange.getMessage().setBody(JSON.writeValueAsString(templateInput(
                exchange.getVariable("envelope", String.class), message.files(), message.notAttached(),
                helpdesk.attachments().mode())));
    }

    /**
     * The envelope with {@code attachments}: {@code [{filename, contentType, size, url}]}, plus {@code token} in
     * upload mode and {@code base64} in inline mode; and {@code notAttached}: {@code [{type, url, reason}]}.
     */
    static ObjectNode templateInput(String envelope, List<Attachment> files, List<Map<String, String>> notAttached,
            AttachmentOptions.Mode mode) throws JsonProcessingException {
        ObjectNode input = (ObjectNode) JSON.readTree(envelope);
        ArrayNode attachments = input.putArray("attachments");
        for (Attachment file : files) {
            ObjectNode a = attachments.addObject().put("filename", file.filename())
                    .put("contentType", file.contentType()).put("size", file.bytes().length).put("url", file.url());
            if (mode == AttachmentOptions.Mode.UPLOAD) {
                a.put("token", file.token());
            } else if (mode == AttachmentOptions.Mode.INLINE) {
                a.put("base64", Base64.getEncoder().encodeToString(file.bytes()));
            }
        }
        input.set("notAttached", JSON.valueToTree(notAttached));
        return input;
    }

    /**
     * Turns the body (the template's JSON object) into a multipart/form-data body with the files
     * ({@link MultipartForm}), and the {@code Content-Type} header with its boundary.
     */
    public void multipart(Exchange exchange) {
        HttpHelpdesk helpdesk = helpdesks.get(exchange.getVariable("helpdesk", String.class));
        HttpEntity entity = MultipartForm.entity(exchange.getMessage().getBody(String.class),
                attachments(exchange).files(),
                helpdesk.attachments().multipartField());
        exchange.getMessage().setHeader("Content-Type", entity.getContentType());
        exchange.getMessage().setBody(entity);
    }

    private static MessageAttachments attachments(Exchange exchange) {
        MessageAttachments attachments = exchange.getVariable("attachments", MessageAttachments.class);
        if (attachments == null) {
            attachments = new MessageAttachments();
            exchange.setVariable("attachments", attachments);
        }
        return attachments;
    }
}
