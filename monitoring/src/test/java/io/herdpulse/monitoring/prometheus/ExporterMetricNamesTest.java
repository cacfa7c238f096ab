package io.herdpulse.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.monitoring.RepositoryFiles;
import io.herdpulse.monitoring.dashboards.Dashboard;
import io.herdpulse.monitoring.dashboards.Panel;
import io.herdpulse.monitoring.dashboards.Target;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka and HerdPulse-table metric that a dashboard or a rule reads is one our own exporter
 * configuration produces: a renamed JMX rule or query column cannot silently empty a panel.
 */
public class ExporterMetricNamesTest {
    /** A metric name, not the tail of a recording rule's level:name:operation. */
    private static final Pattern KAFKA = Pattern.compile("(?<![:\\w])kafka_\\w+");

    /** The producer's and the stack's own metrics, not the job's (flink_…_herdpulse_…). */
    private static final Pattern HERDPULSE = Pattern.compile("(?<![:\\w])herdpulse_\\w+");

    private static final Pattern PG_HERDPULSE = Pattern.compile("(?<![:\\w])pg_herdpulse_\\w+");

    @Test
    void kafkaMetricsReadAreNamedByTheJmxExporterRules() {
        Set<String> produced = new TreeSet<>();
        JsonNode jmx =
                RepositoryFiles.readYaml(
                        RepositoryFiles.monitoring().resolve("kafka/jmx-exporter.yml"));
        jmx.path("rules").forEach(rule -> produced.add(rule.path("name").asText()));

        assertThat(kafkaNamesRead()).isNotEmpty().isSubsetOf(produced);
    }

    @Test
    void herdpulseTableMetricsReadAreColumnsOfTheExporterQueries() {
        Set<String> produced = new TreeSet<>();
        JsonNode queries =
                RepositoryFiles.readYaml(
                        RepositoryFiles.monitoring().resolve("postgres/queries.yml"));
        for (Iterator<Map.Entry<String, JsonNode>> it = queries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> namespace = it.next();
            for (JsonNode metric : namespace.getValue().path("metrics")) {
                Map.Entry<String, JsonNode> column = metric.fields().next();
                if (!"LABEL".equals(column.getValue().path("usage").asText())) {
                    produced.add(namespace.getKey() + "_" + column.getKey());
                }
            }
        }

        assertThat(namesRead(PG_HERDPULSE)).isNotEmpty().isSubsetOf(produced);
    }

    /**
     * The alerts on the producer's ways in (group herdpulse-sources: HTTP ingestion, the vendor
     * poller) and on the local stack's supervision (herdpulse-reliability) read only metrics a
     * dashboard panel shows, so whoever is alerted finds them there. (Until 2026-12-06 the failed
     * restarts behind ComponentNotComingBack were on none.)
     */
    @Test
    void everyHerdpulseMetricTheSourcesAndReliabilityAlertsReadIsOnAPanel() {
        Set<String> alerted = new TreeSet<>();
        for (Path file : PromtoolTest.ruleFiles()) {
            for (JsonNode group : RepositoryFiles.readYaml(file).path("groups")) {
                if (Set.of("herdpulse-sources", "herdpulse-reliability")
                        .contains(group.path("name").asText())) {
                    group.path("rules")
                            .forEach(
                                    rule ->
                                            collect(
                                                    HERDPULSE,
                                                    rule.path("expr").asText(),
                                                    alerted));
                }
            }
        }
        Set<String> shown = new TreeSet<>();
        for (Dashboard dashboard :
                Dashboard.readAll(RepositoryFiles.grafana().resolve("dashboards"))) {
            for (Panel panel : dashboard.panels()) {
                panel.targets().forEach(target -> collect(HERDPULSE, target.text(), shown));
            }
        }

        assertThat(alerted).isNotEmpty().isSubsetOf(shown);
    }

    /**
     * The Kafka metrics that dashboards and rules read (JmxExporterRulesTest checks a broker
     * exports them).
     */
    public static Set<String> kafkaNamesRead() {
        return namesRead(KAFKA);
    }

    /** The metric names matching pattern in every dashboard query and every rule expression. */
    private static Set<String> namesRead(Pattern pattern) {
        Set<String> names = new TreeSet<>();
        for (Dashboard dashboard :
                Dashboard.readAll(RepositoryFiles.grafana().resolve("dashboards"))) {
            for (Panel panel : dashboard.panels()) {
                for (Target target : panel.targets()) {
                    collect(pattern, target.text(), names);
                }
            }
        }
        for (Path file : PromtoolTest.ruleFiles()) {
            for (JsonNode group : RepositoryFiles.readYaml(file).path("groups")) {
                group.path("rules")
                        .forEach(rule -> collect(pattern, rule.path("expr").asText(), names));
            }
        }
        return names;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group());
        }
    }
}
