package io.twitterhelpdesk.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The sandbox's "invoice" for one UTC day: the non-zero rows sorted by app, account id (app-only rows first) and
 * unit name, and their total in USD.
 */
public record Usage(LocalDate day, List<UsageRow> rows, BigDecimal totalUsd) {
}
