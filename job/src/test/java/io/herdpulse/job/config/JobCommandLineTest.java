package io.herdpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.AlertThresholds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandLineTest {
    /**
     * What the job adds to a URL that sets none of it, spelt out rather than taken from the job.
     */
    private static final String DRIVER_DEFAULTS =
            "connectTimeout=10&loginTimeout=10&reWriteBatchedInserts=true&socketTimeout=60"
                    + "&tcpKeepAlive=true";

    private static final Map<String, String> WITH_PASSWORD =
            Map.of(JobCommandLine.PASSWORD_ENV, "from-env");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exitCode = new AtomicInteger(-1);

    private Optional<JobConfig> parse(Map<String, String> environment, String... args) {
        return JobCommandLine.parse(
                environment, new PrintWriter(out), new PrintWriter(err), exitCode::set, args);
    }

    @Test
    void appliesTheDocumentedDefaults() {
        JobConfig config = parse(WITH_PASSWORD).orElseThrow();

        assertThat(config.jobName()).isEqualTo("HerdPulse");
        assertThat(config.kafka())
                .isEqualTo(
                        new KafkaSettings(
                                "127.0.0.1:9092",
                                "cow-health-data",
                                "herdpulse-job",
                                StartingOffsets.COMMITTED,
                                false));
        assertThat(config.database().url())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/herdpulse?" + DRIVER_DEFAULTS);
        assertThat(config.database().user()).isEqualTo("herdpulse_writer");
        assertThat(config.database().password()).isEqualTo("from-env");
        assertThat(config.database().batchInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.database().alertBatchInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.pipeline())
                .isEqualTo(
                        new PipelineSettings(
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(1),
                                Duration.ofMillis(50),
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(5),
                                Duration.ofHours(1),
                                Duration.ofMinutes(10),
                                Duration.ofMinutes(5),
                                39.7));
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.checkpointDirectory()).isEmpty();
        assertThat(config.discardSinks()).isFalse();
        assertThat(config.alerts()).isEqualTo(AlertThresholds.defaults());
        assertThat(exitCode).hasValue(-1);
    }

    @Test
    void parsesEveryOption(@TempDir Path dir) throws Exception {
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "from-file\nignored\n");

        JobConfig config =
                parse(
                                Map.of(),
                                "--job-name=HerdPulse drill",
                                "--bootstrap-servers=k1:9092,k2:9092",
                                "--topic=t",
                                "--group-id=g",
                                "--starting-offsets=LATEST",
                                "--bounded",
                                "--db-url=jdbc:postgresql://db:5432/x?ssl=true",
                                "--db-user=u",
                                "--db-password-file=" + passwordFile,
                                "--window=PT1H",
                                "--out-of-orderness=PT30S",
                                "--allowed-lateness=PT0S",
                                "--watermark-interval=PT1S",
                                "--idleness=PT2M",
                                "--wake-hold=PT0S",
                                "--max-partition-drift=PT20M",
                                "--dedup-horizon=PT1H",
                                "--max-future=PT1M",
                                "--fever-c=40",
                                "--checkpoint-interval=PT30S",
                                "--checkpoint-dir=file:///tmp/cp",
                                "--sink-batch-size=50",
                                "--sink-batch-interval=PT0S",
                                "--alert-batch-interval=PT0.5S",
                                "--sink-max-retries=0",
                                "--discard-sinks")
                        .orElseThrow();

        assertThat(config.jobName()).isEqualTo("HerdPulse drill");
        assertThat(config.kafka())
                .isEqualTo(
                        new KafkaSettings(
                                "k1:9092,k2:9092", "t", "g", StartingOffsets.LATEST, true));
        assertThat(config.database())
                .isEqualTo(
                        new DatabaseSettings(
                                "jdbc:postgresql://db:5432/x?ssl=true&" + DRIVER_DEFAULTS,
                                "u",
                                "from-file",
                                50,
                                Duration.ZERO,
                                Duration.ofMillis(500),
                                0));
        assertThat(config.pipeline())
                .isEqualTo(
                        new PipelineSettings(
                                Duration.ofHours(1),
                                Duration.ofSeconds(30),
                                Duration.ZERO,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(2),
                                Duration.ZERO,
                                Duration.ofMinutes(20),
                                Duration.ofHours(1),
                                Duration.ofMinutes(1),
                                40.0));
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.checkpointDirectory()).contains("file:///tmp/cp");
        assertThat(config.discardSinks()).isTrue();
        assertThat(config.alerts().temperature().feverC()).isEqualTo(40.0);
    }

    @Test
    void theAlertSinksSettingsSendEveryStatementOfABatchAtTheAlertsInterval() {
        JobConfig config =
                parse(
                                WITH_PASSWORD,
                                "--db-url=jdbc:postgresql://h/d?ssl=true",
                                "--sink-batch-interval=PT2S",
                                "--alert-batch-interval=PT0.03S")
                        .orElseThrow();

        DatabaseSettings alerts = config.database().forAlerts();
        assertThat(alerts.url())
                .isEqualTo(
                        "jdbc:postgresql://h/d?ssl=true&"
                                + DRIVER_DEFAULTS.replace("Inserts=true", "Inserts=false"));
        assertThat(alerts.batchInterval()).isEqualTo(Duration.ofMillis(30));
        assertThat(config.database().batchInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void keepsWhatTheUrlSetsAndAddsTheRest() {
        JobConfig config =
                parse(
                                WITH_PASSWORD,
                                "--db-url=jdbc:postgresql://h/d?reWriteBatchedInserts=false"
                                        + "&socketTimeout=0&xloginTimeout=3")
                        .orElseThrow();

        assertThat(config.database().url())
                .isEqualTo(
                        "jdbc:postgresql://h/d?reWriteBatchedInserts=false&socketTimeout=0"
                                + "&xloginTimeout=3&connectTimeout=10&loginTimeout=10"
                                + "&tcpKeepAlive=true");
    }

    @Test
    void theAlertSinkSendsEveryStatementWhateverRewriteValueTheUrlGives() {
        JobConfig config =
                parse(
                                WITH_PASSWORD,
                                "--db-url=jdbc:postgresql://h/d?reWriteBatchedInserts=TRUE&a=b")
                        .orElseThrow();

        assertThat(config.database().forAlerts().url())
                .isEqualTo(
                        "jdbc:postgresql://h/d?reWriteBatchedInserts=false&a=b&connectTimeout=10"
                                + "&loginTimeout=10&socketTimeout=60&tcpKeepAlive=true");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(parse(WITH_PASSWORD).orElseThrow().database().toString())
                .doesNotContain("from-env")
                .contains("password=***");
    }

    @Test
    void listsEveryOptionWithItsDefaultInTheHelp() {
        assertThat(parse(Map.of(), "--help")).isEmpty();

        assertThat(exitCode).hasValue(0);
        assertThat(out.toString())
                .contains(
                        "--bootstrap-servers",
                        "--topic",
                        "--group-id",
                        "--starting-offsets",
                        "--bounded",
                        "--db-url",
                        "--db-user",
                        "--db-password-file",
                        "--window",
                        "--out-of-orderness",
                        "--allowed-lateness",
                        "--watermark-interval",
                        "--idleness",
                        "--max-partition-drift",
                        "--dedup-horizon",
                        "--max-future",
                        "--fever-c",
                        "--checkpoint-interval",
                        "--checkpoint-dir",
                        "--sink-batch-size",
                        "--sink-batch-interval",
                        "--alert-batch-interval",
                        "--sink-max-retries",
                        "default: PT1M",
                        "HERDPULSE_DB_PASSWORD");
    }

    @Test
    void refusesToStartWithoutAPassword() {
        assertOneLineError(parse(Map.of()), "no database password");
    }

    @Test
    void refusesBadOptionsWithOneLine() {
        assertOneLineError(parse(WITH_PASSWORD, "--window=1m"), "ISO-8601 duration");
        assertOneLineError(parse(WITH_PASSWORD, "--window=PT0S"), "at least one millisecond");
        assertOneLineError(parse(WITH_PASSWORD, "--allowed-lateness=-PT1S"), "negative");
        assertOneLineError(parse(WITH_PASSWORD, "--starting-offsets=newest"), "committed");
        assertOneLineError(parse(WITH_PASSWORD, "--sink-batch-size=0"), "at least 1");
        assertOneLineError(
                parse(WITH_PASSWORD, "--watermark-interval=PT0S"), "at least one millisecond");
        assertOneLineError(parse(WITH_PASSWORD, "--watermark-interval=50ms"), "ISO-8601 duration");
        assertOneLineError(
                parse(WITH_PASSWORD, "--alert-batch-interval=PT0S"), "at least one millisecond");
        assertOneLineError(
                parse(WITH_PASSWORD, "--alert-batch-interval=-PT0.01S"),
                "at least one millisecond");
        assertOneLineError(parse(WITH_PASSWORD, "--max-future=P366D"), "more than 365 days");
        assertOneLineError(parse(WITH_PASSWORD, "--max-future=-PT1S"), "negative");
        assertOneLineError(parse(WITH_PASSWORD, "--job-name= "), "must not be blank");
        assertOneLineError(parse(WITH_PASSWORD, "--no-such-option"), "--no-such-option");
        assertOneLineError(parse(Map.of(), "--db-password-file=/no/such/file"), "cannot read");
    }

    @Test
    void refusesAlertDurationsTheRulesCannotCountInWithOneLine() {
        // Accepted before: every reading forgotten at once, or every cow silent between readings.
        assertOneLineError(
                parse(WITH_PASSWORD, "--alert-state-ttl", "P106751990000D"),
                "the alert state TTL must be positive and at most P3650D");
        assertOneLineError(
                parse(WITH_PASSWORD, "--sensor-interval", "PT0.0005S"),
                "the interval at which a bolus reports must be whole seconds, from PT1S to P3650D");
        // Accepted before, then Duration.toMillis threw in the operator's open(): a crash loop.
        assertOneLineError(
                parse(WITH_PASSWORD, "--alert-state-ttl", "P106751991200D"), "at most P3650D");
        assertOneLineError(
                parse(WITH_PASSWORD, "--drinking-max-duration", "P106751991200D"),
                "at most P3650D");
        // An ArithmeticException while building the thresholds before (the silent span's
        // multipliedBy, a window's toMillis): a stack trace, not a usage error.
        assertOneLineError(parse(WITH_PASSWORD, "--sensor-interval", "P40000000000000D"), "PT1S");
        assertOneLineError(
                parse(WITH_PASSWORD, "--low-ph-window", "P106751991200D"), "whole hours");
    }

    private void assertOneLineError(Optional<JobConfig> parsed, String message) {
        assertThat(parsed).isEmpty();
        assertThat(exitCode).hasValue(2);
        assertThat(err.toString()).contains(message).endsWith(System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
        err.getBuffer().setLength(0);
        exitCode.set(-1);
    }
}
