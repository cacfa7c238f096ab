package io.herdpulse.bench.tools;

import io.herdpulse.producer.benchmark.ProducerComparison;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import java.nio.file.Path;
import java.util.List;

/**
 * Kafka's own ConsumerPerformance (kafka-tools of the broker's version, in dist/kafka): the speed
 * of reading a topic and doing nothing with it, the ceiling for anything that consumes it. It runs
 * as the producer comparison runs its tools, with the same heap.
 */
public final class KafkaTools {
    private final Distribution distribution;
    private final String bootstrapServers;

    public KafkaTools(Distribution distribution, String bootstrapServers) {
        this.distribution = distribution;
        this.bootstrapServers = bootstrapServers;
    }

    /** What ConsumerPerformance reported: records read and records per second (start to end). */
    public record Consumed(long records, double recordsPerSecond) {}

    public Consumed consume(String topic, long records, String group, Path log) {
        String output =
                ProducerComparison.run(
                        List.of(
                                Distribution.java(),
                                ProducerComparison.HEAP,
                                "-cp",
                                Distribution.classpathOf(distribution.kafkaLibs()),
                                "org.apache.kafka.tools.ConsumerPerformance",
                                "--bootstrap-server",
                                bootstrapServers,
                                "--topic",
                                topic,
                                "--num-records",
                                Long.toString(records),
                                "--group",
                                group,
                                "--timeout",
                                "30000",
                                "--hide-header"),
                        log);
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, …
        String[] fields =
                output.lines()
                        .filter(line -> line.split(",").length >= 6)
                        .reduce((first, second) -> second)
                        .orElseThrow(
                                () ->
                                        new StackException(
                                                "no result from ConsumerPerformance: " + output))
                        .split(",");
        return new Consumed(Long.parseLong(fields[4].trim()), Double.parseDouble(fields[5].trim()));
    }
}
