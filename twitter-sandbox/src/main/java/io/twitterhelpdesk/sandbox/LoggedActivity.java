package io.twitterhelpdesk.sandbox;

/**
 * An event of the log with what delivery needs: the app it belongs to, its JSON envelope and the resource it carries
 * (the DM event id of a {@code dm.*} event, the post id of a {@code post.*} event, null for others), which billing
 * counts.
 */
record LoggedActivity(ActivityEvent event, String consumerKey, String json, String resourceId) {
}
