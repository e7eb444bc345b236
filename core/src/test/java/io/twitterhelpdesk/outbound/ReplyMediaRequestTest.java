package io.twitterhelpdesk.outbound;

import io.twitterhelpdesk.media.MediaTypes;

import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A reply request's {@code media}: its shape (the parser), then type sniffing and size (the rules). */
class ReplyMediaRequestTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    private static final String HEAD = "{\"replyId\":\"r1\",\"conversationKey\":\"twitter:dm:42:7\",\"text\":\"x\",";
    private final MediaRules rules = new MediaRules(20, Set.of(MediaTypes.PNG, MediaTypes.JPEG), Duration.ofSeconds(1));

    @Test
    void readsInlineDataAndUrls() {
        ReplyMedia inline = ReplyRequestParser.parse(HEAD + "\"media\":{\"data\":\""
                + Base64.getEncoder().encodeToString(PNG) + "\",\"contentType\":\"Image/PNG\"}}").media();
        ReplyMedia fetched = ReplyRequestParser.parse(HEAD + "\"media\":{\"url\":\"https://cdn.example.com/a.png?sig=1\"}}")
                .media();

        assertThat(inline).isEqualTo(ReplyMedia.inline(PNG, "image/png"));
        assertThat(fetched).isEqualTo(ReplyMedia.fetched("https://cdn.example.com/a.png?sig=1"));
        assertThat(fetched.toString()).doesNotContain("sig=1");
        assertThat(ReplyRequestParser.parse(HEAD + "\"media\":null}").media()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not an object        | \"media\":\"https://x.example/a.png\"",
            "neither              | \"media\":{}",
            "both                 | \"media\":{\"url\":\"https://x.example/a.png\",\"data\":\"AAAA\",\"contentType\":\"image/png\"}",
            "unknown field        | \"media\":{\"url\":\"https://x.example/a.png\",\"altText\":\"x\"}",
            "not http             | \"media\":{\"url\":\"file:///etc/passwd\"}",
            "relative url         | \"media\":{\"url\":\"/a.png\"}",
            "type with url        | \"media\":{\"url\":\"https://x.example/a.png\",\"contentType\":\"image/png\"}",
            "data without type    | \"media\":{\"data\":\"AAAA\"}",
            "not base64           | \"media\":{\"data\":\"%%%%\",\"contentType\":\"image/png\"}",
            "base64 cut short     | \"media\":{\"data\":\"AAA\",\"contentType\":\"image/png\"}",
            "empty data           | \"media\":{\"data\":\"\",\"contentType\":\"image/png\"}",
    })
    void refusesMalformedMediaAsMediaInvalid(String why, String media) {
        RefusedMediaException e = catchThrowableOfType(RefusedMediaException.class,
                () -> ReplyRequestParser.parse(HEAD + media + "}"));

        assertThat(e.code()).as(why).isEqualTo("media_invalid");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void sniffsTheTypeFromTheBytes() {
        assertThat(MediaTypes.sniff(PNG)).contains("image/png");
        assertThat(MediaTypes.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).contains("image/jpeg");
        assertThat(MediaTypes.sniff("GIF89a....".getBytes())).contains("image/gif");
        assertThat(MediaTypes.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes())).contains("image/webp");
        assertThat(MediaTypes.sniff("\0\0\0\u0018ftypmp42".getBytes())).contains("video/mp4");
        assertThat(MediaTypes.sniff("<!DOCTYPE html><html>".getBytes())).isEmpty();
        assertThat(MediaTypes.sniff(new byte[] {(byte) 0x89, 'P'})).isEmpty();
    }

    @Test
    void rulesRefuseLargeFilesTypesNotAllowedAndADeclaredTypeTheBytesContradict() {
        assertThat(rules.check(PNG, "image/png")).isEqualTo("image/png");

        RefusedMediaException large = catchThrowableOfType(RefusedMediaException.class,
                () -> rules.checkRequest(ReplyMedia.inline(new byte[21], "image/png")));
        RefusedMediaException gif = catchThrowableOfType(RefusedMediaException.class,
                () -> rules.checkRequest(ReplyMedia.inline("GIF89a".getBytes(), "image/gif")));
        RefusedMediaException lying = catchThrowableOfType(RefusedMediaException.class,
                () -> rules.checkRequest(ReplyMedia.inline(PNG, "image/jpeg")));
        RefusedMediaException html = catchThrowableOfType(RefusedMediaException.class,
                () -> rules.check("<html></html>".getBytes(), null));

        assertThat(large.code()).isEqualTo("media_too_large");
        assertThat(large.httpStatus()).isEqualTo(413);
        assertThat(gif.code()).isEqualTo("media_type_not_allowed");
        assertThat(gif.httpStatus()).isEqualTo(422);
        assertThat(lying.code()).isEqualTo("media_invalid");
        assertThat(html.code()).isEqualTo("media_type_not_allowed");
        // a URL is fetched later: nothing to check yet
        rules.checkRequest(ReplyMedia.fetched("https://x.example/a.gif"));
    }
}
