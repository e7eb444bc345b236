package io.twitterhelpdesk.outbound;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long Twitter considers a text, per the twitter-text v3 configuration: NFC first; code points in
 * 0-4351, 8192-8205, 8208-8223 and 8242-8247 weigh 1, everything else (CJK, emoji) 2, an emoji sequence
 * (skin tone, ZWJ family, flag, keycap) 2 as a whole; every URL 23 whatever its length. Direct Messages count
 * plain code points.
 */
public final class TweetLength {

    public static final int MAX_TWEET = 280;
    public static final int MAX_DM = 10_000;
    public static final int URL_LENGTH = 23;

    /** http(s) links, and bare domains under common generic top-level domains (as Twitter links them). */
    private static final Pattern URL = Pattern.compile(
            "https?://[^\\s<>\"]+"
                    + "|(?<![\\w@.\\-/])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+"
                    + "(?:com|net|org|info|biz|edu|gov|app|dev|io|co)\\b(?![@\\-])(?:/[^\\s<>\"]*)?",
            Pattern.CASE_INSENSITIVE);
    private static final String TRAILING_PUNCTUATION = ".,;:!?'\")]}";

    private TweetLength() {
    }

    public static int weightedLength(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        int length = 0;
        int from = 0;
        Matcher url = URL.matcher(normalized);
        while (url.find()) {
            int end = urlEnd(normalized, url.start(), url.end());
            length += weigh(normalized, from, url.start()) + URL_LENGTH;
            from = end;
        }
        return length + weigh(normalized, from, normalized.length());
    }

    /** Plain code points, as Twitter counts a Direct Message. */
    public static int dmLength(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Trailing punctuation ends a sentence, not the link; a closing parenthesis stays if the link opened one. */
    private static int urlEnd(String text, int start, int end) {
        while (end > start && TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
            char last = text.charAt(end - 1);
            if (last == ')' && text.substring(start, end).chars().filter(c -> c == '(').count()
                    >= text.substring(start, end).chars().filter(c -> c == ')').count()) {
                break;
            }
            end--;
        }
        return end;
    }

    private static int weigh(String text, int from, int to) {
        int length = 0;
        int i = from;
        while (i < to) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            int sequenceEnd = emojiSequenceEnd(text, i, to);
            if (sequenceEnd > next || isEmoji(cp)) {
                length += 2;
                i = sequenceEnd;
            } else {
                length += isLight(cp) ? 1 : 2;
                i = next;
            }
        }
        return length;
    }

    private static boolean isLight(int cp) {
        return cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    }

    private static boolean isEmoji(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF);
    }

    /**
     * Where the emoji sequence starting at {@code i} ends: an emoji with its variation selector, skin tone and tag
     * characters, joined by ZWJ to further emoji; a pair of regional indicators (a flag); a keycap (digit, #, *).
     * Returns the end of the single code point when nothing starts a sequence there.
     */
    private static int emojiSequenceEnd(String text, int i, int to) {
        int cp = text.codePointAt(i);
        int end = i + Character.charCount(cp);
        if ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*') {
            int j = skip(text, end, to, 0xFE0F);
            return j < to && text.charAt(j) == '\u20E3' ? j + 1 : end;
        }
        if (!isEmoji(cp)) {
            return end;
        }
        if (isRegionalIndicator(cp)) {
            return end < to && isRegionalIndicator(text.codePointAt(end)) ? end + 2 : end;
        }
        while (true) {
            while (end < to && isEmojiModifier(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
            if (end + 1 < to && text.charAt(end) == '\u200D' && isEmoji(text.codePointAt(end + 1))) {
                end += 1 + Character.charCount(text.codePointAt(end + 1));
            } else {
                return end;
            }
        }
    }

    private static int skip(String text, int i, int to, int cp) {
        return i < to && text.codePointAt(i) == cp ? i + Character.charCount(cp) : i;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isEmojiModifier(int cp) {
        return cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F)
                || cp == 0x20E3;
    }
}
