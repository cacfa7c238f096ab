package io.herdpulse.stack.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.stack.process.Http;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of Flink's REST API the stack needs to know whether the cluster and the job are
 * healthy.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Flink's {@code web.exception-history-size} default: the failures it keeps. */
    private static final int EXCEPTION_HISTORY = 16;

    /** A job as {@code /jobs/overview} lists it. */
    public record Job(String id, String name, String state) {
        /** Not yet finished: created, running, restarting… */
        public boolean active() {
            return !List.of("FINISHED", "CANCELED", "FAILED").contains(state);
        }
    }

    /**
     * What {@code status} needs to know of a job.
     *
     * @param tasksRunning whether every task of every vertex runs (a RUNNING job may still be
     *     waiting for slots)
     * @param restarts how often the job restarted since it was submitted
     * @param lastFailure the first line of the newest exception, empty if none
     */
    public record JobHealth(String state, boolean tasksRunning, long restarts, String lastFailure) {

        public boolean healthy() {
            return state.equals("RUNNING") && tasksRunning;
        }
    }

    /**
     * A job's checkpoint statistics, as far as recovery needs them.
     *
     * @param restored when the job last restored state (from a checkpoint after a failure, or from
     *     a savepoint at submission), if it did
     * @param lastCompletedTriggered when the newest completed checkpoint was triggered, if any
     * @param inProgress checkpoints triggered and not yet completed or failed
     * @param latestSavepoint where the newest savepoint is ({@code flink stop} takes one as the job
     *     ends), if the job took one
     */
    public record Checkpoints(
            Optional<Instant> restored,
            Optional<Instant> lastCompletedTriggered,
            int inProgress,
            Optional<String> latestSavepoint) {}

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

    /**
     * The resource ids of the TaskManagers registered with the JobManager; empty when it does not
     * answer, which is no "none registered".
     */
    public Optional<List<String>> registeredTaskManagerIds() {
        return get("/taskmanagers")
                .map(
                        overview -> {
                            List<String> ids = new ArrayList<>();
                            overview.path("taskmanagers")
                                    .forEach(
                                            taskManager ->
                                                    ids.add(taskManager.path("id").asText()));
                            return ids;
                        });
    }

    /**
     * Whether the JobManager answered without this TaskManager among its registered ones; a
     * JobManager that does not answer says nothing of its TaskManagers.
     */
    public boolean answersWithout(String taskManagerId) {
        return registeredTaskManagerIds().filter(ids -> !ids.contains(taskManagerId)).isPresent();
    }

    /**
     * The job's running tasks per TaskManager resource id, from each vertex's task managers ({@code
     * GET /jobs/:id/vertices/:vertex/taskmanagers}). Not from slots: the adaptive scheduler holds a
     * TaskManager's slot for the job as soon as it registers, well before it rescales onto it.
     */
    public Map<String, Integer> runningTasksByTaskManager(Job job) {
        Map<String, Integer> running = new LinkedHashMap<>();
        for (JsonNode vertex :
                get("/jobs/" + job.id())
                        .map(details -> details.path("vertices"))
                        .orElseGet(JSON::createArrayNode)) {
            get("/jobs/" + job.id() + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
                    .ifPresent(tasks -> countRunning(tasks, running));
        }
        return running;
    }

    static void countRunning(JsonNode vertexTaskManagers, Map<String, Integer> running) {
        for (JsonNode taskManager : vertexTaskManagers.path("taskmanagers")) {
            int tasks = taskManager.path("status-counts").path("RUNNING").asInt(0);
            if (tasks > 0) {
                running.merge(taskManager.path("taskmanager-id").asText(), tasks, Integer::sum);
            }
        }
    }

    /** Every job the JobManager knows; empty when it does not answer, which is no "no job". */
    public Optional<List<Job>> jobs() {
        return get("/jobs/overview").map(FlinkRest::jobs);
    }

    static List<Job> jobs(JsonNode overview) {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : overview.path("jobs")) {
            jobs.add(
                    new Job(
                            job.path("jid").asText(),
                            job.path("name").asText(),
                            job.path("state").asText()));
        }
        return jobs;
    }

    /**
     * The job of that name that is not yet finished (created, running, restarting…), if any; none
     * when the JobManager does not answer.
     */
    public Optional<Job> activeJob(String name) {
        return activeJobs(jobs().orElse(List.of()), name).stream().findFirst();
    }

    /** The jobs of that name in {@code jobs} that are not yet finished. */
    public static List<Job> activeJobs(List<Job> jobs, String name) {
        return jobs.stream().filter(job -> job.name().equals(name)).filter(Job::active).toList();
    }

    /** When the job's newest completed checkpoint was triggered, if it completed one. */
    public Optional<Instant> latestCheckpointTriggered(Job job) {
        return get("/jobs/" + job.id() + "/checkpoints")
                .map(stats -> stats.path("latest").path("completed").path("trigger_timestamp"))
                .filter(JsonNode::isNumber)
                .map(trigger -> Instant.ofEpochMilli(trigger.asLong()));
    }

    /** The job's checkpoint statistics; empty when the JobManager does not answer. */
    public Optional<Checkpoints> checkpoints(Job job) {
        return get("/jobs/" + job.id() + "/checkpoints")
                .map(
                        stats ->
                                new Checkpoints(
                                        instant(
                                                stats.path("latest")
                                                        .path("restored")
                                                        .path("restore_timestamp")),
                                        instant(
                                                stats.path("latest")
                                                        .path("completed")
                                                        .path("trigger_timestamp")),
                                        stats.path("counts").path("in_progress").asInt(0),
                                        Optional.of(
                                                        stats.path("latest")
                                                                .path("savepoint")
                                                                .path("external_path"))
                                                .filter(JsonNode::isTextual)
                                                .map(JsonNode::asText)));
    }

    /** The fewest running tasks of any vertex of the job: the parallelism it runs at, 0 if none. */
    public int runningParallelism(Job job) {
        JsonNode vertices =
                get("/jobs/" + job.id())
                        .map(details -> details.path("vertices"))
                        .orElseGet(JSON::createArrayNode);
        int running = vertices.size() > 0 ? Integer.MAX_VALUE : 0;
        for (JsonNode vertex : vertices) {
            running = Math.min(running, vertex.path("tasks").path("RUNNING").asInt(0));
        }
        return running;
    }

    /**
     * When every task of the job runs: since the earliest of them was deployed. A job that
     * restarted after a failure runs since its new attempt's deployment, whether it restored a
     * checkpoint or, having none yet, started over.
     */
    public Optional<Instant> runningSince(Job job) {
        return get("/jobs/" + job.id()).flatMap(FlinkRest::runningSince);
    }

    static Optional<Instant> runningSince(JsonNode details) {
        if (!tasksRunning(details)) {
            return Optional.empty();
        }
        long deployed = Long.MAX_VALUE;
        for (JsonNode vertex : details.path("vertices")) {
            deployed = Math.min(deployed, vertex.path("start-time").asLong(Long.MAX_VALUE));
        }
        return deployed > 0 && deployed < Long.MAX_VALUE
                ? Optional.of(Instant.ofEpochMilli(deployed))
                : Optional.empty();
    }

    /** Whether every task of every vertex of the job runs. */
    public boolean tasksRunning(Job job) {
        return tasksRunning(get("/jobs/" + job.id()).orElse(JSON.createObjectNode()));
    }

    /**
     * Asks the JobManager for a checkpoint of the job now ({@code POST /jobs/:id/checkpoints}, as
     * the periodic ones are configured); whether it accepted the request.
     */
    public boolean triggerCheckpoint(Job job) {
        return Http.postJson(url() + "/jobs/" + job.id() + "/checkpoints", "{}").isPresent();
    }

    private static Optional<Instant> instant(JsonNode epochMillis) {
        return epochMillis.isNumber() && epochMillis.asLong() > 0
                ? Optional.of(Instant.ofEpochMilli(epochMillis.asLong()))
                : Optional.empty();
    }

    private static boolean tasksRunning(JsonNode details) {
        boolean tasksRunning = details.path("vertices").size() > 0;
        for (JsonNode vertex : details.path("vertices")) {
            tasksRunning &=
                    vertex.path("tasks").path("RUNNING").asInt(0)
                            == vertex.path("parallelism").asInt(-1);
        }
        return tasksRunning;
    }

    public JobHealth health(Job job) {
        JsonNode details = get("/jobs/" + job.id()).orElse(JSON.createObjectNode());
        boolean tasksRunning = tasksRunning(details);
        long restarts =
                get("/jobs/" + job.id() + "/metrics?get=numRestarts")
                        .map(metrics -> metrics.path(0).path("value").asLong(0))
                        .orElse(0L);
        String lastFailure =
                get("/jobs/" + job.id() + "/exceptions?maxExceptions=1")
                        .map(
                                exceptions ->
                                        exceptions
                                                .path("exceptionHistory")
                                                .path("entries")
                                                .path(0)
                                                .path("stacktrace")
                                                .asText("")
                                                .lines()
                                                .findFirst()
                                                .orElse(""))
                        .orElse("");
        return new JobHealth(
                details.path("state").asText(job.state()), tasksRunning, restarts, lastFailure);
    }

    /**
     * A failure of a job as its exception history keeps it.
     *
     * @param taskManagerId the resource id of the TaskManager where the failing task was deployed;
     *     empty for a failure of the whole job
     */
    public record Failure(Instant at, Optional<String> taskManagerId) {}

    /** The job's failures, from its exception history (Flink keeps 16). */
    public List<Failure> failures(Job job) {
        return get("/jobs/" + job.id() + "/exceptions?maxExceptions=" + EXCEPTION_HISTORY)
                .map(FlinkRest::failures)
                .orElse(List.of());
    }

    static List<Failure> failures(JsonNode exceptions) {
        List<Failure> failures = new ArrayList<>();
        for (JsonNode entry : exceptions.path("exceptionHistory").path("entries")) {
            JsonNode taskManager = entry.path("taskManagerId");
            failures.add(
                    new Failure(
                            Instant.ofEpochMilli(entry.path("timestamp").asLong()),
                            taskManager.isTextual()
                                    ? Optional.of(taskManager.asText())
                                    : Optional.empty()));
        }
        return failures;
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
