package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.AlertDetector;
import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.alerts.Arrival;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.producer.simulate.Condition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.*;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

@EnabledIfSystemProperty(named = "herdpulse.diag", matches = "true")
class HypoDiag {
    @Test
    void slowHypothermia(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("herdpulse.benchmark.seed", 2026);
        double loss = Double.parseDouble(System.getProperty("herdpulse.benchmark.loss", "0.02"));
        int cows = Integer.getInteger("herdpulse.benchmark.cows", 300);
        SimulatedRun run =
                new SimulatedRun(
                        1,
                        cows,
                        30,
                        seed,
                        loss,
                        Boolean.getBoolean("herdpulse.diag.bench")
                                ? SimulatedRun.plan(AlertScoringBenchmark.VALID_DATA_CONDITIONS, 7)
                                : SimulatedRun.plan(List.of(Condition.HYPOTHERMIA), 0),
                        dir.resolve("t.csv"));
        Crossings crossings =
                new Crossings(run.animalsWith(Condition.HYPOTHERMIA, Condition.FEVER));
        Map<String, List<String>> lines = new HashMap<>();
        List<Reading> traced = new ArrayList<>();
        Map<String, Instant> firstAlert = new HashMap<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, Arrival, HealthAlert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new AlertDetector(AlertThresholds.defaults()),
                        Arrival::animalId,
                        Types.STRING)) {
            h.open();
            long[] time = {Long.MIN_VALUE};
            run.forEach(
                    r -> {
                        long at = r.timestamp().toEpochMilli();
                        if (at > time[0]) {
                            h.processWatermark(time[0]);
                            collect(h, firstAlert, time[0]);
                            time[0] = at;
                        }
                        h.processElement(Arrival.unstamped(r), at);
                        crossings.record(r);
                        if (r.animalId().equals(System.getProperty("herdpulse.diag.trace")))
                            traced.add(r);
                    },
                    (r, own) ->
                            lines.computeIfAbsent(r.animalId(), a -> new ArrayList<>())
                                    .add(
                                            r.timestamp()
                                                    + String.format(
                                                            " t=%.2f own=%.2f w=%.1f",
                                                            r.rumenTempC(),
                                                            own,
                                                            r.waterIntakeL())));
            h.processWatermark(time[0]);
            collect(h, firstAlert, time[0]);
        }
        var truth = run.truth();
        var cross = crossings.of(truth);
        int slow = 0;
        for (var e : truth) {
            if (e.expected() != AlertKind.HYPOTHERMIA && e.expected() != AlertKind.FEVER) continue;
            Instant c = cross.get(e);
            Instant a = firstAlert.get(e.animalId());
            if (c == null || a == null) {
                System.out.println("NO " + e + " " + c + " " + a);
                continue;
            }
            int past = crossings.readingsPast(e, c, a);
            System.out.println(
                    "EP " + e.animalId() + " past " + past + " cross " + c + " alert " + a);
            if (past <= 3 && !e.animalId().equals(System.getProperty("herdpulse.diag.animal")))
                continue;
            slow++;
            System.out.println(
                    "=== "
                            + e.animalId()
                            + " from "
                            + e.from()
                            + " crossed "
                            + c
                            + " alert "
                            + a
                            + " past "
                            + past
                            + " mag "
                            + e.magnitude());
            for (String l : lines.get(e.animalId())) {
                Instant at = Instant.parse(l.substring(0, l.indexOf(' ')));
                if (!at.isBefore(c.minusSeconds(Long.getLong("herdpulse.diag.before", 3) * 3600))
                        && !at.isAfter(a)) System.out.println("  " + l);
            }
        }
        System.out.println("slow: " + slow);
        String trace = System.getProperty("herdpulse.diag.trace");
        if (trace != null) {
            var rule =
                    new io.herdpulse.alerts.temperature.TemperatureRule(
                            io.herdpulse.alerts.temperature.TemperatureThresholds.DEFAULTS,
                            java.time.Duration.ofMinutes(10));
            Set<AlertKind> open = EnumSet.noneOf(AlertKind.class);
            io.herdpulse.alerts.AlertLog log =
                    new io.herdpulse.alerts.AlertLog() {
                        public boolean isActive(AlertKind k) {
                            return open.contains(k);
                        }

                        public void start(
                                AlertKind k,
                                Instant at,
                                Double v,
                                Double th,
                                com.fasterxml.jackson.databind.node.ObjectNode d) {
                            open.add(k);
                            System.out.println("    START " + k + " " + at + " " + d);
                        }

                        public void end(
                                AlertKind k,
                                Instant at,
                                com.fasterxml.jackson.databind.node.ObjectNode d) {
                            if (open.remove(k))
                                System.out.println("    END " + k + " " + at + " " + d);
                        }
                    };
            io.herdpulse.alerts.temperature.TemperatureState st = null;
            io.herdpulse.alerts.silence.LastSeen prev = null;
            for (Reading r : traced) {
                st = rule.onReading(st, r, prev, log);
                prev =
                        new io.herdpulse.alerts.silence.LastSeen(
                                r.farmId(), r.timestamp().toEpochMilli(), 0);
                System.out.printf(
                        "  %s t=%.2f w=%.1f | rec=%s prev=%.2f hyp=%s bout=%s rise=%.2f before=%.2f settled=%s tail=%.2f%n",
                        r.timestamp(),
                        r.rumenTempC(),
                        r.waterIntakeL(),
                        Arrays.toString(
                                Arrays.stream(st.recentC())
                                        .map(x -> Math.round(x * 100) / 100.0)
                                        .toArray()),
                        st.previousC(),
                        st.hypothermia(),
                        st.boutMedianC(),
                        st.riseC(),
                        st.riseBeforeC(),
                        st.settled(),
                        st.tailC());
            }
        }
    }

    private static void collect(
            KeyedOneInputStreamOperatorTestHarness<String, Arrival, HealthAlert> h,
            Map<String, Instant> first,
            long to) {
        for (HealthAlert al : h.extractOutputValues()) {
            if ((al.kind() == AlertKind.HYPOTHERMIA || al.kind() == AlertKind.FEVER)
                    && al.endedAt() == null)
                first.putIfAbsent(al.animalId(), Instant.ofEpochMilli(to));
        }
        h.getOutput().clear();
    }
}
