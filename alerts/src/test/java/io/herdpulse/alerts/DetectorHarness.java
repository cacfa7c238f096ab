package io.herdpulse.alerts;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The detector in Flink's keyed operator test harness, keyed by animal as the job keys it. */
final class DetectorHarness implements AutoCloseable {
    final KeyedOneInputStreamOperatorTestHarness<String, Arrival, HealthAlert> harness;
    private int taken;

    DetectorHarness(AlertThresholds thresholds) throws Exception {
        this(thresholds, null);
    }

    /**
     * A detector restored from a snapshot (null: a fresh one). Like the real job after a restore,
     * it starts with no watermark.
     */
    DetectorHarness(AlertThresholds thresholds, OperatorSubtaskState restoreFrom) throws Exception {
        harness = open(thresholds, restoreFrom);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Arrival, HealthAlert> open(
            AlertThresholds thresholds, OperatorSubtaskState restoreFrom) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Arrival, HealthAlert> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new AlertDetector(thresholds), Arrival::animalId, Types.STRING);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    /** A detector with DESIGN.md's default thresholds. */
    static DetectorHarness withDefaults() throws Exception {
        return new DetectorHarness(AlertThresholds.defaults());
    }

    /** Sends a reading whose partition's watermark is not known. */
    void send(Reading reading) throws Exception {
        harness.processElement(Arrival.unstamped(reading), reading.timestamp().toEpochMilli());
    }

    void send(Reading reading, long partitionWatermark) throws Exception {
        harness.processElement(
                new Arrival(reading, partitionWatermark), reading.timestamp().toEpochMilli());
    }

    void watermark(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    /** Sends the reading and moves the watermark to it, as a stream without disorder would. */
    List<HealthAlert> step(Reading reading) throws Exception {
        send(reading);
        watermark(reading.timestamp());
        return newAlerts();
    }

    /** Steps through all readings, returning everything emitted. */
    List<HealthAlert> stepAll(List<Reading> readings) throws Exception {
        List<HealthAlert> all = new ArrayList<>();
        for (Reading reading : readings) {
            all.addAll(step(reading));
        }
        return all;
    }

    /** Alerts emitted since the previous call. */
    List<HealthAlert> newAlerts() {
        List<HealthAlert> all = harness.extractOutputValues();
        List<HealthAlert> fresh = new ArrayList<>(all.subList(taken, all.size()));
        taken = all.size();
        return fresh;
    }

    static List<HealthAlert> ofKind(List<HealthAlert> alerts, AlertKind kind) {
        return alerts.stream().filter(a -> a.kind() == kind).toList();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
