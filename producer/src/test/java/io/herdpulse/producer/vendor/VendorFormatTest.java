package io.herdpulse.producer.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.model.ReadingFields;
import io.herdpulse.producer.kafka.publish.KeyedValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String timestampOf(String measuredAt) throws Exception {
        KeyedValue record =
                VendorFormat.toContract(
                        JSON.readTree(
                                "{\"animal_id\": \"cow-9\", \"measured_at\": " + measuredAt + "}"));
        return JSON.readTree(record.value()).get(ReadingFields.TIMESTAMP).toString();
    }

    @Test
    void aTimeWithAnOffsetIsPublishedAsTheSameInstantInUtc() throws Exception {
        // The job takes only "…Z": a vendor writing +00:00 (Python's isoformat()) had every
        // reading rejected while its cursor moved on (until 2026-12-06).
        Map<String, String> sentToPublished =
                Map.of(
                        "2026-02-01T10:00:00+00:00", "2026-02-01T10:00:00Z",
                        "2026-02-01T11:30:00.250+01:30", "2026-02-01T10:00:00.250Z",
                        "2026-01-31T19:00:00-05:00", "2026-02-01T00:00:00Z");
        for (var time : sentToPublished.entrySet()) {
            assertThat(timestampOf("\"" + time.getKey() + "\""))
                    .as(time.getKey())
                    .isEqualTo("\"" + time.getValue() + "\"");
        }
    }

    @Test
    void aTimeInUtcOrNoTimeAtAllIsPublishedAsSent() throws Exception {
        for (String sent :
                new String[] {
                    "\"2026-02-01T10:00:00.000Z\"",
                    "\"yesterday\"",
                    "\"2026-02-01T10:00:00\"",
                    "42",
                    // A leap second, for the job to reject with its reason, not a stop.
                    "\"2026-12-31T23:59:60+00:00\""
                }) {
            assertThat(timestampOf(sent)).isEqualTo(sent);
        }
    }
}
