package io.twitterhelpdesk.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.sandbox.SandboxWebhookSigner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook's checks of X's signatures, against the signatures the sandbox computes as X does. */
class WebhookSignatureTest {

    private static final String SECRET = "cs-test";
    private static final byte[] BODY = "{\"for_user_id\":\"42\",\"direct_message_events\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    private final WebhookSignature signature = new WebhookSignature(List.of(SECRET));

    @Test
    void aBodySignedWithTheConsumerSecretIsAccepted() {
        assertThatCode(() -> signature.verify(BODY, SandboxWebhookSigner.sign(SECRET, BODY))).doesNotThrowAnyException();
    }

    @Test
    void aBodySignedWithTheSecretOfAnyConfiguredAppIsAccepted() {
        WebhookSignature twoApps = new WebhookSignature(List.of("cs-support", "cs-sales"));

        assertThatCode(() -> twoApps.verify(BODY, SandboxWebhookSigner.sign("cs-sales", BODY)))
                .doesNotThrowAnyException();
    }

    @Test
    void aBodySignedWithAnotherAppsSecretIsRefused() {
        assertThatThrownBy(() -> signature.verify(BODY, SandboxWebhookSigner.sign("someone-elses-secret", BODY)))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("does not match");
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() {
        String signed = SandboxWebhookSigner.sign(SECRET, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("42", "43").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> signature.verify(tampered, signed)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void aWrongSignatureOfTheRightShapeIsRefused() {
        String valid = SandboxWebhookSigner.sign(SECRET, BODY);
        String wrong = valid.substring(0, 7) + (valid.charAt(7) == 'A' ? 'B' : 'A') + valid.substring(8);

        assertThatThrownBy(() -> signature.verify(BODY, wrong)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void aMissingOrMalformedSignatureHeaderIsRefused() {
        String base64Only = SandboxWebhookSigner.sign(SECRET, BODY).substring("sha256=".length());

        for (String header : new String[] {null, "", "sha1=" + base64Only, base64Only}) {
            assertThatThrownBy(() -> signature.verify(BODY, header)).as("header %s", header)
                    .isInstanceOf(WebhookAuthenticationException.class)
                    .hasMessageContaining("missing or malformed");
        }
    }

    @Test
    void withoutAnyConsumerSecretEvenACorrectlyLookingRequestIsRefused() {
        WebhookSignature unconfigured = new WebhookSignature(List.of());

        assertThatThrownBy(() -> unconfigured.verify(BODY, SandboxWebhookSigner.sign(SECRET, BODY)))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("not configured");
        assertThatThrownBy(() -> unconfigured.crcResponse("token"))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void theCrcAnswerIsTheBase64HmacSha256OfTheTokenKeyedWithTheConsumerSecret() throws Exception {
        String answer = signature.crcResponse("crc-token-from-x");

        assertThat(new ObjectMapper().readTree(answer).path("response_token").asText())
                .isEqualTo(SandboxWebhookSigner.crcResponse(SECRET, "crc-token-from-x"))
                .startsWith("sha256=");
        // an independent computation, so that the signer and the checker cannot agree on a wrong answer
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(new ObjectMapper().readTree(answer).path("response_token").asText()).isEqualTo("sha256="
                + java.util.Base64.getEncoder().encodeToString(mac.doFinal("crc-token-from-x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aCrcRequestWithoutATokenIsRefusedAsInvalid() {
        for (String token : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> signature.crcResponse(token)).as("token '%s'", token)
                    .isInstanceOfSatisfying(InvalidWebhookRequestException.class,
                            e -> assertThat(e.code()).isEqualTo("missing_crc_token"));
        }
    }
}
