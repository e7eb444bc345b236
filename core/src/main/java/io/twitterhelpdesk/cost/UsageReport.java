package io.twitterhelpdesk.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.twitterhelpdesk.state.BillableUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link CostMeter} counted, read back from the state database: the usage of an account per UTC day (API
 * {@code GET /api/v1/accounts/{id}/usage}, route {@code api-account-usage}) and, once a day has ended, one summary
 * line per account (route {@code x-usage-daily-summary}).
 */
public final class UsageReport {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReport.class);
    private static final int MAX_USAGE_DAYS = 366;

    private final CostMeter meter;
    private final BillableUsage usage;
    private final Clock clock;
    private LocalDate lastDay;

    /** The report of what this meter counts (in its state database, by its clock). */
    public UsageReport(CostMeter meter) {
        this.meter = meter;
        this.usage = meter.usage();
        this.clock = meter.clock();
        this.lastDay = today();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * Once the UTC day has rolled over (route {@code x-usage-daily-summary} asks every minute): one INFO line per
     * configured account with what the ended day billed, and the read records of the days before it dropped (only
     * the current day's decide what is billed). Returns the lines logged.
     */
    public synchronized List<String> summarizeEndedDay() {
        LocalDate today = today();
        if (!today.isAfter(lastDay)) {
            return List.of();
        }
        LocalDate ended = lastDay;
        lastDay = today;
        List<String> lines = new ArrayList<>();
        try {
            Map<String, List<BillableUsage.Row>> byAccount = new TreeMap<>();
            for (BillableUsage.Row row : usage.day(ended)) {
                byAccount.computeIfAbsent(row.accountId(), k -> new ArrayList<>()).add(row);
            }
            for (String account : meter.accountNames()) {
                String id = meter.knownId(account);
                lines.add(summary(account, id, ended, id == null ? List.of() : byAccount.remove(id)));
            }
            byAccount.forEach((id, rows) -> lines.add(summary(null, id, ended, rows)));
            lines.forEach(LOG::info);
            usage.forgetReadsBefore(ended);
        } catch (RuntimeException e) {
            LOG.warn("X usage summary of {} not made: the state database could not be read: {}", ended,
                    e.getMessage());
        }
        return lines;
    }

    private String summary(String account, String id, LocalDate day, List<BillableUsage.Row> rows) {
        Map<String, Long> units = new TreeMap<>();
        BigDecimal cost = BigDecimal.ZERO;
        for (BillableUsage.Row row : rows == null ? List.<BillableUsage.Row>of() : rows) {
            units.merge(row.unit(), row.units(), Long::sum);
            cost = cost.add(row.cost());
        }
        String who = account == null ? (id == null || id.isEmpty() ? "(app)" : "user " + id)
                : account + (id == null ? "" : " (" + id + ")");
        StringBuilder line = new StringBuilder("X usage of account ").append(who).append(" on ").append(day)
                .append(": ");
        if (units.isEmpty()) {
            line.append("nothing billed");
        } else {
            List<String> parts = new ArrayList<>();
            units.forEach((unit, n) -> parts.add(n + " " + unit));
            line.append(String.join(", ", parts));
        }
        return line.append("; estimated cost ").append(money(cost)).append(' ').append(meter.rates().currency())
                .toString();
    }

    /**
     * The usage of one account (its name or X user id) per UTC day from {@code from} to {@code to} (ISO dates, both
     * included, each today when null): {@code {account, accountId, currency, from, to, days: [{day, units: {unit:
     * n}, cost}], totalCost}}; days without usage are left out.
     *
     * @throws UnknownUsageAccountException for an account that is not configured
     * @throws IllegalArgumentException     for a malformed date, {@code from} after {@code to} or over 366 days
     */
    public Map<String, Object> usage(String account, String from, String to) {
        String name = meter.accountNames().contains(account) ? account : nameOf(account);
        String id = name == null ? null : meter.accountId(name);
        if (name == null || id == null) {
            throw new UnknownUsageAccountException(account);
        }
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (first.isAfter(last)) {
            throw new IllegalArgumentException("from (" + first + ") is after to (" + last + ")");
        }
        if (first.plusDays(MAX_USAGE_DAYS).isBefore(last)) {
            throw new IllegalArgumentException("from and to are more than " + MAX_USAGE_DAYS + " days apart");
        }
        Map<LocalDate, Map<String, Long>> units = new TreeMap<>();
        Map<LocalDate, BigDecimal> costs = new TreeMap<>();
        for (BillableUsage.Row row : usage.account(id, first, last)) {
            units.computeIfAbsent(row.day(), d -> new TreeMap<>()).merge(row.unit(), row.units(), Long::sum);
            costs.merge(row.day(), row.cost(), BigDecimal::add);
        }
        List<Map<String, Object>> days = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<LocalDate, Map<String, Long>> day : units.entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("day", day.getKey().toString());
            entry.put("units", day.getValue());
            entry.put("cost", money(costs.get(day.getKey())));
            days.add(entry);
            total = total.add(costs.get(day.getKey()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("account", name);
        answer.put("accountId", id);
        answer.put("currency", meter.rates().currency());
        answer.put("from", first.toString());
        answer.put("to", last.toString());
        answer.put("days", days);
        answer.put("totalCost", money(total));
        return answer;
    }

    private LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return today();
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date such as 2026-12-06, not '" + value + "'");
        }
    }

    /** An amount to the millionth (the rates' precision), e.g. 0.045000. */
    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(6, RoundingMode.HALF_UP);
    }

    /** The configured account whose X user id this is, or null. */
    private String nameOf(String accountId) {
        for (String name : meter.accountNames()) {
            if (accountId.equals(meter.accountId(name))) {
                return name;
            }
        }
        return null;
    }
}
