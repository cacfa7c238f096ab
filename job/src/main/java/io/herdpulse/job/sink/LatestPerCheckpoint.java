package io.herdpulse.job.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Holds back the rows of an upsert table until the next checkpoint and then sends each primary key
 * once, combined as the upsert would combine them.
 *
 * <p>With {@code reWriteBatchedInserts} the driver turns a batch into multi-row statements, and
 * PostgreSQL refuses an {@code ON CONFLICT DO UPDATE} that touches one row twice ("cannot affect
 * row a second time") — which a window firing again for a late reading, or an alert starting and
 * ending, would otherwise cause within one batch, failing the job over and over. Sending each key
 * at most once per checkpoint rules that out, and writes each row once instead of once per firing.
 *
 * <p>Nothing is checkpointed: the rows are sent before the barrier, and rows of a failed interval
 * are produced again by the replay.
 */
public final class LatestPerCheckpoint<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final Upsert<T> upsert;
    private transient Map<String, T> pending;

    public LatestPerCheckpoint(Upsert<T> upsert) {
        this.upsert = upsert;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        pending.merge(upsert.key(element.getValue()), element.getValue(), upsert::combine);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        sendPending();
    }

    @Override
    public void finish() throws Exception {
        sendPending();
        super.finish();
    }

    private void sendPending() {
        for (T row : pending.values()) {
            output.collect(new StreamRecord<>(row));
        }
        pending.clear();
    }
}
