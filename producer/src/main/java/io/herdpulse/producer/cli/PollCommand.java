package io.herdpulse.producer.cli;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.PublishException;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.metrics.ProducerMetrics;
import io.herdpulse.producer.poll.PollSettings;
import io.herdpulse.producer.poll.Poller;
import io.herdpulse.producer.poll.VendorApiException;
import io.herdpulse.producer.run.RunReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code poll}: a bolus vendor's REST API, pulled page by page. */
@Command(
        name = "poll",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Pulls readings from a vendor-style REST API (GET URL?limit=N&cursor=C answering"
                    + " {\"data\": [...], \"next_cursor\": \"...\", \"has_more\": ...}; fake-api"
                    + " serves one), maps them to the message contract and writes them to Kafka.",
            "The cursor is stored under --state-dir only once Kafka acknowledged the page, and a"
                    + " page interrupted by a crash is finished on restart without resending what"
                    + " Kafka already has. Runs until stopped (Ctrl-C/SIGTERM) or, with"
                    + " --exit-when-caught-up, until the API has nothing new.",
            "With the environment variable "
                    + PollCommand.TOKEN_VARIABLE
                    + " set, requests carry Authorization: Bearer <token>."
        })
public final class PollCommand implements Callable<Integer> {
    public static final String TOKEN_VARIABLE = "HERDPULSE_API_TOKEN";

    /** 1 GiB: a Java array holds at most about 2 GiB, and a page is copied once when read. */
    private static final int MOST_PAGE_BYTES = 1 << 30;

    /** Longer, a caught-up poller would hold readings back for days. */
    private static final Duration MOST_POLL_INTERVAL = Duration.ofDays(1);

    @ParentCommand private ProducerCli cli;
    @Spec private CommandSpec spec;
    @Mixin private CommonOptions common;

    @Option(
            names = "--api-url",
            required = true,
            paramLabel = "URL",
            description = "The readings endpoint, e.g. http://127.0.0.1:8401/v1/readings.")
    String apiUrl;

    @Option(
            names = "--state-dir",
            defaultValue = "${env:HERDPULSE_HOME:-.herdpulse}/poll",
            paramLabel = "DIR",
            description =
                    "Where the cursor is kept; one poller per directory (default:"
                            + " ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--page-size",
            defaultValue = "500",
            paramLabel = "N",
            description = "Readings asked for per page (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(
            names = "--max-page-bytes",
            defaultValue = "67108864",
            paramLabel = "BYTES",
            description =
                    "A page with a larger body stops the run instead of filling the heap; ask for"
                            + " fewer readings with --page-size (default: ${DEFAULT-VALUE}, 64 MiB).")
    int maxPageBytes;

    @Option(
            names = "--poll-interval",
            defaultValue = "PT10S",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "Wait before asking again once the API has nothing new (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(
            names = "--max-backoff",
            defaultValue = "PT1M",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "Longest wait between retries after errors; the first is 1 s, then doubling"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(
            names = "--request-timeout",
            defaultValue = "PT30S",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "How long one request may take, its whole answer included (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(
            names = "--exit-when-caught-up",
            description = "Stop once the API has nothing new instead of waiting for more.")
    boolean exitWhenCaughtUp;

    @Override
    public Integer call() {
        CommandChecks checks = new CommandChecks(spec);
        KafkaSettings kafka = common.kafka("poll", checks);
        URI api = apiUri(checks);
        checks.require(pageSize > 0, "--page-size must be positive");
        checks.require(
                maxPageBytes > 0 && maxPageBytes <= MOST_PAGE_BYTES,
                "--max-page-bytes must be 1 to " + MOST_PAGE_BYTES);
        checks.require(
                pollInterval.compareTo(MOST_POLL_INTERVAL) <= 0,
                "--poll-interval must be at most P1D, not " + pollInterval);
        String token = checks.optionalToken(TOKEN_VARIABLE);
        PollSettings settings =
                new PollSettings(
                        api,
                        pageSize,
                        maxPageBytes,
                        pollInterval,
                        maxBackoff,
                        requestTimeout,
                        exitWhenCaughtUp,
                        stateDir,
                        token);
        long startNanos = System.nanoTime();
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(kafka, metrics)) {
            publisher.connect();
            common.serveMetrics(metrics);
            String failure = null;
            try (Poller poller =
                    new Poller(
                            settings,
                            kafka,
                            publisher,
                            metrics.registry(),
                            cli.stop(),
                            cli.err())) {
                cli.err()
                        .println(
                                "poll: "
                                        + api
                                        + " into "
                                        + kafka.topic()
                                        + ", state in "
                                        + stateDir);
                try {
                    poller.run();
                } catch (PublishException | VendorApiException e) {
                    failure = e.getMessage();
                } finally {
                    // Before the poller lets go of the state directory: closing, the client may
                    // still deliver a failed page's records for up to --delivery-timeout, and a
                    // poller let in meanwhile would send them again.
                    publisher.close();
                }
                cli.out().println("poll: " + poller.pages() + " pages, cursor kept in " + stateDir);
            }
            RunReport report =
                    new RunReport(
                            "poll",
                            publisher.sent(),
                            publisher.acknowledged(),
                            publisher.failed(),
                            publisher.retries(),
                            Duration.ofNanos(System.nanoTime() - startNanos),
                            failure);
            cli.out().println(report.summary());
            if (!report.succeeded()) {
                cli.err().println("error: " + report.failure());
                return ProducerCli.EXIT_FAILED;
            }
            return ProducerCli.EXIT_OK;
        }
    }

    private URI apiUri(CommandChecks checks) {
        try {
            URI uri = new URI(apiUrl.trim());
            checks.require(
                    ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                            && uri.getHost() != null,
                    "--api-url must be an http:// or https:// URL, not '" + apiUrl + "'");
            // The poller adds its query to the URL: after a fragment it would be the fragment's.
            checks.require(
                    uri.getRawFragment() == null,
                    "--api-url must not have a fragment (#...), not '" + apiUrl + "'");
            return uri;
        } catch (URISyntaxException e) {
            throw checks.fail("--api-url '" + apiUrl + "' is not a URL: " + e.getReason());
        }
    }
}
