package io.twitterhelpdesk.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketIdPathTest {

    @Test
    void readsNumbersAndStringsAlongNamesAndIndexes() {
        assertThat(new TicketIdPath("$.id").read("{\"id\":35436}")).isEqualTo("35436");
        assertThat(new TicketIdPath("$.ticket.id").read("{\"ticket\":{\"id\":\"T-9\"}}")).isEqualTo("T-9");
        assertThat(new TicketIdPath("$.data[1].id").read("{\"data\":[{\"id\":1},{\"id\":2}]}")).isEqualTo("2");
    }

    @Test
    void anAnswerWithoutTheIdGivesNull() {
        TicketIdPath path = new TicketIdPath("$.ticket.id");
        assertThat(path.read("{\"ok\":true}")).isNull();
        assertThat(path.read("{\"ticket\":{\"id\":null}}")).isNull();
        assertThat(path.read("{\"ticket\":{\"id\":{}}}")).isNull();
        assertThat(path.read("not json")).isNull();
        assertThat(path.read("")).isNull();
        assertThat(path.read(null)).isNull();
    }

    @Test
    void aMalformedPathIsRefused() {
        assertThatThrownBy(() -> new TicketIdPath("ticket.id")).hasMessageContaining("starts with $");
        assertThatThrownBy(() -> new TicketIdPath("$..id")).hasMessageContaining("Not a ticket id path");
    }
}
