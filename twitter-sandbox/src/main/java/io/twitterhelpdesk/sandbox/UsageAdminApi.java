package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * The billing part of the admin API ({@link AdminApiHandler} routes to it): the day's usage, the rates and the
 * billing clock, as JSON with the unit names of {@link UsageUnit}.
 */
final class UsageAdminApi {

    private final TwitterSandbox sandbox;

    UsageAdminApi(TwitterSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * {@code GET /sandbox/usage?day=YYYY-MM-DD} (the billing clock's UTC day without it): {@code {"day","rows":[{"app",
     * "account_id","unit","units","cost_usd"}],"total_usd"}}.
     */
    ObjectNode usage(String rawQuery) {
        String day = null;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                if (!name.equals("day")) {
                    throw new IllegalArgumentException("unknown query parameter '" + name + "', known: day");
                }
                day = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        Usage usage;
        try {
            usage = day == null ? sandbox.usageToday() : sandbox.usage(LocalDate.parse(day));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("day must be a UTC date YYYY-MM-DD, not '" + day + "'");
        }
        ObjectNode root = TwitterJson.MAPPER.createObjectNode().put("day", usage.day().toString());
        ArrayNode rows = root.putArray("rows");
        for (UsageRow row : usage.rows()) {
            rows.addObject().put("app", row.app()).put("account_id", row.accountId()).put("unit", row.unit().key())
                    .put("units", row.units()).put("cost_usd", row.costUsd().doubleValue());
        }
        root.put("total_usd", usage.totalUsd().doubleValue());
        return root;
    }

    /** {@code GET /sandbox/usage/rates}: {@code {"dm_event_read":0.01,..}}. */
    ObjectNode rates() {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        sandbox.usageRates().forEach((unit, rate) -> root.put(unit.key(), rate.doubleValue()));
        return root;
    }

    /** {@code PUT /sandbox/usage/rates} {@code {"post_create_with_url":0.2,..}}: the units named get these rates. */
    ObjectNode setRates(JsonNode body) {
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            UsageUnit unit = UsageUnit.ofKey(field.getKey());
            if (!field.getValue().isNumber()) {
                throw new IllegalArgumentException("the rate of " + field.getKey() + " must be a number of USD");
            }
            sandbox.setUsageRate(unit, field.getValue().decimalValue());
        }
        return rates();
    }

    /** {@code GET /sandbox/clock}: {@code {"now":"2026-12-06T23:59:59Z","set":true}}. */
    ObjectNode clock() {
        return TwitterJson.MAPPER.createObjectNode().put("now", sandbox.usageNow().toString())
                .put("set", sandbox.usageClockSet());
    }

    /** {@code POST /sandbox/clock} {@code {"now":"2026-12-06T23:59:59Z"|null}}. */
    ObjectNode setClock(JsonNode body) {
        JsonNode now = body.path("now");
        if (now.isMissingNode() || (!now.isNull() && !now.isTextual())) {
            throw new IllegalArgumentException("field 'now' must be an ISO-8601 instant or null");
        }
        sandbox.setUsageClock(now.isNull() ? null : Instant.parse(now.asText()));
        return clock();
    }
}
