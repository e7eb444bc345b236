package io.twitterhelpdesk.outbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TweetLengthTest {

    @Test
    void latinTextCountsOnePerCharacter() {
        assertThat(TweetLength.weightedLength("Hello Alice, sorry about that!")).isEqualTo(30);
        assertThat(TweetLength.weightedLength("a".repeat(280))).isEqualTo(TweetLength.MAX_TWEET);
        assertThat(TweetLength.weightedLength("Ünïcödé – “quotes”")).isEqualTo(18);
        assertThat(TweetLength.weightedLength("…")).as("U+2026 lies outside the light ranges").isEqualTo(2);
    }

    @Test
    void cjkCountsTwo() {
        assertThat(TweetLength.weightedLength("你好")).isEqualTo(4);
        assertThat(TweetLength.weightedLength("こんにちは")).isEqualTo(10);
        assertThat(TweetLength.weightedLength("你".repeat(140))).isEqualTo(280);
        assertThat(TweetLength.weightedLength("你".repeat(141))).isEqualTo(282);
    }

    @Test
    void emojiCountTwoEvenAsSequences() {
        assertThat(TweetLength.weightedLength("😀")).isEqualTo(2);
        assertThat(TweetLength.weightedLength("👍🏽")).as("skin tone").isEqualTo(2);
        assertThat(TweetLength.weightedLength("👨‍👩‍👧")).as("ZWJ family").isEqualTo(2);
        assertThat(TweetLength.weightedLength("🇫🇷")).as("flag").isEqualTo(2);
        assertThat(TweetLength.weightedLength("❤️")).as("with variation selector").isEqualTo(2);
        assertThat(TweetLength.weightedLength("1️⃣")).as("keycap").isEqualTo(2);
        assertThat(TweetLength.weightedLength("ok 😀😀")).isEqualTo(7);
    }

    @Test
    void everyUrlCounts23() {
        String longUrl = "https://support.example.com/articles/123456789/how-to-reset-your-password?utm_source=twitter";
        assertThat(TweetLength.weightedLength(longUrl)).isEqualTo(23);
        assertThat(TweetLength.weightedLength("http://x.co")).isEqualTo(23);
        assertThat(TweetLength.weightedLength("See " + longUrl + ".")).isEqualTo(4 + 23 + 1);
        assertThat(TweetLength.weightedLength("(see https://a.example/x)")).isEqualTo(1 + 4 + 23 + 1);
        assertThat(TweetLength.weightedLength("https://en.wikipedia.org/wiki/Foo_(bar)")).isEqualTo(23);
        assertThat(TweetLength.weightedLength("a https://a.example b http://b.example")).isEqualTo(2 + 23 + 3 + 23);
        assertThat(TweetLength.weightedLength("visit acme.com/help now")).isEqualTo(6 + 23 + 4);
        assertThat(TweetLength.weightedLength("mail help@acme.com")).as("e-mail is no link").isEqualTo(18);
    }

    @Test
    void textIsNormalisedToNfcFirst() {
        String decomposed = "e\u0301";
        assertThat(TweetLength.weightedLength(decomposed)).isEqualTo(1);
    }

    @Test
    void directMessagesCountCodePoints() {
        assertThat(TweetLength.dmLength("你好😀")).isEqualTo(3);
        assertThat(TweetLength.MAX_DM).isEqualTo(10_000);
    }
}
