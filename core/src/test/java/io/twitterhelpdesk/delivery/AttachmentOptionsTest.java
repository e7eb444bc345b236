package io.twitterhelpdesk.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.twitterhelpdesk.config.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attachments.* keys of an HTTP helpdesk: typed, defaults, a bad value refused naming the key. */
class AttachmentOptionsTest {

    private static AttachmentOptions load(Map<String, String> keys) {
        Settings settings = Settings.overDefaults(k -> Optional.ofNullable(keys.get(k)));
        return AttachmentOptions.load(settings, "helpdesk.http.zd.", HttpHelpdesk.config(settings, "zd"));
    }

    @Test
    void defaultsAreNoFilesTwentyMegabytesAndThirtySeconds() {
        AttachmentOptions options = load(Map.of());
        assertThat(options.mode()).isEqualTo(AttachmentOptions.Mode.NONE);
        assertThat(options.maxBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(options.fetchTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.multipartField()).isEqualTo("attachments[]");
    }

    @Test
    void uploadModeNeedsTheUrlAndTokenPathAndEncodesTheFilename() {
        AttachmentOptions options = load(Map.of("helpdesk.http.zd.attachments.mode", "Upload",
                "helpdesk.http.zd.attachments.upload.url", "https://acme.zendesk.com/api/v2/uploads.json?filename={filename}",
                "helpdesk.http.zd.attachments.upload.token-path", "$.upload.token",
                "helpdesk.http.zd.attachments.max-bytes", "50MB"));
        assertThat(options.mode()).isEqualTo(AttachmentOptions.Mode.UPLOAD);
        assertThat(options.uploadUrl("my photo&1.jpg"))
                .isEqualTo("https://acme.zendesk.com/api/v2/uploads.json?filename=my%20photo%261.jpg");
        assertThat(options.tokenPath().orElseThrow().read("{\"upload\":{\"token\":\"abc\"}}")).isEqualTo("abc");
        assertThat(options.maxBytes()).isEqualTo(50L * 1024 * 1024);

        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.mode", "upload")))
                .hasMessageContaining("helpdesk.http.zd.attachments.upload.url is required");
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.mode", "upload",
                "helpdesk.http.zd.attachments.upload.url", "https://z.example/uploads")))
                .hasMessageContaining("helpdesk.http.zd.attachments.upload.token-path is required");
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.mode", "upload",
                "helpdesk.http.zd.attachments.upload.url", "ftp://z.example/uploads",
                "helpdesk.http.zd.attachments.upload.token-path", "$.upload.token")))
                .hasMessageStartingWith("helpdesk.http.zd.attachments.upload.url must be an http or https URL");
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.mode", "upload",
                "helpdesk.http.zd.attachments.upload.url", "https://z.example/uploads",
                "helpdesk.http.zd.attachments.upload.token-path", "upload.token")))
                .hasMessageStartingWith("helpdesk.http.zd.attachments.upload.token-path: ");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.mode", "base64")))
                .hasMessage("helpdesk.http.zd.attachments.mode must be none, upload, multipart or inline, not 'base64'");
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.max-bytes", "lots")))
                .hasMessageStartingWith("helpdesk.http.zd.attachments.max-bytes must be a size");
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.max-bytes", "0")))
                .hasMessageStartingWith("helpdesk.http.zd.attachments.max-bytes must be a size");
        assertThatThrownBy(() -> load(Map.of("helpdesk.http.zd.attachments.fetch-timeout", "soon")))
                .hasMessageStartingWith("helpdesk.http.zd.attachments.fetch-timeout must be a duration");
        assertThat(load(Map.of("helpdesk.http.zd.attachments.max-bytes", "512 kb")).maxBytes()).isEqualTo(512 * 1024);
    }
}
