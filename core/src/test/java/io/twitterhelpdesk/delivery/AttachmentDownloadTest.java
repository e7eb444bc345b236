package io.twitterhelpdesk.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The name a fetched media file gets at the helpdesk. */
class AttachmentDownloadTest {

    @Test
    void aFileIsNamedByItsLinkWithAnExtensionFromItsType() {
        assertThat(AttachmentDownload.filename(java.net.URI.create("http://h/api/v1/media/dm/1/2/Rtr.jpg?expires=1"),
                "", "photo", "image/jpeg")).isEqualTo("Rtr.jpg");
        assertThat(AttachmentDownload.filename(java.net.URI.create("http://h/api/v1/media/abc123"), "", "photo",
                "image/png")).isEqualTo("abc123.png");
        assertThat(AttachmentDownload.filename(java.net.URI.create("http://h/"), "", "video", "video/mp4"))
                .isEqualTo("video.mp4");
        assertThat(AttachmentDownload.filename(java.net.URI.create("http://h/x"),
                "attachment; filename=\"box photo.jpg\"", "photo", "image/jpeg")).isEqualTo("box photo.jpg");
    }
}
