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
public final class Cli {
    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) records acknowledged of (\\d+) sent, (\\d+) failed");

    public final StopSignal stop = new StopSignal();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    public int run(String... args) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return ProducerCli.execute(args, stop, o, e);
        }
    }

    public CompletableFuture<Integer> start(String... args) {
        return CompletableFuture.supplyAsync(() -> run(args));
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    public long acknowledged() {
        return summary(1);
    }

    public long sent() {
        return summary(2);
    }

    public long failed() {
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
