package io.herdpulse.producer.poll;

import io.herdpulse.producer.kafka.publish.KeyedValue;
import java.util.List;
import java.util.Map;

/**
 * A page being published: enough to finish it after the process died, whatever Kafka got of it.
 *
 * @param cursor the cursor the page was fetched with, null for the first page
 * @param next the cursor after it, stored once the page is in Kafka; null after a first page that
 *     was the last and named none
 * @param endOffsets the topic's end offset per partition before the page was sent: whatever of the
 *     page reached Kafka is after them
 * @param records the page as mapped to the contract
 */
record PageInFlight(
        String cursor, String next, Map<Integer, Long> endOffsets, List<KeyedValue> records) {}
