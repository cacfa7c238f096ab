package io.herdpulse.job;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.herdpulse.job.admit.Admitted;
import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.AnimalTotals;
import io.herdpulse.job.stats.FarmAnimals;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.job.validation.Validated;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that crosses the network or lives in state is serialised by Flink without Kryo. */
class RecordsArePojosTest {

    @ParameterizedTest
    @ValueSource(
            classes = {
                Reading.class,
                HealthAlert.class,
                KafkaPosition.class,
                SourcedReading.class,
                Rejected.class,
                Validated.class,
                Admitted.class,
                AnimalTotals.class,
                AnimalStats.class,
                FarmAnimals.class,
                FarmStats.class
            })
    void isSerialisedAsAPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}
