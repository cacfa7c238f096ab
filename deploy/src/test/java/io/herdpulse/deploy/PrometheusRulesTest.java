package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.herdpulse.deploy.KubernetesFiles.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRules of deploy/kubernetes/monitoring hold exactly the groups of the rule files the
 * local stack's Prometheus loads (monitoring/prometheus/rules/*.yml): same groups, names, expr,
 * for, keep_firing_for, labels and annotations, so the alerts of docs/monitoring.md apply on a
 * cluster.
 */
class PrometheusRulesTest {
    /** The fields of a rule group and a rule in the Prometheus Operator's PrometheusRule CRD. */
    private static final Set<String> GROUP_FIELDS =
            Set.of(
                    "name",
                    "labels",
                    "interval",
                    "query_offset",
                    "rules",
                    "partial_response_strategy",
                    "limit");

    private static final Set<String> RULE_FIELDS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    static {
        if (Boolean.getBoolean("herdpulse.write-rules")
                || "".equals(System.getProperty("herdpulse.write-rules"))) {
            PrometheusRules.write();
        }
    }

    @Test
    void everyRuleFileHasAPrometheusRuleWithExactlyItsGroups() {
        List<Manifest> prometheusRules = prometheusRules();
        assertThat(prometheusRules)
                .extracting(Manifest::name)
                .containsExactlyInAnyOrderElementsOf(
                        PrometheusRules.ruleFiles().stream().map(PrometheusRules::name).toList());
        for (Path ruleFile : PrometheusRules.ruleFiles()) {
            GenericKubernetesResource rule =
                    KubernetesFiles.find("PrometheusRule", PrometheusRules.name(ruleFile))
                            .generic();
            List<Map<String, Object>> groups = rule.get("spec", "groups");
            assertThat(groups).as(ruleFile.toString()).isNotEmpty().isEqualTo(groupsOf(ruleFile));
            assertThat(rule.<Map<String, Object>>get("spec")).containsOnlyKeys("groups");
        }
    }

    @Test
    void theGeneratedFileIsTheRuleFilesAsTheyAre() {
        assertThat(KubernetesFiles.text(PrometheusRules.GENERATED))
                .as(
                        "deploy/kubernetes/monitoring/prometheus-rules.yaml differs from"
                                + " monitoring/prometheus/rules/*.yml: run mvn -B -o -q test -pl"
                                + " deploy -Dtest=PrometheusRulesTest -Dherdpulse.write-rules")
                .isEqualTo(PrometheusRules.render());
    }

    @Test
    void everyGroupAndRuleUsesOnlyFieldsThePrometheusRuleCrdHas() {
        for (Manifest manifest : prometheusRules()) {
            List<Map<String, Object>> groups = manifest.generic().get("spec", "groups");
            for (Map<String, Object> group : groups) {
                assertThat(GROUP_FIELDS).as(manifest.name()).containsAll(group.keySet());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
                for (Map<String, Object> rule : rules) {
                    assertThat(RULE_FIELDS).as(rule.toString()).containsAll(rule.keySet());
                    // The CRD's labels and annotations are maps of strings.
                    for (String map : List.of("labels", "annotations")) {
                        if (rule.containsKey(map)) {
                            assertThat(((Map<?, ?>) rule.get(map)).values())
                                    .as(rule.get("alert") + " " + map)
                                    .allMatch(String.class::isInstance);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRuleChangedInTheRuleFilesIsFound() {
        Path alerts = PrometheusRules.RULES.resolve("alerts.yml");
        List<Map<String, Object>> groups = groupsOf(alerts);
        @SuppressWarnings("unchecked")
        Map<String, Object> firstRule =
                ((List<Map<String, Object>>) groups.get(0).get("rules")).get(0);
        firstRule.put("for", firstRule.get("for") + "0");
        GenericKubernetesResource rule =
                KubernetesFiles.find("PrometheusRule", PrometheusRules.name(alerts)).generic();
        assertThat(rule.<List<Map<String, Object>>>get("spec", "groups")).isNotEqualTo(groups);
    }

    private static List<Manifest> prometheusRules() {
        return KubernetesFiles.manifests().stream()
                .filter(manifest -> manifest.kind().equals("PrometheusRule"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groupsOf(Path ruleFile) {
        Map<String, Object> file =
                KubernetesFiles.SERIALIZATION.unmarshal(KubernetesFiles.text(ruleFile), Map.class);
        return (List<Map<String, Object>>) file.get("groups");
    }
}
