package io.herdpulse.job.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitableSerializer;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterStateSerializer;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's JDBC sink, except that it is built where it writes, closing a writer never throws, and
 * its driver is handed back when the job ends ({@link JdbcDriverRelease}).
 *
 * <p>The JDBC sink is built on the TaskManager from a recipe, not shipped built: initialising its
 * connection provider's class ({@code SimpleJdbcConnectionProvider} calls {@code
 * DriverManager.getDrivers()}) makes DriverManager load and register the PostgreSQL driver of the
 * job's jar in whatever JVM deserializes the sink. The JobManager deserializes every operator of a
 * job to build its job graph (Flink 2) and has no hook that could hand the driver back, so every
 * job kept its ~6,000 classes there: the third run of {@code bin/herdpulse bench --quick --suites
 * cost} on one stack (twelve jobs) killed the JobManager with {@code OutOfMemoryError: Metaspace}.
 *
 * <p>When PostgreSQL goes away, the JDBC writer's background flush fails and remembers it; the task
 * fails, and while Flink cleans the failed task up the writer's {@code close()} flushes again and
 * rethrows. Flink 2.2 takes an exception while handling a task's failure as fatal and stops the
 * whole TaskManager (found by {@code herdpulse drill postgres}), so one database outage would kill
 * every task of the process. Nothing is lost by not rethrowing: the sink is at least once, the job
 * restores from its last checkpoint and writes again whatever was not flushed. On a normal end the
 * writer has already flushed ({@code flush(true)}), and a failure there still fails the task. The
 * writer's close throws before it closes its connection, so the connection is closed here: while
 * PostgreSQL refused every write (a full disk, a revoked privilege), each restart of the job, every
 * few seconds, left one more open, towards {@code max_connections} (found by review, 2026-12-06).
 *
 * <p>And the writer buffers the rows it is given as they are: with object reuse on (the job's
 * setting), Flink's JDBC writer copies every row through its serializer before buffering it, in
 * case an operator upstream changes the instance afterwards. Every row type the job writes is an
 * immutable record, so that copy protects nothing (JFR: 18 % of the writer's time, the POJO
 * serializer copying each row field by field); the writer is told object reuse is off.
 */
final class CloseAfterFailure<T>
        implements Sink<T>,
                SupportsWriterState<T, JdbcWriterState>,
                SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CloseAfterFailure.class);

    private final SerializableSupplier<JdbcConnectionProvider> connectionRecipe;
    private final SerializableFunction<JdbcConnectionProvider, JdbcSink<T>> recipe;
    private transient JdbcConnectionProvider connections;
    private transient JdbcSink<T> sink;

    /**
     * @param connectionRecipe the writer's connection, made where it writes
     * @param recipe the sink over that connection
     */
    CloseAfterFailure(
            SerializableSupplier<JdbcConnectionProvider> connectionRecipe,
            SerializableFunction<JdbcConnectionProvider, JdbcSink<T>> recipe) {
        this.connectionRecipe = connectionRecipe;
        this.recipe = recipe;
    }

    private JdbcSink<T> sink() {
        if (sink == null) {
            connections = connectionRecipe.get();
            sink = recipe.apply(connections);
        }
        return sink;
    }

    @Override
    public Writer<T> createWriter(WriterInitContext context) throws IOException {
        JdbcDriverRelease.onRelease(context.getUserCodeClassLoader());
        JdbcWriter<T> writer = sink().createWriter(new NoCopies(context));
        return new Writer<>(writer, connections);
    }

    @Override
    public Writer<T> restoreWriter(
            WriterInitContext context, Collection<JdbcWriterState> recoveredState)
            throws IOException {
        JdbcDriverRelease.onRelease(context.getUserCodeClassLoader());
        JdbcWriter<T> writer = sink().restoreWriter(new NoCopies(context), recoveredState);
        return new Writer<>(writer, connections);
    }

    // The connector's serializers, named here rather than asked of a built sink: Flink calls these
    // wherever it compares or prints the job's types, and building the sink there would load the
    // driver there.
    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return new JdbcWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context)
            throws IOException {
        return sink().createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return new JdbcCommitableSerializer();
    }

    /**
     * The writer's context as Flink gives it, except that object reuse reads as off, so the JDBC
     * writer keeps each (immutable) row instead of a copy of it.
     */
    static final class NoCopies implements WriterInitContext {
        private final WriterInitContext context;

        NoCopies(WriterInitContext context) {
            this.context = context;
        }

        @Override
        public boolean isObjectReuseEnabled() {
            return false;
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return context.getUserCodeClassLoader();
        }

        @Override
        public MailboxExecutor getMailboxExecutor() {
            return context.getMailboxExecutor();
        }

        @Override
        public ProcessingTimeService getProcessingTimeService() {
            return context.getProcessingTimeService();
        }

        @Override
        public SinkWriterMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public SerializationSchema.InitializationContext
                asSerializationSchemaInitializationContext() {
            return context.asSerializationSchemaInitializationContext();
        }

        @Override
        public <IN> TypeSerializer<IN> createInputSerializer() {
            return context.createInputSerializer();
        }

        @Override
        public <M> Optional<Consumer<M>> metadataConsumer() {
            return context.metadataConsumer();
        }

        @Override
        public OptionalLong getRestoredCheckpointId() {
            return context.getRestoredCheckpointId();
        }

        @Override
        public JobInfo getJobInfo() {
            return context.getJobInfo();
        }

        @Override
        public TaskInfo getTaskInfo() {
            return context.getTaskInfo();
        }
    }

    /** The JDBC writer, whose close logs instead of throwing and always closes the connection. */
    static final class Writer<T>
            implements StatefulSinkWriter<T, JdbcWriterState>,
                    CommittingSinkWriter<T, JdbcCommitable> {
        private final JdbcWriter<T> writer;
        private final JdbcConnectionProvider connections;

        Writer(JdbcWriter<T> writer, JdbcConnectionProvider connections) {
            this.writer = writer;
            this.connections = connections;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public void close() {
            try {
                writer.close();
            } catch (Exception unflushed) {
                LOG.warn(
                        "Closing the JDBC writer failed; the job replays the unwritten rows from"
                                + " its last checkpoint",
                        unflushed);
            } finally {
                // A no-op after a clean close.
                connections.closeConnection();
            }
        }
    }
}
