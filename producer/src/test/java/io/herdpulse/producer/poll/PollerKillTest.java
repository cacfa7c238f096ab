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
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller as a real process, killed with SIGKILL at random moments of its run and started again:
 * the topic ends with every reading of the herd exactly once.
 */
class PollerKillTest {
    private static final int KILLS = 3;

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void aPollerKilledMidRunAndRestartedSendsEveryReadingExactlyOnceAndLosesNone()
            throws Exception {
        String topic = "poll-killed";
        KAFKA.broker().createTopic(topic, 3);
        Random random = new Random(7);
        // Pages of 10 that take 60 ms each: a run lasts a few seconds, time to kill it mid-way.
        try (FakeVendorApi api = Herds.api(13, Duration.ofMillis(60))) {
            long before = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                Process poller = start(api, topic, dir.resolve("run-" + kill + ".log"));
                long progressed = before + 20;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !poller.isAlive() || inKafka(topic) >= progressed);
                Thread.sleep(random.nextInt(150));
                assertThat(poller.isAlive())
                        .as("run %d still running when killed: %s", kill, log(kill))
                        .isTrue();
                poller.destroyForcibly(); // SIGKILL: no flush, no summary, no cleanup
                poller.waitFor(30, TimeUnit.SECONDS);
                before = inKafka(topic);
                assertThat(before).isLessThan(Herds.READINGS);
            }
            Process last = start(api, topic, dir.resolve("run-last.log"));
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(dir.resolve("run-last.log"))).isZero();
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

    private String log(int kill) throws IOException {
        return Files.readString(dir.resolve("run-" + kill + ".log"));
    }

    private static long inKafka(String topic) {
        return TopicContents.recordsIn(KAFKA.broker().bootstrapServers(), topic);
    }
}
