package io.twitterhelpdesk.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which links name a DM file, and which request paths are refused before anything is asked of X. */
class DmMediaRefTest {

    @Test
    void readsXsTwoFormsOfADmFileLink() {
        assertThat(DmMediaRef.of("https://ton.twitter.com/1.1/ton/data/dm/11/22/tJg5kUG5RKPi3jNi.jpg"))
                .contains(new DmMediaRef("11", "22", "tJg5kUG5RKPi3jNi.jpg"));
        assertThat(DmMediaRef.of("https://api.x.com/2/dm_conversations/media/11/22/a_b-c.mp4"))
                .contains(new DmMediaRef("11", "22", "a_b-c.mp4"));
    }

    @Test
    void publicMediaAndOddLinksNameNoDmFile() {
        assertThat(DmMediaRef.of("https://pbs.twimg.com/media/Fx1.jpg")).isEmpty();
        assertThat(DmMediaRef.of("https://ton.twitter.com/1.1/ton/data/dm/11/22/..")).isEmpty();
        assertThat(DmMediaRef.of("https://ton.twitter.com/1.1/ton/data/dm/x/22/a.jpg")).isEmpty();
        assertThat(DmMediaRef.of(null)).isEmpty();
    }

    @Test
    void pathPartsThatCouldLeaveTheFilesPathAreRefused() {
        assertThatThrownBy(() -> new DmMediaRef("11", "22", "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DmMediaRef("11", "22", ".hidden")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DmMediaRef("11", "22", "a/b.jpg")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DmMediaRef("1 1", "22", "a.jpg")).isInstanceOf(IllegalArgumentException.class);
    }
}
