package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.alerts.silence.FarmReports;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * The detector in Flink's keyed operator test harness, wired as the job wires it: arrivals keyed by
 * animal on the first input, the farm reports the job's {@link FarmReports} makes of them on the
 * second, every watermark on both.
 */
public final class DetectorHarness implements AutoCloseable {
    /** Flink's default: the key groups a key belongs to whatever the parallelism. */
    public static final int MAX_PARALLELISM = 128;

    private final KeyedTwoInputStreamOperatorTestHarness<String, Arrival, FarmReport, HealthAlert>
            harness;
    private final FarmReports farmReports = new FarmReports();

    public DetectorHarness(AlertThresholds thresholds) throws Exception {
        this(thresholds, null);
    }

    /**
     * A detector restored from a snapshot (null: a fresh one). Like the real job after a restore,
     * it starts with no watermark.
     */
    public DetectorHarness(AlertThresholds thresholds, OperatorSubtaskState restoreFrom)
            throws Exception {
        this(thresholds, restoreFrom, 1, 0);
    }

    /**
     * Instance {@code subtask} of a detector at {@code parallelism}, restored from its share of a
     * snapshot ({@link org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
     * #repartitionOperatorState}), or null for a fresh one.
     */
    public DetectorHarness(
            AlertThresholds thresholds,
            OperatorSubtaskState restoreFrom,
            int parallelism,
            int subtask)
            throws Exception {
        harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new AlertDetector(thresholds),
                        Arrival::animalId,
                        null,
                        Types.STRING,
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        farmReports.open(DefaultOpenContext.INSTANCE);
    }

    /** A detector with DESIGN.md's default thresholds. */
    public static DetectorHarness withDefaults() throws Exception {
        return new DetectorHarness(AlertThresholds.defaults());
    }

    /** Sends a reading whose partition's watermark is not known. */
    public void send(Reading reading) throws Exception {
        arrive(Arrival.unstamped(reading));
    }

    public void send(Reading reading, long partitionWatermark) throws Exception {
        arrive(new Arrival(reading, partitionWatermark));
    }

    /** The arrival, and then the farm report it makes, as this detector alone would hear it. */
    public void arrive(Arrival arrival) throws Exception {
        for (FarmReport report : arriveOnly(arrival)) {
            hear(report);
        }
    }

    /** The arrival, returning the farm reports it makes, for every instance to {@link #hear}. */
    public List<FarmReport> arriveOnly(Arrival arrival) throws Exception {
        harness.processElement1(arrival, arrival.reading().timestamp().toEpochMilli());
        List<FarmReport> reports = new ArrayList<>();
        farmReports.flatMap(arrival, new ListCollector<>(reports));
        return reports;
    }

    public void hear(FarmReport report) throws Exception {
        harness.processElement2(report, report.eventTime());
    }

    public void watermark(Instant at) throws Exception {
        watermark(at.toEpochMilli());
    }

    public void watermark(long at) throws Exception {
        harness.processBothWatermarks(new Watermark(at));
    }

    /** Sends the reading and moves the watermark to it, as a stream without disorder would. */
    public List<HealthAlert> step(Reading reading) throws Exception {
        send(reading);
        watermark(reading.timestamp());
        return newAlerts();
    }

    /** Steps through all readings, returning everything emitted. */
    public List<HealthAlert> stepAll(List<Reading> readings) throws Exception {
        List<HealthAlert> all = new ArrayList<>();
        for (Reading reading : readings) {
            all.addAll(step(reading));
        }
        return all;
    }

    /** Alerts emitted since the previous call. */
    public List<HealthAlert> newAlerts() {
        List<HealthAlert> fresh = harness.extractOutputValues();
        harness.getOutput().clear();
        return fresh;
    }

    public OperatorSubtaskState snapshot(long checkpointId, long timestamp) throws Exception {
        return harness.snapshot(checkpointId, timestamp);
    }

    public int numEventTimeTimers() {
        return harness.numEventTimeTimers();
    }

    public int numKeyedStateEntries() {
        return harness.numKeyedStateEntries();
    }

    public KeyedStateBackend<String> keyedStateBackend() {
        return harness.getOperator().getKeyedStateBackend();
    }

    public static List<HealthAlert> ofKind(List<HealthAlert> alerts, AlertKind kind) {
        return alerts.stream().filter(a -> a.kind() == kind).toList();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
