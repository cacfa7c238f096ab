package io.herdpulse.stack.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.stack.process.Http;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few calls of Flink's REST API the stack needs to know whether the cluster and the job are
 * healthy.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job as {@code /jobs/overview} lists it. */
    public record Job(String id, String name, String state) {}

    private final int port;

    public FlinkRest(int port) {
        this.port = port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAnswering() {
        return get("/overview").isPresent();
    }

    public int registeredTaskManagers() {
        return get("/overview").map(overview -> overview.path("taskmanagers").asInt(0)).orElse(0);
    }

    public List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        get("/jobs/overview")
                .ifPresent(
                        overview ->
                                overview.path("jobs")
                                        .forEach(
                                                job ->
                                                        jobs.add(
                                                                new Job(
                                                                        job.path("jid").asText(),
                                                                        job.path("name").asText(),
                                                                        job.path("state")
                                                                                .asText()))));
        return jobs;
    }

    /** The job of that name that is not yet finished (created, running, restarting…), if any. */
    public Optional<Job> activeJob(String name) {
        return jobs().stream()
                .filter(job -> job.name().equals(name))
                .filter(job -> !List.of("FINISHED", "CANCELED", "FAILED").contains(job.state()))
                .findFirst();
    }

    private Optional<JsonNode> get(String path) {
        return Http.get(url() + path)
                .flatMap(
                        body -> {
                            try {
                                return Optional.of(JSON.readTree(body));
                            } catch (IOException garbled) {
                                return Optional.empty();
                            }
                        });
    }
}
