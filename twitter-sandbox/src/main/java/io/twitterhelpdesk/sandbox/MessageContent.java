package io.twitterhelpdesk.sandbox;

import java.util.List;

/**
 * Text of a tweet or DM as the API renders it (URLs already replaced by t.co links, media link appended),
 * with its entities; all indices are in Unicode code points, as Twitter counts them.
 */
record MessageContent(String text, int displayStart, int displayEnd, List<UrlEntity> urls, List<Mention> mentions,
                      List<Hashtag> hashtags, List<MediaEntity> media) {

    record UrlEntity(String url, String expandedUrl, String displayUrl, int start, int end) {
    }

    record Mention(long userId, String screenName, String name, int start, int end) {
    }

    record Hashtag(String text, int start, int end) {
    }

    record MediaEntity(long id, Media media, String url, String expandedUrl, String displayUrl, int start, int end) {
    }
}
