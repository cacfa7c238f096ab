package io.herdpulse.producer.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.kafka.TopicContents;
import io.herdpulse.producer.vendor.FakeVendorApi;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller as a real process, killed with SIGKILL and started again: first at a random moment of
 * its run, then while a page is in flight (stored, not yet all acknowledged: the window its state
 * exists for). The topic ends with every reading of the herd exactly once.
 */
class PollerKillTest {
    /** Kills that must land while a page is in flight, after the one at a random moment. */
    private static final int KILLS_IN_FLIGHT = 2;

    /** A kill may come just after the page was done with; then the round is tried again. */
    private static final int MOST_ROUNDS = 12;

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void aPollerKilledMidRunAndRestartedSendsEveryReadingExactlyOnceAndLosesNone()
            throws Exception {
        String topic = "poll-killed";
        KAFKA.broker().createTopic(topic, 3);
        Random random = new Random(7);
        Path pageInFlight = dir.resolve("state").resolve("page.json");
        // Pages of 10 that take 60 ms each: a run lasts a few seconds, time to kill it mid-way.
        try (FakeVendorApi api = Herds.api(13, Duration.ofMillis(60))) {
            long before = 0;
            int landed = 0;
            List<Integer> roundsAfterALandedKill = new ArrayList<>();
            for (int round = 1; landed < KILLS_IN_FLIGHT; round++) {
                assertThat(round)
                        .as("rounds to land %d kills in flight", landed)
                        .isLessThan(MOST_ROUNDS);
                Process poller = start(api, topic, log(round));
                if (landed > 0 && roundsAfterALandedKill.size() < landed) {
                    roundsAfterALandedKill.add(round);
                }
                long progressed = before + 20;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !poller.isAlive() || inKafka(topic) >= progressed);
                if (round == 1) {
                    Thread.sleep(random.nextInt(150));
                } else {
                    while (poller.isAlive() && !Files.exists(pageInFlight)) {
                        LockSupport.parkNanos(100_000);
                    }
                }
                assertThat(poller.isAlive())
                        .as(
                                "run %d still running when killed: %s",
                                round, Files.readString(log(round)))
                        .isTrue();
                poller.destroyForcibly(); // SIGKILL: no flush, no summary, no cleanup
                poller.waitFor(30, TimeUnit.SECONDS);
                if (round > 1 && Files.exists(pageInFlight)) {
                    landed++;
                }
                before = inKafka(topic);
                assertThat(before).isLessThan(Herds.READINGS);
            }
            Path lastLog = dir.resolve("run-last.log");
            Process last = start(api, topic, lastLog);
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(lastLog)).isZero();
            List<Path> runsAfterALandedKill = new ArrayList<>();
            roundsAfterALandedKill.forEach(round -> runsAfterALandedKill.add(log(round)));
            if (runsAfterALandedKill.size() < KILLS_IN_FLIGHT) {
                runsAfterALandedKill.add(lastLog);
            }
            for (Path run : runsAfterALandedKill) {
                assertThat(Files.readString(run))
                        .contains("poll: finished the page in flight when the last run stopped");
            }
        }
        List<String> ids =
                TopicContents.readAll(
                                KAFKA.broker().bootstrapServers(), topic, Duration.ofSeconds(2))
                        .stream()
                        .map(record -> TopicContents.json(record).get("readingId").textValue())
                        .sorted()
                        .toList();
        assertThat(ids).hasSize(Herds.READINGS).isEqualTo(Herds.expectedIds(13));
    }

    private Process start(FakeVendorApi api, String topic, Path log) throws IOException {
        return new ProcessBuilder(
                        Distribution.java(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ProducerCli.class.getName(),
                        "poll",
                        "--bootstrap-servers",
                        KAFKA.broker().bootstrapServers(),
                        "--topic",
                        topic,
                        "--metrics-port",
                        "0",
                        "--api-url",
                        Herds.url(api),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--page-size",
                        "10",
                        "--exit-when-caught-up")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private Path log(int round) {
        return dir.resolve("run-" + round + ".log");
    }

    private static long inKafka(String topic) {
        return TopicContents.recordsIn(KAFKA.broker().bootstrapServers(), topic);
    }
}
