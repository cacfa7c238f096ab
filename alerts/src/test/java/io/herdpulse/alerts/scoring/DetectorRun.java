package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.alerts.DetectorHarness;
import io.herdpulse.alerts.scoring.HerdScore.Raised;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.producer.simulate.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated run through the detector alone, in the operator test harness: readings in event-time
 * order, the watermark following them, as a stream without disorder would bring them. An alert is
 * raised at the watermark that released it: the time of the reading, or silence deadline, behind
 * it.
 */
final class DetectorRun {
    private DetectorRun() {}

    /** The run scored: its alerts, each raised at an event time, against its ground truth. */
    static HerdScore.Result score(SimulatedRun run, AlertThresholds thresholds) throws Exception {
        Crossings crossings =
                new Crossings(run.animalsWith(Condition.FEVER, Condition.HYPOTHERMIA));
        List<Raised> raised = raised(run, thresholds, crossings);
        return HerdScore.score(run.truth(), raised, run.cowDays(), crossings);
    }

    private static List<Raised> raised(
            SimulatedRun run, AlertThresholds thresholds, Crossings crossings) throws Exception {
        List<Raised> raised = new ArrayList<>();
        try (DetectorHarness harness = new DetectorHarness(thresholds)) {
            long[] time = {Long.MIN_VALUE};
            run.forEach(
                    reading -> {
                        long at = reading.timestamp().toEpochMilli();
                        if (at > time[0]) {
                            advance(harness, time[0], raised);
                            time[0] = at;
                        }
                        harness.send(reading);
                        crossings.record(reading);
                    },
                    crossings::own);
            advance(harness, time[0], raised);
        }
        return raised;
    }

    /**
     * Moves the watermark to the readings just sent, all of one time: they are processed, and the
     * silence deadlines up to it fall due, with the farm's readings of that time already seen.
     */
    private static void advance(DetectorHarness harness, long to, List<Raised> raised)
            throws Exception {
        harness.watermark(to);
        for (HealthAlert alert : harness.newAlerts()) {
            if (alert.endedAt() == null) {
                raised.add(new Raised(alert, Instant.ofEpochMilli(to)));
            }
        }
    }
}
