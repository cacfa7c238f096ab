package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.herdpulse.deploy.KubernetesFiles.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

    @Test
    void everyPodMonitorSelectsPodsAManifestCreatesOnAPortTheyNameUnderALocalJobName() {
        List<Pods> pods = pods();
        Set<String> localJobs = localScrapeJobs();
        List<GenericKubernetesResource> monitors =
                KubernetesFiles.manifests().stream()
                        .filter(manifest -> manifest.kind().equals("PodMonitor"))
                        .map(Manifest::generic)
                        .toList();
        assertThat(monitors).isNotEmpty();
        for (GenericKubernetesResource monitor : monitors) {
            String name = monitor.getMetadata().getName();
            Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
            assertThat(selector).as(name).isNotEmpty();
            assertThat(monitor.<Object>get("spec", "selector", "matchExpressions")).isNull();
            List<Pods> selected =
                    pods.stream()
                            .filter(p -> p.labels().entrySet().containsAll(selector.entrySet()))
                            .toList();
            assertThat(selected).as(name + " selects no pods a manifest creates").isNotEmpty();
            List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
            for (Map<String, Object> endpoint : endpoints) {
                for (Pods pod : selected) {
                    assertThat(pod.ports())
                            .as(name + " on " + pod.source())
                            .contains((String) endpoint.get("port"));
                    Set<String> jobs = jobs(endpoint, pod.labels());
                    assertThat(jobs).as(name + ": its job label").hasSize(1);
                    assertThat(localJobs).as(name).containsAll(jobs);
                }
            }
        }
    }

    /** Pods a manifest has created: their labels and the names of their containers' ports. */
    record Pods(String source, Map<String, String> labels, Set<String> ports) {}

    private static List<Pods> pods() {
        List<Pods> pods = new ArrayList<>();
        for (Manifest manifest : KubernetesFiles.manifests()) {
            if (manifest.object() instanceof Deployment deployment) {
                pods.add(
                        pods(
                                "Deployment " + manifest.name(),
                                deployment.getSpec().getTemplate(),
                                Map.of()));
            } else if (manifest.kind().equals("FlinkDeployment")) {
                // The operator adds component=jobmanager or taskmanager to the pod template's.
                for (String component : FLINK_COMPONENTS) {
                    pods.add(
                            pods(
                                    "FlinkDeployment " + component,
                                    KubernetesFiles.podTemplate(manifest.generic()),
                                    Map.of("component", component)));
                }
            } else if (manifest.kind().equals("Kafka")) {
                // Strimzi's labels on the broker and controller pods of a Kafka; with a
                // metricsConfig they serve the JMX exporter on the port tcp-prometheus.
                GenericKubernetesResource kafka = manifest.generic();
                String cluster = kafka.getMetadata().getName();
                Set<String> ports = new HashSet<>(Set.of("tcp-replication", "tcp-clients"));
                if (kafka.get("spec", "kafka", "metricsConfig") != null) {
                    ports.add("tcp-prometheus");
                }
                pods.add(
                        new Pods(
                                "Kafka " + cluster,
                                Map.of("strimzi.io/kind", "Kafka", "strimzi.io/cluster", cluster),
                                ports));
            }
        }
        return pods;
    }

    private static Pods pods(String source, PodTemplateSpec template, Map<String, String> added) {
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        labels.putAll(added);
        Set<String> ports =
                template.getSpec().getContainers().stream()
                        .flatMap(container -> container.getPorts().stream())
                        .map(ContainerPort::getName)
                        .collect(Collectors.toSet());
        return new Pods(source, labels, ports);
    }

    /** The job label the endpoint's relabelings give a pod with these labels. */
    @SuppressWarnings("unchecked")
    private static Set<String> jobs(Map<String, Object> endpoint, Map<String, String> labels) {
        Set<String> jobs = new HashSet<>();
        for (Map<String, Object> relabeling :
                (List<Map<String, Object>>) endpoint.getOrDefault("relabelings", List.of())) {
            if (!"job".equals(relabeling.get("targetLabel"))) {
                continue;
            }
            // Prometheus' default action replace, regex (.*): $1 is the source labels' value.
            List<String> sources =
                    (List<String>) relabeling.getOrDefault("sourceLabels", List.of());
            String value =
                    sources.stream()
                            .map(
                                    source ->
                                            labels.getOrDefault(
                                                    source.replace(
                                                                    "__meta_kubernetes_pod_label_",
                                                                    "")
                                                            .replace('_', '.'),
                                                    ""))
                            .collect(Collectors.joining(";"));
            jobs.add(((String) relabeling.get("replacement")).replace("$1", value));
        }
        return jobs;
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
