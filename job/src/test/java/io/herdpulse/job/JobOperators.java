package io.herdpulse.job;

import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.job.config.JobConfig;
import io.herdpulse.job.ingest.KafkaIngest;
import io.herdpulse.job.sink.Sinks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;

/**
 * The job's own operators, taken from the topology {@link HerdPulsePipeline} builds from the job's
 * command line, so a test runs them exactly as the job builds them, and harnesses for them with the
 * job's serialization settings (no Kryo).
 */
final class JobOperators {
    private final Map<String, StreamOperator<?>> byUid;
    private final Map<String, Transformation<?>> transformations = new LinkedHashMap<>();
    private final List<String> tasks = new ArrayList<>();

    /** The job's configuration from these options, a password filled in. */
    static JobConfig config(String... options) {
        return JobCommandLine.parse(
                        Map.of(JobCommandLine.PASSWORD_ENV, "unused"),
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        status -> {},
                        options)
                .orElseThrow();
    }

    /** An environment as the job configures it. */
    static StreamExecutionEnvironment configured(JobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        HerdPulseJob.configure(env, config);
        return env;
    }

    /** The topology of the job run with these options (a password is filled in). */
    JobOperators(String... options) {
        JobConfig config = config(options);
        StreamExecutionEnvironment env = configured(config);
        HerdPulsePipeline.define(
                env,
                KafkaIngest.source(config.kafka(), config.pipeline().maxFuture()),
                config.pipeline(),
                new Sinks(
                        new DiscardingSink<>(),
                        new DiscardingSink<>(),
                        new DiscardingSink<>(),
                        new DiscardingSink<>()),
                Optional.of(HerdPulseJob.alertRules(AlertThresholds.defaults())));
        byUid = new LinkedHashMap<>();
        Deque<Transformation<?>> toVisit = new ArrayDeque<>(env.getTransformations());
        while (!toVisit.isEmpty()) {
            Transformation<?> transformation = toVisit.pop();
            if (transformation.getUid() != null) {
                transformations.put(transformation.getUid(), transformation);
            }
            if (transformation.getUid() != null
                    && operatorFactory(transformation)
                            instanceof SimpleOperatorFactory<?> factory) {
                byUid.put(transformation.getUid(), factory.getOperator());
            }
            toVisit.addAll(transformation.getInputs());
        }
        for (JobVertex task : env.getStreamGraph().getJobGraph().getVertices()) {
            tasks.add(task.getName());
        }
    }

    /** The names of the job's tasks, each naming its chained operators. */
    List<String> tasks() {
        return tasks;
    }

    private static StreamOperatorFactory<?> operatorFactory(Transformation<?> transformation) {
        if (transformation instanceof OneInputTransformation<?, ?> oneInput) {
            return oneInput.getOperatorFactory();
        }
        if (transformation instanceof TwoInputTransformation<?, ?, ?> twoInputs) {
            return twoInputs.getOperatorFactory();
        }
        return null;
    }

    /**
     * What feeds the operator with this uid, nearest first, following first inputs: the uids of
     * operators, and {@code keyBy} for a shuffle between two of them.
     */
    List<String> upstream(String uid) {
        List<String> upstream = new ArrayList<>();
        Transformation<?> at = transformations.get(uid);
        while (at != null && !at.getInputs().isEmpty()) {
            at = at.getInputs().get(0);
            if (at instanceof PartitionTransformation<?>) {
                upstream.add("keyBy");
            } else if (at.getUid() != null) {
                upstream.add(at.getUid());
            }
        }
        return upstream;
    }

    /** Input {@code index} (from 0) of the operator with this uid, as the topology has it. */
    Transformation<?> input(String uid, int index) {
        return transformations.get(uid).getInputs().get(index);
    }

    /**
     * A fresh copy of the operator with this uid, as a task gets it: deserialised from what the job
     * graph holds. A harness needs an operator of its own, and so does each restore.
     */
    StreamOperator<?> copy(String uid) throws Exception {
        StreamOperator<?> operator = byUid.get(uid);
        if (operator == null) {
            throw new IllegalArgumentException("no operator with uid " + uid);
        }
        return InstantiationUtil.clone(operator, JobOperators.class.getClassLoader());
    }

    /** A keyed harness for a copy of the operator with this uid, not yet opened. */
    <IN> KeyedOneInputStreamOperatorTestHarness<String, IN, Object> harness(
            String uid, KeySelector<IN, String> key) throws Exception {
        return harness((OneInputStreamOperator<?, ?>) copy(uid), key);
    }

    /**
     * A harness for a copy of the two-input operator with this uid, its first input keyed and its
     * second broadcast, not yet opened: state needing Kryo fails, as in the job.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <IN1, IN2> KeyedTwoInputStreamOperatorTestHarness<String, IN1, IN2, Object> twoInputHarness(
            String uid, KeySelector<IN1, String> key) throws Exception {
        var harness =
                new KeyedTwoInputStreamOperatorTestHarness<String, IN1, IN2, Object>(
                        (TwoInputStreamOperator) copy(uid), key, null, Types.STRING);
        noKryo(harness);
        return harness;
    }

    /**
     * A keyed harness for the operator, not yet opened: state needing Kryo fails, as in the job.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <IN> KeyedOneInputStreamOperatorTestHarness<String, IN, Object> harness(
            OneInputStreamOperator<?, ?> operator, KeySelector<IN, String> key) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<String, IN, Object>(
                        (OneInputStreamOperator) operator, key, Types.STRING);
        noKryo(harness);
        return harness;
    }

    private static void noKryo(AbstractStreamOperatorTestHarness<?> harness) {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        harness.getExecutionConfig().configure(noKryo, JobOperators.class.getClassLoader());
    }
}
