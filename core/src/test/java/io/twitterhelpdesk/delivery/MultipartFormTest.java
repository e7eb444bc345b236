package io.twitterhelpdesk.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a template's JSON object becomes form fields and parts (attachments mode multipart). */
class MultipartFormTest {

    @Test
    void scalarsAreFieldsArraysRepeatNameBracketsObjectsNestAndNullsAreLeftOut() {
        assertThat(MultipartForm.fields("{\"subject\":\"Hi\",\"status\":2,\"private\":false,\"tags\":[\"a\",\"b\"],"
                + "\"custom_fields\":{\"cf_handle\":\"@alice\",\"cf_n\":[1]},\"email\":null,\"cc_emails\":[]}"))
                .containsExactly(new MultipartForm.Field("subject", "Hi"), new MultipartForm.Field("status", "2"),
                        new MultipartForm.Field("private", "false"), new MultipartForm.Field("tags[]", "a"),
                        new MultipartForm.Field("tags[]", "b"),
                        new MultipartForm.Field("custom_fields[cf_handle]", "@alice"),
                        new MultipartForm.Field("custom_fields[cf_n][]", "1"));
    }

    @Test
    void onlyAJsonObjectIsAForm() {
        assertThatThrownBy(() -> MultipartForm.fields("[1]")).hasMessageContaining("must produce a JSON object");
        assertThatThrownBy(() -> MultipartForm.fields("\"text\"")).hasMessageContaining("must produce a JSON object");
        assertThatThrownBy(() -> MultipartForm.fields("{")).hasMessageContaining("not JSON");
    }

    @Test
    void theEntityHasTheFieldsThenEachFileWithItsNameTypeAndExactBytes() throws Exception {
        byte[] bytes = {(byte) 0xff, (byte) 0xd8, 0, 1, 2, (byte) 0x80};
        HttpEntity entity = MultipartForm.entity("{\"description\":\"Grüße\",\"tags\":[\"x\"]}",
                List.of(new Attachment("Rtr.jpg", "image/jpeg", "http://m/Rtr.jpg", bytes, null)), "attachments[]");

        assertThat(entity.getContentType()).startsWith("multipart/form-data; charset=UTF-8; boundary=");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeTo(out);
        String body = out.toString(StandardCharsets.ISO_8859_1);
        String utf8 = out.toString(StandardCharsets.UTF_8);
        assertThat(utf8).contains("name=\"description\"").contains("Grüße").contains("name=\"tags[]\"");
        assertThat(body).contains("Content-Disposition: form-data; name=\"attachments[]\"; filename=\"Rtr.jpg\"")
                .contains("Content-Type: image/jpeg")
                .contains("\r\n\r\n" + new String(bytes, StandardCharsets.ISO_8859_1) + "\r\n--");
        assertThat(body.indexOf("name=\"tags[]\"")).isLessThan(body.indexOf("name=\"attachments[]\""));
    }
}
