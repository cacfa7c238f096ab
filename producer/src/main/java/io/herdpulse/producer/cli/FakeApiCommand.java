package io.herdpulse.producer.cli;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.simulate.SimulationSettings;
import io.herdpulse.producer.vendor.FakeVendorApi;
import io.herdpulse.producer.vendor.VendorFormat;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fake-api}: the simulated herd served as a bolus vendor's REST API, for {@code poll}. */
@Command(
        name = "fake-api",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves the simulated herd (the simulate command's herd options) as a vendor-style"
                    + " REST API: GET /v1/readings?cursor=C&limit=N answers"
                    + " {\"data\": [...], \"next_cursor\": \"...\", \"has_more\": true|false}, in"
                    + " simulation order, up to real time. Runs until stopped (Ctrl-C/SIGTERM).",
            "A poller's stored cursor means the same reading only on the same herd: restart it with"
                    + " the same --seed and an absolute --start, or keep them with --herd-file."
        })
public final class FakeApiCommand implements Callable<Integer> {
    private static final String START = "start";
    private static final String SEED = "seed";

    @ParentCommand private ProducerCli cli;
    @Spec private CommandSpec spec;
    @Mixin private HerdOptions herd;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8401",
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--max-page-size",
            defaultValue = "1000",
            paramLabel = "N",
            description = "Largest page served, whatever limit asks (default: ${DEFAULT-VALUE}).")
    int maxPageSize;

    @Option(
            names = "--page-delay",
            defaultValue = "PT0S",
            paramLabel = "DURATION",
            converter = Durations.NotNegative.class,
            description =
                    "Wait this long before answering each page, as a remote API's latency would"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration pageDelay;

    @Option(
            names = "--herd-file",
            paramLabel = "FILE",
            description =
                    "Keep the herd's resolved --start and --seed in this file on the first run and"
                            + " serve that same herd on every later run, so a poller's stored"
                            + " cursor keeps its meaning across restarts (default: none).")
    Path herdFile;

    @Override
    public Integer call() {
        CommandChecks checks = new CommandChecks(spec);
        checks.require(port >= 0 && port <= 65535, "--port must be 0 to 65535, not " + port);
        checks.require(maxPageSize > 0, "--max-page-size must be positive");
        if (herdFile != null && Files.exists(herdFile)) {
            keptHerd(checks);
        }
        SimulationSettings settings =
                SimulationSettings.resolve(herd.options(0, 0, 0), checks::fail);
        if (herdFile != null && !Files.exists(herdFile)) {
            keepHerd(settings);
        }
        try (FakeVendorApi api =
                new FakeVendorApi(
                        settings, host, port, maxPageSize, pageDelay, Clock.systemUTC())) {
            cli.err().println(settings.describe());
            cli.err()
                    .println(
                            "fake-api: serving http://"
                                    + host
                                    + ":"
                                    + api.port()
                                    + VendorFormat.READINGS_PATH
                                    + " with seed "
                                    + settings.seed());
            while (!cli.stop().await(Duration.ofDays(1))) {
                // serve until stopped
            }
        }
        return ProducerCli.EXIT_OK;
    }

    private void keptHerd(CommandChecks checks) {
        Properties kept = new Properties();
        try (Reader in = Files.newBufferedReader(herdFile)) {
            kept.load(in);
            herd.start = Instant.parse(kept.getProperty(START));
            herd.seed = Long.parseLong(kept.getProperty(SEED));
        } catch (IOException | RuntimeException e) {
            throw checks.fail(
                    "cannot read --herd-file "
                            + herdFile
                            + " ("
                            + e.getMessage()
                            + "); delete it to start a new herd");
        }
    }

    private void keepHerd(SimulationSettings settings) {
        Properties kept = new Properties();
        kept.setProperty(START, settings.start().toString());
        kept.setProperty(SEED, Long.toString(settings.seed()));
        try {
            Files.createDirectories(herdFile.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(herdFile)) {
                kept.store(out, "the herd of herdpulse-producer fake-api");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --herd-file " + herdFile, e);
        }
    }
}
