package io.herdpulse.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.run.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerCliTest {
    /** A command that got past its options fails at once, never serving nor polling. */
    private static final List<String> NO_BROKER =
            List.of(
                    "--bootstrap-servers",
                    "127.0.0.1:1",
                    "--connect-timeout",
                    "PT1S",
                    "--metrics-port",
                    "0");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource({"simulate", "replay"})
    void everyCommandExplainsItsOptions(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out())
                .contains(
                        "Usage: herdpulse-producer " + command,
                        "--bootstrap-servers",
                        "--topic",
                        "--metrics-port",
                        "--rate");
    }

    @ParameterizedTest
    @CsvSource({"serve,--max-body-bytes", "poll,--api-url", "fake-api,--max-page-size"})
    void theApiCommandsExplainTheirOptions(String command, String option) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out()).contains("Usage: herdpulse-producer " + command, option);
    }

    @Test
    void withoutACommandItSaysWhichExist() {
        assertThat(run()).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "error: choose a command: simulate, replay, serve, poll or fake-api (see --help)\n");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "simulate --farms 0|--farms must be 1 to 999, not 0",
                "simulate --farms many|Invalid value for option '--farms': 'many' is not an int",
                "simulate --animals 100001|--animals must be 1 to 100000 per farm, not 100001",
                "simulate --rate -5|--rate must be a positive number of readings per second, not -5.0",
                "simulate --rate Infinity|--rate must be a positive number of readings per second, not Infinity",
                "simulate --speed Infinity|--speed must be a positive factor, not Infinity",
                "simulate --rate 5 --speed 2|--rate=PER_SECOND, --speed=FACTOR are mutually exclusive (specify only one)",
                "simulate --interval PT2H|--interval must be whole seconds from PT1S to PT1H (a reading's rumination is at most 60 min), not PT2H",
                "simulate --interval 10m|Invalid value for option '--interval': '10m' is not an ISO-8601 duration such as PT10M, PT36H or P7D",
                "simulate --start yesterday|Invalid value for option '--start': 'yesterday' is neither an instant (2026-03-01T00:00:00Z), 'now', nor a duration from now (-P7D)",
                "simulate --inject fever:farm-01-cow-999@P1D|no animal farm-01-cow-999 in the herd (farm-01-cow-001 .. farm-01-cow-100)",
                "simulate --metrics-port 70000|--metrics-port must be 0 to 65535, not 70000",
                "simulate --count 0|--count must be positive",
                "simulate --incidence 1e-13|--incidence must be 0 or at least 0.000001 per animal and day, not 1.0E-13",
                "simulate --colour blue|Unknown options: '--colour', 'blue'",
                "replay|Missing required parameter: 'FILE'",
                "replay --rate 0 x.csv|--rate must be a positive number of readings per second, not 0.0",
                "serve --port 70000|--port must be 0 to 65535, not 70000",
                "serve --max-body-bytes 0|--max-body-bytes must be 1 to 1073741824, not 0",
                "serve --max-readings 0|--max-readings must be positive",
                "serve --max-concurrent-requests 0|--max-concurrent-requests must be positive",
                "serve --max-future soon|Invalid value for option '--max-future': 'soon' is not an ISO-8601 duration such as PT10M, PT36H or P7D",
                "poll|Missing required option: '--api-url=URL'",
                "poll --api-url ftp://host/readings|--api-url must be an http:// or https:// URL, not 'ftp://host/readings'",
                "poll --api-url http://host/readings --page-size 0|--page-size must be positive",
                "poll --api-url http://host/readings --poll-interval PT0S|Invalid value for option '--poll-interval': 'PT0S' must be a positive duration",
                "fake-api --port -1|--port must be 0 to 65535, not -1",
                "fake-api --max-page-size 0|--max-page-size must be positive",
                "fake-api --page-delay -PT1S|Invalid value for option '--page-delay': '-PT1S' must not be negative",
                "fake-api --farms 0|--farms must be 1 to 999, not 0",
                "simulate --delivery-timeout PT0.5S|--delivery-timeout must be PT1S to P24D, not PT0.5S",
                "simulate --bootstrap-servers nohost|--bootstrap-servers must be HOST:PORT[,…] with ports up to 65535, not 'nohost'",
                "serve --bootstrap-servers 127.0.0.1:9092,,127.0.0.1:9093|--bootstrap-servers must be HOST:PORT[,…] with ports up to 65535, not ''",
                "replay --bootstrap-servers 127.0.0.1:99999 x.csv|--bootstrap-servers must be HOST:PORT[,…] with ports up to 65535, not '127.0.0.1:99999'",
                "simulate --delivery-timeout P1000000D|Invalid value for option '--delivery-timeout': 'P1000000D' is longer than any wait can be (292 years)",
                "simulate --connect-timeout P1000000D|Invalid value for option '--connect-timeout': 'P1000000D' is longer than any wait can be (292 years)",
                "poll --api-url http://host/readings --max-backoff P1000000D|Invalid value for option '--max-backoff': 'P1000000D' is longer than any wait can be (292 years)",
                "poll --api-url http://host/readings --request-timeout P1000000D|Invalid value for option '--request-timeout': 'P1000000D' is longer than any wait can be (292 years)",
            })
    void aBadOptionIsOneLineAndExitCodeTwo(String args, String message) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("error: " + message + " (see --help)\n");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "serve --max-body-bytes 2147483647|--max-body-bytes must be 1 to 1073741824, not 2147483647",
                "simulate --delivery-timeout P30D|--delivery-timeout must be PT1S to P24D, not PT720H",
                "serve --body-timeout PT61M|--body-timeout must be at most PT1H, not PT1H1M",
                "serve --max-future P366D|--max-future must be at most P365D, not PT8784H",
                "poll --api-url http://host/readings --poll-interval PT25H|--poll-interval must be at most P1D, not PT25H",
                "poll --api-url http://host/readings#x|--api-url must not have a fragment (#...), not 'http://host/readings#x'",
            })
    void anOptionThatWouldBreakEveryRequestIsABadOption(String args, String message) {
        // Accepted, each used to start and then fail every request (an int or a long that
        // overflowed, a query swallowed by the fragment), or hold readings back for ever; no
        // broker here, so it cannot start.
        List<String> all = new ArrayList<>(List.of(args.split(" ")));
        all.addAll(NO_BROKER);
        assertThat(run(all.toArray(String[]::new))).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("error: " + message + " (see --help)\n");
    }

    @Test
    void aHerdTooLargeForTheHeapIsRefusedUpFrontNamingTheOptions() {
        long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);

        assertThat(run("simulate", "--farms", "999", "--animals", "100000")).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err())
                .isEqualTo(
                        "error: --farms 999 x --animals 100000 is too large a herd for this JVM's"
                                + " heap of "
                                + heapMiB
                                + " MiB (about 880 bytes per animal): fewer animals, or more heap"
                                + " with -Xmx (see --help)\n");
    }

    @Test
    void rebasingAFileWithAPlaceholderDateIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path file =
                Files.write(
                        dir.resolve("sentinel.csv"),
                        List.of(
                                "timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min",
                                "1970-01-01T00:00:00Z,farm-1,cow-1,b,39,1,1",
                                "9999-12-31T00:00:00Z,farm-1,cow-1,b,39,1,1",
                                "2026-03-01T10:10:00Z,farm-1,cow-1,b,39,1,1"));

        assertThat(run("replay", "--rebase-time", file.toString())).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err())
                .isEqualTo(
                        "error: "
                                + file
                                + ": its latest reading, 9999-12-31T00:00:00Z, is more than a year"
                                + " ahead, too far to rebase to: a placeholder? Remove that row, or"
                                + " replay without --rebase-time (see --help)\n");
    }

    @Test
    void anUnreadableFileIsOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");

        assertThat(run("replay", missing.toString())).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "error: cannot read "
                                + missing
                                + " (no such readable file) (see --help)\n");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCodeOne() {
        int exit =
                run(
                        "simulate",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--metrics-port",
                        "0",
                        "--connect-timeout",
                        "PT1S",
                        "--incidence",
                        "0");

        assertThat(exit).isEqualTo(1);
        assertThat(err().lines().filter(line -> line.startsWith("error:")))
                .containsExactly(
                        "error: no answer from Kafka at 127.0.0.1:1 about topic"
                                + " cow-health-data within 1.0 s (is the broker running and does the topic exist?)");
    }

    @Test
    void aKafkaClientThatCannotBeBuiltIsOneLineWithItsCause() {
        // A host that cannot resolve (RFC 6761): a failure of the place, not of the option.
        int exit =
                run("simulate", "--bootstrap-servers", "kafka.invalid:9092", "--metrics-port", "0");

        assertThat(exit).isEqualTo(1);
        assertThat(err())
                .isEqualTo(
                        "error: Failed to construct kafka producer: No resolvable bootstrap urls"
                                + " given in bootstrap.servers\n");
    }

    private int run(String... args) {
        return ProducerCli.execute(
                args,
                new StopSignal(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
