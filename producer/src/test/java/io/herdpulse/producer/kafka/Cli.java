package io.herdpulse.producer.kafka;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.run.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of the producer's command line in this JVM, with its output captured. */
final class Cli {
    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) records acknowledged of (\\d+) sent, (\\d+) failed");

    final StopSignal stop = new StopSignal();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return ProducerCli.execute(args, stop, o, e);
        }
    }

    CompletableFuture<Integer> start(String... args) {
        return CompletableFuture.supplyAsync(() -> run(args));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    long acknowledged() {
        return summary(1);
    }

    long sent() {
        return summary(2);
    }

    long failed() {
        return summary(3);
    }

    private long summary(int group) {
        Matcher matcher = SUMMARY.matcher(out());
        if (!matcher.find()) {
            throw new AssertionError("no summary in: " + out() + err());
        }
        return Long.parseLong(matcher.group(group));
    }
}
