package io.twitterhelpdesk.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The price of each {@link BillableUnit} in one currency, read from the rates file ({@code cost.rates-file}: a
 * properties file, {@code <unit> = <decimal>}; {@code classpath:} names one in the jar). A missing file, a unit
 * without a rate, an unknown unit or a rate that is not a decimal of at least 0 is refused, naming the key.
 */
public record Rates(String currency, Map<BillableUnit, BigDecimal> prices) {

    public static final String FILE_KEY = "cost.rates-file";
    public static final String CURRENCY_KEY = "cost.currency";
    /** The rates shipped in the jar (those of billing rules shared with the sandbox). */
    public static final String DEFAULT_FILE = "classpath:cost/x-rates.properties";

    public Rates {
        prices = Map.copyOf(prices);
    }

    /** The price of {@code units} units of {@code unit}. */
    public BigDecimal cost(BillableUnit unit, long units) {
        return prices.get(unit).multiply(BigDecimal.valueOf(units));
    }

    /**
     * @throws IllegalArgumentException naming {@value #FILE_KEY} (or {@value #CURRENCY_KEY}) and what is wrong
     */
    public static Rates load(String location, String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(CURRENCY_KEY + " must be an ISO 4217 code such as USD, not '"
                    + currency + "'");
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CURRENCY_KEY + ": '" + currency + "' is not an ISO 4217 currency code");
        }
        Properties file = read(location);
        Map<BillableUnit, BigDecimal> prices = new EnumMap<>(BillableUnit.class);
        for (String key : file.stringPropertyNames()) {
            BillableUnit unit;
            try {
                unit = BillableUnit.of(key.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(FILE_KEY + ": " + location + " names an unknown unit '" + key
                        + "' (the units: " + keys() + ")");
            }
            String value = file.getProperty(key).trim();
            BigDecimal price;
            try {
                price = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(FILE_KEY + ": " + location + ": the rate of " + unit.key()
                        + " must be a decimal number such as 0.010, not '" + value + "'");
            }
            if (price.signum() < 0) {
                throw new IllegalArgumentException(FILE_KEY + ": " + location + ": the rate of " + unit.key()
                        + " must be 0 or more, not " + value);
            }
            prices.put(unit, price);
        }
        for (BillableUnit unit : BillableUnit.values()) {
            if (!prices.containsKey(unit)) {
                throw new IllegalArgumentException(FILE_KEY + ": " + location + " has no rate for " + unit.key()
                        + " (every unit needs one: " + keys() + ")");
            }
        }
        return new Rates(currency, prices);
    }

    private static Properties read(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException(FILE_KEY + " must name a rates file (default " + DEFAULT_FILE + ")");
        }
        Properties properties = new Properties();
        try (Reader in = open(location)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(FILE_KEY + ": no rates file at " + location);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Properties.load met a malformed unicode escape
            throw new IllegalArgumentException(FILE_KEY + ": cannot read the rates file " + location + ": "
                    + e.getMessage());
        }
        return properties;
    }

    /** The file, or with {@code classpath:} the resource in the jar. */
    private static Reader open(String location) throws IOException {
        if (!location.startsWith("classpath:")) {
            Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
            return Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        InputStream in = Rates.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new NoSuchFileException(location);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String keys() {
        StringBuilder all = new StringBuilder();
        for (BillableUnit unit : BillableUnit.values()) {
            all.append(all.length() == 0 ? "" : ", ").append(unit.key());
        }
        return all.toString();
    }
}
