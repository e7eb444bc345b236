package io.twitterhelpdesk.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns submitted text into {@link MessageContent} the way Twitter does: t.co links, mentions, hashtags, media link. */
final class TextComposer {

    private static final Pattern URL = Pattern.compile("https?://[^\\s]+");
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})");
    private static final Pattern HASHTAG = Pattern.compile("(?<![A-Za-z0-9_&])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");
    private static final String TRAILING_PUNCTUATION = ".,!?;:)]}'\"";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int URL_WEIGHT = 23;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param prefix      auto-populated reply mentions (outside the display range), may be empty
     * @param body        the text as submitted
     * @param media       attachments, rendered as one appended t.co link
     * @param mediaId     allocates an id for each media entity
     * @param mediaPage   the expanded URL of the media link, given the media entity id
     * @param userLookup  resolves a mentioned screen name to a known user
     */
    MessageContent compose(String prefix, String body, List<Media> media, LongSupplier mediaId,
                           LongFunction<String> mediaPage, Function<String, Optional<SandboxUser>> userLookup) {
        StringBuilder out = new StringBuilder(prefix);
        List<MessageContent.UrlEntity> urls = new ArrayList<>();
        Matcher m = URL.matcher(body);
        int last = 0;
        while (m.find()) {
            String expanded = trimPunctuation(m.group());
            out.append(body, last, m.start());
            String tco = tcoLink();
            int start = codePoints(out);
            out.append(tco);
            urls.add(new MessageContent.UrlEntity(tco, expanded, displayUrl(expanded), start, start + tco.length()));
            last = m.start() + expanded.length();
        }
        out.append(body.substring(last));
        int displayStart = codePoints(prefix);
        int displayEnd = codePoints(out);

        List<MessageContent.MediaEntity> mediaEntities = new ArrayList<>();
        if (!media.isEmpty()) {
            String tco = tcoLink();
            if (out.length() > 0) {
                out.append(' ');
            }
            int start = codePoints(out);
            out.append(tco);
            for (Media item : media) {
                long id = mediaId.getAsLong();
                String expanded = mediaPage.apply(id);
                mediaEntities.add(new MessageContent.MediaEntity(id, item, tco, expanded,
                        "pic.twitter.com/" + tco.substring(tco.lastIndexOf('/') + 1), start, start + tco.length()));
            }
        }
        String text = out.toString();
        return new MessageContent(text, displayStart, displayEnd, urls, mentions(text, userLookup), hashtags(text),
                mediaEntities);
    }

    /** Whether the text holds a URL ({@code https?://[^\s]+}), as X prices a post with one. */
    static boolean holdsUrl(String text) {
        return text != null && URL.matcher(text).find();
    }

    /** Tweet length as Twitter weighs it: URLs 23, CJK/emoji and other wide characters 2, Latin etc. 1. */
    static int weightedLength(String text) {
        int weight = 0;
        Matcher m = URL.matcher(text);
        int last = 0;
        while (m.find()) {
            weight += weigh(text.substring(last, m.start())) + URL_WEIGHT;
            last = m.end();
        }
        return weight + weigh(text.substring(last));
    }

    private static int weigh(String s) {
        return s.codePoints().map(cp -> cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223)
                || (cp >= 8242 && cp <= 8247) ? 1 : 2).sum();
    }

    /** Screen names mentioned with {@code @} in the text, in order. */
    static List<String> mentionedScreenNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<MessageContent.Mention> mentions(String text, Function<String, Optional<SandboxUser>> lookup) {
        List<MessageContent.Mention> mentions = new ArrayList<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            int start = text.codePointCount(0, m.start());
            int end = text.codePointCount(0, m.end());
            lookup.apply(m.group(1)).ifPresent(u ->
                    mentions.add(new MessageContent.Mention(u.id(), u.screenName(), u.name(), start, end)));
        }
        return mentions;
    }

    private static List<MessageContent.Hashtag> hashtags(String text) {
        List<MessageContent.Hashtag> tags = new ArrayList<>();
        Matcher m = HASHTAG.matcher(text);
        while (m.find()) {
            tags.add(new MessageContent.Hashtag(m.group(1), text.codePointCount(0, m.start()),
                    text.codePointCount(0, m.end())));
        }
        return tags;
    }

    private static String trimPunctuation(String url) {
        int end = url.length();
        while (end > 0 && TRAILING_PUNCTUATION.indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    private static String displayUrl(String expanded) {
        String display = expanded.replaceFirst("^https?://", "");
        return display.length() > 26 ? display.substring(0, 26) + "\u2026" : display;
    }

    private String tcoLink() {
        StringBuilder sb = new StringBuilder("https://t.co/");
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static int codePoints(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }
}
