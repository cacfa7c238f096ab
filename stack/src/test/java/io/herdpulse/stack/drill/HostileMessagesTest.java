package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.validation.ReadingValidator;
import io.herdpulse.model.validation.RejectReason;
import io.herdpulse.model.validation.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drill's own messages, judged by the validator the job runs. */
class HostileMessagesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:40:00Z");
    private static final ReadingValidator VALIDATOR = new ReadingValidator(Duration.ofMinutes(5));

    @Test
    void badMessagesEarnEveryRejectReasonEquallyAndTheRestAreValidButVeryLate() {
        long readings = 70_000;
        DrillData data =
                DrillData.plan(
                        new DrillSettings(
                                readings,
                                42,
                                1000,
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(20),
                                3,
                                Optional.empty(),
                                false),
                        NOW,
                        4);
        Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
        int valid = 0;
        for (PlannedMessage message : data.hostile()) {
            Verdict verdict = judge(message);
            if (verdict instanceof Verdict.Invalid invalid) {
                rejected.merge(invalid.reason(), 1, Integer::sum);
            } else {
                valid++;
                Instant timestamp = ((Verdict.Valid) verdict).reading().timestamp();
                // Older than the data by more than any window plus allowed lateness: LATE.
                assertThat(timestamp)
                        .isBefore(data.start().minus(Duration.ofDays(1)).plusSeconds(1));
            }
        }

        long perReason = Math.round(readings * 0.01) / 7;
        assertThat(rejected)
                .containsOnlyKeys(
                        RejectReason.MALFORMED_JSON,
                        RejectReason.UNSUPPORTED_VERSION,
                        RejectReason.MISSING_FIELD,
                        RejectReason.INVALID_VALUE,
                        RejectReason.OUT_OF_RANGE,
                        RejectReason.KEY_MISMATCH,
                        RejectReason.FUTURE_TIMESTAMP);
        assertThat(rejected.values()).allMatch(count -> count == perReason);
        assertThat(valid).isEqualTo(70);
    }

    @Test
    void flushReadingsAreValidAndAfterTheData() {
        DrillData data =
                DrillData.plan(
                        new DrillSettings(
                                5000,
                                1,
                                1000,
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(20),
                                3,
                                Optional.empty(),
                                false),
                        NOW,
                        4);
        List<Verdict> verdicts = data.flush().stream().map(HostileMessagesTest::judge).toList();

        assertThat(verdicts).hasSize(4).allMatch(Verdict.Valid.class::isInstance);
        assertThat(verdicts)
                .allMatch(
                        verdict ->
                                ((Verdict.Valid) verdict)
                                        .reading()
                                        .timestamp()
                                        .isAfter(data.end()));
    }

    private static Verdict judge(PlannedMessage message) {
        return VALIDATOR.check(
                message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8),
                message.value().getBytes(StandardCharsets.UTF_8),
                NOW);
    }
}
