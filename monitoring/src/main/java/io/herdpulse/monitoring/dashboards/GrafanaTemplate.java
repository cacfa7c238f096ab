package io.herdpulse.monitoring.dashboards;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's interpolation of dashboard queries, for the subset HerdPulse's dashboards use: {@code
 * $var} / {@code ${var}} template variables, the interval variables of PromQL and the time macros
 * of the PostgreSQL datasource, expanded to the plain PromQL or SQL Grafana sends.
 *
 * <p>Anything else that looks like a variable or macro is refused rather than passed through, so a
 * dashboard cannot use a construct the tests would not prove.
 */
public final class GrafanaTemplate {
    /** The scrape interval of monitoring/prometheus/*.yml, which the datasource declares too. */
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

    /** Grafana's default maximum number of points of a panel. */
    private static final long MAX_DATA_POINTS = 1000;

    private static final Pattern SQL_MACRO = Pattern.compile("\\$__(\\w+)\\(([^)]*)\\)");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)|\\[\\[(\\w+)]]");
    private static final Pattern INTERVAL = Pattern.compile("'?(\\d+)([smhd])'?");

    private GrafanaTemplate() {}

    /** The PromQL Grafana sends to Prometheus for {@code expr}. */
    public static String promQl(String expr, Map<String, String> variables, TimeRange range) {
        return substituteVariables(expr, variables, range);
    }

    /** The SQL Grafana sends to PostgreSQL for {@code rawSql}. */
    public static String sql(String rawSql, Map<String, String> variables, TimeRange range) {
        return substituteVariables(expandSqlMacros(rawSql, range), variables, range);
    }

    private static String expandSqlMacros(String sql, TimeRange range) {
        Matcher macro = SQL_MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (macro.find()) {
            String[] args = macro.group(2).isBlank() ? new String[0] : macro.group(2).split(",");
            String expansion =
                    switch (macro.group(1)) {
                        case "timeFilter" ->
                                arg(args, 0, macro)
                                        + " BETWEEN "
                                        + literal(range.from())
                                        + " AND "
                                        + literal(range.to());
                        case "timeFrom" -> literal(range.from());
                        case "timeTo" -> literal(range.to());
                        case "timeGroup" -> timeGroup(args, macro);
                        case "timeGroupAlias" -> timeGroup(args, macro) + " AS \"time\"";
                        default ->
                                throw new IllegalArgumentException(
                                        "unsupported Grafana macro " + macro.group());
                    };
            macro.appendReplacement(out, Matcher.quoteReplacement(expansion));
        }
        macro.appendTail(out);
        return out.toString();
    }

    /** Grafana's PostgreSQL $__timeGroup: the epoch second the bucket of width interval starts. */
    private static String timeGroup(String[] args, Matcher macro) {
        long seconds = parseInterval(arg(args, 1, macro)).toSeconds();
        return "floor(extract(epoch from " + arg(args, 0, macro) + ")/" + seconds + ")*" + seconds;
    }

    private static String substituteVariables(
            String text, Map<String, String> variables, TimeRange range) {
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            if (variable.group(3) != null) {
                throw new IllegalArgumentException(
                        "deprecated [[" + variable.group(3) + "]] syntax in: " + text);
            }
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            String value = name.startsWith("__") ? builtIn(name, range) : variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for $" + name + " in: " + text);
            }
            variable.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variable.appendTail(out);
        return out.toString();
    }

    /**
     * Grafana's interval variables: {@code $__interval} is the range over the panel's points (at
     * least the scrape interval), {@code $__rate_interval} at least four scrapes.
     */
    private static String builtIn(String name, TimeRange range) {
        long rangeSeconds = range.length().toSeconds();
        long intervalSeconds =
                Math.max(SCRAPE_INTERVAL.toSeconds(), ceilDiv(rangeSeconds, MAX_DATA_POINTS));
        return switch (name) {
            case "__range" -> rangeSeconds + "s";
            case "__range_s" -> Long.toString(rangeSeconds);
            case "__interval" -> intervalSeconds + "s";
            case "__rate_interval" ->
                    Math.max(
                                    intervalSeconds + SCRAPE_INTERVAL.toSeconds(),
                                    4 * SCRAPE_INTERVAL.toSeconds())
                            + "s";
            default -> throw new IllegalArgumentException("unsupported Grafana variable $" + name);
        };
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static Duration parseInterval(String text) {
        Matcher interval = INTERVAL.matcher(text.trim());
        if (!interval.matches()) {
            throw new IllegalArgumentException("unsupported interval " + text);
        }
        long amount = Long.parseLong(interval.group(1));
        return switch (interval.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String arg(String[] args, int index, Matcher macro) {
        if (index >= args.length || args[index].isBlank()) {
            throw new IllegalArgumentException(
                    "missing argument " + (index + 1) + " of " + macro.group());
        }
        return args[index].trim();
    }

    /** A timestamp literal as Grafana writes it: RFC 3339 in UTC, whole seconds. */
    private static String literal(java.time.Instant instant) {
        return "'" + instant.truncatedTo(ChronoUnit.SECONDS) + "'";
    }
}
