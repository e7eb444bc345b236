package io.twitterhelpdesk.cost;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rates file that is missing or malformed refuses the start, naming the key and what is wrong. */
class RatesTest {

    private static final String ALL = """
            dm_event_read = 0.02
            post_read = 0.005
            user_read = 0.010
            post_create = 0.015
            post_create_with_url = 0.200
            dm_create = 0.015
            """;

    @TempDir
    Path dir;

    private String file(String text) throws IOException {
        Path file = dir.resolve("rates.properties");
        Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void aRatesFileOfItsOwnSetsThePricesInTheConfiguredCurrency() throws IOException {
        Rates rates = Rates.load(file(ALL), "EUR");
        assertThat(rates.currency()).isEqualTo("EUR");
        assertThat(rates.cost(BillableUnit.DM_EVENT_READ, 3)).isEqualByComparingTo(new BigDecimal("0.06"));
        assertThat(Rates.load("file:" + file(ALL), "USD").prices()).hasSize(6);
    }

    @Test
    void aMissingFileIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> Rates.load(dir.resolve("nowhere.properties").toString(), "USD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cost.rates-file: no rates file at ");
        assertThatThrownBy(() -> Rates.load("classpath:cost/nowhere.properties", "USD"))
                .hasMessageStartingWith("cost.rates-file: no rates file at classpath:cost/nowhere.properties");
        assertThatThrownBy(() -> Rates.load(" ", "USD")).hasMessageStartingWith("cost.rates-file must name");
    }

    @Test
    void aMalformedFileIsRefusedNamingTheKeyAndTheUnit() throws IOException {
        assertThatThrownBy(() -> Rates.load(file(ALL.replace("0.02", "two cents")), "USD"))
                .hasMessageStartingWith("cost.rates-file: ")
                .hasMessageEndingWith("the rate of dm_event_read must be a decimal number such as 0.010, not 'two cents'");
        assertThatThrownBy(() -> Rates.load(file(ALL.replace("dm_create = 0.015\n", "")), "USD"))
                .hasMessageContaining("cost.rates-file: ").hasMessageContaining("has no rate for dm_create");
        assertThatThrownBy(() -> Rates.load(file(ALL.replace("0.005", "-0.005")), "USD"))
                .hasMessageContaining("the rate of post_read must be 0 or more");
        assertThatThrownBy(() -> Rates.load(file(ALL + "owned_read = 0.001\n"), "USD"))
                .hasMessageContaining("cost.rates-file: ").hasMessageContaining("unknown unit 'owned_read'");
    }

    @Test
    void aCurrencyThatIsNoIsoCodeIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> Rates.load(Rates.DEFAULT_FILE, "dollars"))
                .hasMessageStartingWith("cost.currency must be an ISO 4217 code");
        assertThatThrownBy(() -> Rates.load(Rates.DEFAULT_FILE, "XYZ"))
                .hasMessageStartingWith("cost.currency: 'XYZ' is not");
    }
}
