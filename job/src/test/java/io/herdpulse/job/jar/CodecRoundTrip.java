package io.herdpulse.job.jar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * Writes and reads back a record batch with each of Kafka's compression codecs, the way the job's
 * consumer reads a topic written by any producer. {@link JobJarIT} runs it in a JVM whose class
 * path is the job jar alone, so a codec whose native library the jar lacks fails here.
 */
public final class CodecRoundTrip {
    private CodecRoundTrip() {}

    public static void main(String[] args) {
        byte[] value =
                "{\"animalId\":\"A-1\",\"temperature\":38.6}".getBytes(StandardCharsets.UTF_8);
        for (CompressionType type : CompressionType.values()) {
            MemoryRecords batch =
                    MemoryRecords.withRecords(
                            Compression.of(type).build(),
                            new SimpleRecord(value),
                            new SimpleRecord(value));
            int read = 0;
            for (Record record : batch.records()) {
                if (!ByteBuffer.wrap(value).equals(record.value())) {
                    throw new IllegalStateException(type + " changed a record's value");
                }
                read++;
            }
            System.out.println(type.name + " " + read);
        }
    }
}
