package io.twitterhelpdesk.sandbox;

import io.twitterhelpdesk.sandbox.StoredRecords.AccessToken;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Verifies OAuth 1.0a HMAC-SHA1 signed requests (RFC 5849 section 3.4.1) against registered credentials. */
final class OAuth1Verifier {

    /** A decoded request parameter (query, form body or oauth_* header field). */
    record Param(String name, String value) {
    }

    private static final Pattern HEADER_FIELD = Pattern.compile("\\s*([A-Za-z0-9_]+)\\s*=\\s*\"([^\"]*)\"\\s*");

    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Function<String, Optional<String>> consumerSecrets;
    private final Function<String, Optional<AccessToken>> accessTokens;

    OAuth1Verifier(Clock clock, Function<String, Optional<String>> consumerSecrets,
                   Function<String, Optional<AccessToken>> accessTokens) {
        this.clock = clock;
        this.consumerSecrets = consumerSecrets;
        this.accessTokens = accessTokens;
    }

    /**
     * @param method           HTTP method
     * @param baseUrl          scheme://host[:port]/path as the client addressed it (no query)
     * @param requestParams    decoded query and form parameters
     * @param authorization    the Authorization header, may be null
     * @return the access token of the authenticated user
     * @throws ApiError 401 code 32 when anything does not match, code 135 when the timestamp is off by over 15 min
     */
    AccessToken verify(String method, String baseUrl, List<Param> requestParams, String authorization) {
        Map<String, String> oauth = parseHeader(authorization);
        String consumerKey = oauth.get("oauth_consumer_key");
        String signature = oauth.get("oauth_signature");
        if (signature == null || !"HMAC-SHA1".equals(oauth.get("oauth_signature_method"))
                || oauth.get("oauth_timestamp") == null || oauth.get("oauth_nonce") == null) {
            throw ApiError.unauthorized();
        }
        if (!oauth.get("oauth_timestamp").matches("\\d{1,12}") || Math.abs(clock.instant().getEpochSecond()
                - Long.parseLong(oauth.get("oauth_timestamp"))) > MAX_CLOCK_SKEW.toSeconds()) {
            throw new ApiError(401, 135, "Timestamp out of bounds.");
        }
        String consumerSecret = consumerSecrets.apply(consumerKey).orElseThrow(ApiError::unauthorized);
        AccessToken token = accessTokens.apply(oauth.get("oauth_token"))
                .filter(t -> t.consumerKey().equals(consumerKey)).orElseThrow(ApiError::unauthorized);
        List<Param> params = new ArrayList<>(requestParams);
        oauth.forEach((name, value) -> {
            if (!name.equals("oauth_signature") && !name.equals("realm")) {
                params.add(new Param(name, value));
            }
        });
        String expected = sign(method, baseUrl, params, consumerSecret, token.tokenSecret());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw ApiError.unauthorized();
        }
        return token;
    }

    /** The HMAC-SHA1 signature of a request, base64-encoded. */
    static String sign(String method, String baseUrl, List<Param> params, String consumerSecret, String tokenSecret) {
        String normalized = params.stream()
                .map(p -> new Param(encode(p.name()), encode(p.value())))
                .sorted(Comparator.comparing(Param::name).thenComparing(Param::value))
                .map(p -> p.name() + "=" + p.value())
                .collect(Collectors.joining("&"));
        String base = method.toUpperCase() + "&" + encode(baseUrl) + "&" + encode(normalized);
        String key = encode(consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes {@code a=1&b=x+y%7E} pairs ({@code +} is a space), as RFC 5849 3.4.1.3.1 prescribes. */
    static List<Param> decodeForm(String form) {
        List<Param> params = new ArrayList<>();
        if (form == null || form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new Param(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return params;
    }

    /** RFC 3986 percent-encoding keeping only unreserved characters (ALPHA, DIGIT, - . _ ~). */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static Map<String, String> parseHeader(String authorization) {
        Map<String, String> fields = new HashMap<>();
        if (authorization == null || !authorization.regionMatches(true, 0, "OAuth ", 0, 6)) {
            return fields;
        }
        for (String part : authorization.substring(6).split(",")) {
            Matcher m = HEADER_FIELD.matcher(part);
            if (m.matches()) {
                fields.put(m.group(1), URLDecoder.decode(m.group(2).replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
