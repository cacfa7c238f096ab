package io.herdpulse.stack.drill;

/**
 * A message the drill sends itself, beside the simulator's readings.
 *
 * @param partition where it goes, fixed in advance so both runs reject it in the same partition
 * @param key the record key, null for none
 * @param value the record value as sent
 * @param due the share of the simulated readings that must be sent before it (0 to 1)
 */
record PlannedMessage(int partition, String key, String value, double due) {}
