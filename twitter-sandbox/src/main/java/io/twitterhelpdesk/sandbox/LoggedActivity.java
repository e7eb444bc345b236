package io.twitterhelpdesk.sandbox;

/** An event of the log with what delivery needs: the app it belongs to and its JSON envelope. */
record LoggedActivity(ActivityEvent event, String consumerKey, String json) {
}
