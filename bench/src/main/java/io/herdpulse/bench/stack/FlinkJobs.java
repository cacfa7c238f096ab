package io.herdpulse.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.bench.Progress;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.Stack;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.flink.FlinkRest;
import io.herdpulse.stack.process.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs the benchmark submits to the stack's cluster with the real {@code flink run}, and what
 * Flink's REST API says about them: state, duration, checkpoints, the TaskManager's heap.
 */
public final class FlinkJobs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENDED = List.of("FINISHED", "FAILED", "CANCELED");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROGRESS = Duration.ofSeconds(10);

    /** Not the stack's job: one a benchmark cut short left running is never taken for it. */
    static final String JOB_NAME = "HerdPulse bench";

    /** A job's end as Flink reports it; {@code duration} is Flink's own, from CREATED to end. */
    public record Ended(String id, String state, Duration duration) {}

    /** The largest completed checkpoint of a job (Flink keeps the latest ten in its history). */
    public record Checkpoint(long stateBytes, Duration duration) {}

    private final Stack stack;
    private final Progress progress;
    private final String rest;
    private final List<String> submitted = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    FlinkJobs(Stack stack, Progress progress) {
        this.stack = stack;
        this.progress = progress;
        this.rest = "http://127.0.0.1:" + stack.ports().flinkRest();
    }

    /**
     * {@code flink run -d [-c mainClass] herdpulse-job.jar …}, as {@code up} submits the job (the
     * stack's own {@link io.herdpulse.stack.flink.JobDeployment#run}); returns the job id.
     */
    public String submit(Optional<String> mainClass, List<String> jobOptions) {
        return submit(stack.distribution().jobJar(), mainClass, jobOptions);
    }

    /** The same, from another build's job jar (a baseline measured beside this build's). */
    public String submit(Path jar, Optional<String> mainClass, List<String> jobOptions) {
        List<String> flinkOptions = new ArrayList<>();
        mainClass.ifPresent(name -> flinkOptions.addAll(List.of("-c", name)));
        // The job's own main names it; the Flink SQL baseline's has a name of its own.
        String id =
                mainClass.isPresent()
                        ? stack.job().run(Distribution.require(jar), flinkOptions, jobOptions)
                        : stack.job()
                                .run(Distribution.require(jar), flinkOptions, jobOptions, JOB_NAME);
        submitted.add(id);
        return id;
    }

    /** Waits until the job ends, calling {@code whileRunning} every poll; fails unless FINISHED. */
    public Ended awaitFinished(String id, Duration timeout, Runnable whileRunning) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + PROGRESS.toNanos();
        while (true) {
            JsonNode job = get("/jobs/" + id).orElseThrow(() -> gone(id));
            String state = job.path("state").asText();
            if (ENDED.contains(state)) {
                if (!state.equals("FINISHED")) {
                    throw new StackException("job " + id + " " + state + ": " + rootException(id));
                }
                return new Ended(id, state, Duration.ofMillis(job.path("duration").asLong()));
            }
            if (System.nanoTime() > deadline) {
                cancel(id);
                throw new StackException(
                        "job " + id + " did not finish within " + timeout.toSeconds() + " s");
            }
            whileRunning.run();
            if (System.nanoTime() >= nextReport) {
                // The source's emitted records, as the web UI shows them (updated every few s).
                progress.step(
                        "flink: job %s %s, %,d records read from Kafka so far",
                        id,
                        state,
                        job.path("vertices")
                                .path(0)
                                .path("metrics")
                                .path("write-records")
                                .asLong());
                nextReport = System.nanoTime() + PROGRESS.toNanos();
            }
            sleep(POLL);
        }
    }

    /** Waits until every task of the job runs, so what is sent next is read at once. */
    public void awaitRunning(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/jobs/" + id).orElseThrow(() -> gone(id));
            boolean allRunning = job.path("state").asText().equals("RUNNING");
            for (JsonNode vertex : job.path("vertices")) {
                allRunning &= vertex.path("status").asText().equals("RUNNING");
            }
            if (allRunning) {
                return;
            }
            if (ENDED.contains(job.path("state").asText()) || System.nanoTime() > deadline) {
                throw new StackException("job " + id + " is not running: " + rootException(id));
            }
            sleep(POLL);
        }
    }

    public Optional<Checkpoint> largestCheckpoint(String id) {
        Optional<JsonNode> checkpoints = get("/jobs/" + id + "/checkpoints");
        Checkpoint largest = null;
        for (JsonNode checkpoint :
                checkpoints.map(c -> c.path("history")).orElse(JSON.createArrayNode())) {
            if (checkpoint.path("status").asText().equals("COMPLETED")
                    && (largest == null
                            || checkpoint.path("state_size").asLong() > largest.stateBytes())) {
                largest =
                        new Checkpoint(
                                checkpoint.path("state_size").asLong(),
                                Duration.ofMillis(checkpoint.path("end_to_end_duration").asLong()));
            }
        }
        return Optional.ofNullable(largest);
    }

    /** Heap in use on the (first) TaskManager, bytes; empty while Flink has not measured it. */
    /** The fullest TaskManager's heap: the one running the job, not the standby. */
    public Optional<Long> taskManagerHeapUsed() {
        return largestOverTaskManagers("Status.JVM.Memory.Heap.Used");
    }

    public Optional<Long> taskManagerHeapMax() {
        return largestOverTaskManagers("Status.JVM.Memory.Heap.Max");
    }

    /** A metric's largest value over all TaskManagers, as Flink's REST API aggregates it. */
    private Optional<Long> largestOverTaskManagers(String metric) {
        return get("/taskmanagers/metrics?get=" + metric + "&agg=max")
                .map(values -> values.path(0).path("max").asText(""))
                .filter(value -> !value.isEmpty())
                .map(value -> (long) Double.parseDouble(value));
    }

    /** Cancels the job through the REST API (PATCH /jobs/:id), and waits until it has ended. */
    public void cancel(String id) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(rest + "/jobs/" + id + "?mode=cancel"))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new StackException("cannot cancel job " + id + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while cancelling job " + id, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get("/jobs/" + id)
                        .map(job -> !ENDED.contains(job.path("state").asText()))
                        .orElse(false)
                && System.nanoTime() < deadline) {
            sleep(POLL);
        }
    }

    /**
     * Cancels every job this benchmark submitted that has not ended yet, and any other of its name:
     * a {@code flink run} cut short may have submitted one whose id it never printed, and a killed
     * benchmark may have left one.
     */
    void cancelAll() {
        FlinkRest.activeJobs(stack.flink().rest().jobs().orElse(List.of()), JOB_NAME).stream()
                .map(FlinkRest.Job::id)
                .filter(id -> !submitted.contains(id))
                .forEach(
                        id -> {
                            progress.step("flink: cancelling job %s, left by a benchmark", id);
                            cancel(id);
                        });
        for (String id : submitted) {
            boolean active =
                    get("/jobs/" + id)
                            .map(job -> !ENDED.contains(job.path("state").asText()))
                            .orElse(false);
            if (active) {
                progress.step("flink: cancelling job %s", id);
                cancel(id);
            }
        }
    }

    List<String> submitted() {
        return List.copyOf(submitted);
    }

    /** The first line of the job's latest exception, for a one-line failure message. */
    private String rootException(String id) {
        String failure = stack.flink().rest().health(new FlinkRest.Job(id, "", "")).lastFailure();
        return failure.isEmpty() ? "no exception reported; see the Flink web UI" : failure;
    }

    private Optional<JsonNode> get(String path) {
        return Http.get(rest + path)
                .map(
                        body -> {
                            try {
                                return JSON.readTree(body);
                            } catch (IOException e) {
                                throw new StackException("Flink REST " + path + ": " + e, e);
                            }
                        });
    }

    private static StackException gone(String id) {
        return new StackException("Flink does not know job " + id);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
