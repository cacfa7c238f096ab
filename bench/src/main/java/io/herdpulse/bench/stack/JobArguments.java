package io.herdpulse.bench.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options the benchmark gives the job (and its SQL version, which reads the same options): its
 * own topic, consumer group and database, from the earliest offset; every other option the job's
 * default, as {@code up} runs it.
 */
public final class JobArguments {
    private JobArguments() {}

    public static List<String> of(
            String topic, String dbUrl, Duration window, boolean bounded, List<String> extra) {
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--topic",
                                topic,
                                "--group-id",
                                "bench-" + topic,
                                "--starting-offsets",
                                "earliest",
                                "--db-url",
                                dbUrl,
                                "--window",
                                window.toString()));
        if (bounded) {
            arguments.add("--bounded");
        }
        arguments.addAll(extra);
        return arguments;
    }
}
