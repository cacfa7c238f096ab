package io.herdpulse.bench;

import io.herdpulse.bench.cost.CostSuite;
import io.herdpulse.bench.latency.LatencySuite;
import io.herdpulse.bench.producer.ProducerSuite;
import io.herdpulse.bench.report.ResultWriter;
import io.herdpulse.bench.report.SuiteResult;
import io.herdpulse.bench.report.TextTable;
import io.herdpulse.bench.stack.BenchStack;
import io.herdpulse.bench.stack.ClusterWarmUp;
import io.herdpulse.bench.throughput.ThroughputSuite;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.process.UnwindOnExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One benchmark run: the stack opened once, the chosen suites in order, each suite's JSON, CSV and
 * chart written as soon as it is done, the summary table at the end.
 */
public final class Bench {
    /**
     * How long Ctrl-C waits for the benchmark to clean up: it cancels jobs and resubmits the
     * stack's own, with a flink run.
     */
    private static final Duration CLEANUP = Duration.ofMinutes(3);

    private final BenchSizes sizes;
    private final Set<Suite> suites;
    private final Path results;
    private final Progress progress;

    public Bench(BenchSizes sizes, Set<Suite> suites, Path results, Progress progress) {
        this.sizes = sizes;
        this.suites = suites;
        this.results = results;
        this.progress = progress;
    }

    public List<SuiteResult> run() {
        ResultWriter writer = new ResultWriter(results);
        Path logs = results.resolve("logs");
        List<SuiteResult> done = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (UnwindOnExit interrupt = new UnwindOnExit("bench-interrupted", CLEANUP, () -> {});
                BenchStack stack = BenchStack.open(progress)) {
            if (suites.stream().anyMatch(Suite::timesFlinkJobs)) {
                ClusterWarmUp.run(
                        stack, sizes.throughputAnimals(), sizes.throughputIntervals(), progress);
            }
            for (Suite suite : Suite.values()) {
                if (!suites.contains(suite)) {
                    continue;
                }
                try {
                    SuiteResult result = run(suite, stack, logs);
                    writer.write(result);
                    progress.step("%s: results written to %s", result.suite(), results);
                    done.add(result);
                } catch (RuntimeException failure) {
                    if (interrupt.stopping()) {
                        progress.step("%s: interrupted; cleaning up", suite);
                        throw failure;
                    }
                    // One suite's failure (a job that did not finish, a wrong count) leaves the
                    // others' figures worth having.
                    progress.step("%s: FAILED: %s", suite, failure.getMessage());
                    failures.add(suite + ": " + failure.getMessage());
                }
            }
        }
        progress.out().println();
        progress.out().println("Results: " + results);
        for (SuiteResult result : done) {
            TextTable.print(result, progress.out());
        }
        if (!failures.isEmpty()) {
            throw new StackException("suites failed: " + String.join("; ", failures));
        }
        return done;
    }

    private SuiteResult run(Suite suite, BenchStack stack, Path logs) {
        return switch (suite) {
            case THROUGHPUT -> new ThroughputSuite(stack, sizes, progress, logs).run();
            case LATENCY -> new LatencySuite(stack, sizes, progress).run();
            case COST -> new CostSuite(stack, sizes, progress).run();
            case PRODUCER -> new ProducerSuite(stack, sizes, progress, logs).run();
        };
    }
}
