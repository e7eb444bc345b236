package io.twitterhelpdesk.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A body template's JSON object as a multipart/form-data request with files (attachments mode {@code multipart}, as
 * Freshdesk takes them). Each field of the object becomes form fields the way Rails-style APIs read them back:
 * <ul>
 * <li>a string, number or boolean: one field, its text ({@code "status": 2} is {@code status=2});</li>
 * <li>an array: each element under {@code name[]} ({@code "tags": ["a","b"]} is {@code tags[]=a}, {@code tags[]=b});
 * </li>
 * <li>an object: each of its fields under {@code name[key]} ({@code "custom_fields": {"cf_x": 1}} is
 * {@code custom_fields[cf_x]=1});</li>
 * <li>null: no field.</li>
 * </ul>
 * Then each file is a part named by {@code attachments.multipart.field}, with its file name and content type.
 */
public final class MultipartForm {

    /** One form field. */
    public record Field(String name, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    private MultipartForm() {
    }

    /** The form fields of a template's output, in order; refused unless it is a JSON object. */
    public static List<Field> fields(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body template's output is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("in attachments mode multipart the body template must produce a JSON "
                    + "object (its fields become the form's fields)");
        }
        List<Field> fields = new ArrayList<>();
        root.fields().forEachRemaining(e -> flatten(e.getKey(), e.getValue(), fields));
        return fields;
    }

    private static void flatten(String name, JsonNode node, List<Field> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> flatten(name + "[]", element, out));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                flatten(name + "[" + e.getKey() + "]", e.getValue(), out);
            }
        } else {
            out.add(new Field(name, node.asText()));
        }
    }

    /** The multipart entity: the fields of {@code json}, then each file as a part named {@code fileField}. */
    public static HttpEntity entity(String json, List<Attachment> files, String fileField) {
        MultipartEntityBuilder builder = MultipartEntityBuilder.create().setMode(HttpMultipartMode.EXTENDED)
                .setContentType(ContentType.create("multipart/form-data", StandardCharsets.UTF_8));
        for (Field field : fields(json)) {
            builder.addTextBody(field.name(), field.value(), TEXT);
        }
        for (Attachment file : files) {
            builder.addBinaryBody(fileField, file.bytes(), ContentType.parse(file.contentType()), file.filename());
        }
        return builder.build();
    }
}
