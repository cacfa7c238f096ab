package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The PodMonitors give their targets the job names of the local stack's scrape configuration, which
 * the alert rules and dashboards of monitoring/ select on.
 */
class PodMonitorsTest {
    /** The values of the label `component` that Flink's native Kubernetes mode puts on its pods. */
    private static final List<String> FLINK_COMPONENTS = List.of("jobmanager", "taskmanager");

    @Test
    void flinkPodsAndTheSimulatorAreScrapedUnderTheLocalJobNames() {
        Set<String> localJobs = localScrapeJobs();

        Map<String, Object> flink = relabeling("herdpulse-flink");
        assertThat(flink)
                .containsEntry("sourceLabels", List.of("__meta_kubernetes_pod_label_component"))
                .containsEntry("targetLabel", "job");
        for (String component : FLINK_COMPONENTS) {
            // Prometheus' default action: replace, with the source label's whole value as $1.
            String job = ((String) flink.get("replacement")).replace("$1", component);
            assertThat(localJobs).contains(job);
        }

        Map<String, Object> producer = relabeling("herdpulse-producer");
        assertThat(producer).containsEntry("targetLabel", "job");
        assertThat(localJobs).contains((String) producer.get("replacement"));
    }

    private static Map<String, Object> relabeling(String podMonitor) {
        GenericKubernetesResource monitor =
                KubernetesFiles.find("PodMonitor", podMonitor).generic();
        List<Map<String, Object>> relabelings =
                monitor.get("spec", "podMetricsEndpoints", 0, "relabelings");
        assertThat(relabelings).hasSize(1);
        return relabelings.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> localScrapeJobs() {
        Map<String, Object> prometheus =
                KubernetesFiles.SERIALIZATION.unmarshal(
                        KubernetesFiles.text(
                                KubernetesFiles.REPOSITORY.resolve(
                                        "monitoring/prometheus/prometheus.yml")),
                        Map.class);
        return ((List<Map<String, Object>>) prometheus.get("scrape_configs"))
                .stream()
                        .map(config -> (String) config.get("job_name"))
                        .collect(Collectors.toSet());
    }
}
