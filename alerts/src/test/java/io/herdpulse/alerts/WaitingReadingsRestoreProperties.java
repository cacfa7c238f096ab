package io.herdpulse.alerts;

import io.herdpulse.alerts.RestoreProperties.Step;
import io.herdpulse.model.Reading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * Savepoints of versions before {@link EventTimeOrder} kept each animal's waiting readings in
 * event-time order hold them in the order they came. Over {@link RestoreProperties}' random inputs,
 * watermarks and restore points, a run restored every time from such a savepoint (its waiting
 * readings reversed, so out of order wherever an animal has two) emits exactly what an
 * uninterrupted run emits.
 */
class WaitingReadingsRestoreProperties {

    @Provide
    Arbitrary<List<Step>> inputs() {
        return new RestoreProperties().inputs();
    }

    @Property(tries = 300)
    void aRunRestoredFromWaitingReadingsOutOfOrderEmitsWhatAnUninterruptedRunEmits(
            @ForAll("inputs") List<Step> steps) throws Exception {
        RestoreProperties.assertRestoredRunEmitsWhatAnUninterruptedRunEmits(
                RestoreProperties.events(steps),
                1,
                WaitingReadingsRestoreProperties::withWaitingReadingsReversed);
    }

    /** The snapshot restored, every animal's waiting readings reversed, and taken again. */
    private static OperatorSubtaskState withWaitingReadingsReversed(
            OperatorSubtaskState snapshot, int parallelism, int subtask) throws Exception {
        try (DetectorHarness harness =
                new DetectorHarness(RestoreProperties.THRESHOLDS, snapshot, parallelism, subtask)) {
            harness.keyedStateBackend()
                    .applyToAllKeys(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            new ListStateDescriptor<>("pending", Reading.class),
                            (animal, waiting) -> {
                                List<Reading> readings = new ArrayList<>();
                                waiting.get().forEach(readings::add);
                                Collections.reverse(readings);
                                waiting.update(readings);
                            });
            return harness.snapshot(0, 0);
        }
    }
}
