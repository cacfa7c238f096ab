package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/herdpulse bench --quick} as a user runs it, on a stack of its own: every suite writes
 * its JSON, CSV and chart, and the counts it reports are the ones its data sets make, computed here
 * from each data set's description (animals, readings per animal, one fault of each kind per 100
 * readings). No timing is asserted: only that the harness measured what it claims to.
 */
class BenchQuickIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SUITES = List.of("throughput", "latency", "cost", "producer");
    private static final int FAULT_SPACING = 100;
    private static final int FEVER_SPACING = 50;

    private static Herdpulse herdpulse;
    private static Herdpulse.Run bench;
    private static Path results;

    @BeforeAll
    static void runQuickBench() {
        herdpulse = new Herdpulse(Herdpulse.newHome());
        results = herdpulse.home().resolve("bench-results");
        bench = herdpulse.run("bench", "--quick", "--results", results.toString());
    }

    @AfterAll
    static void down() {
        herdpulse.run("down", "--purge");
        herdpulse.killLeftovers();
    }

    @Test
    void everySuiteWritesJsonCsvAndAPngChart() throws IOException {
        assertThat(bench.exitCode()).as(bench.stdout() + bench.stderr()).isZero();
        for (String suite : SUITES) {
            assertThat(results.resolve(suite + ".json")).isRegularFile();
            List<String> csv = Files.readAllLines(results.resolve(suite + ".csv"));
            assertThat(csv).hasSize(1 + suite(suite).path("rows").size());
            byte[] png = Files.readAllBytes(results.resolve(suite + ".png"));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(bench.stdout()).contains("== " + suite(suite).path("title").asText());
        }
    }

    @Test
    void theClusterIsWarmedUpFirstByARunWhoseRowsAreExactAndWhichNoSuiteCounts()
            throws IOException {
        List<String> lines = bench.stdout().lines().toList();
        int warmedUp = indexOf(lines, "warm-up: rows exact");
        assertThat(warmedUp).as(bench.stdout()).isNotNegative();
        assertThat(indexOf(lines, "throughput: ")).isGreaterThan(warmedUp);
        for (String suite : SUITES) {
            assertThat(suite(suite).path("rows").toString()).doesNotContain("warm");
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void throughputRunsCountExactlyTheReadingsOfTheDataSet() throws IOException {
        JsonNode throughput = suite("throughput");
        JsonNode facts = throughput.path("facts");
        long animals = facts.path("animals").asLong();
        long perAnimal = facts.path("readingsPerAnimal").asLong();
        long valid = animals * perAnimal;
        long bad = valid / FAULT_SPACING;
        long duplicates = (valid + FAULT_SPACING / 2 - 1) / FAULT_SPACING;
        assertThat(facts.path("validReadings").asLong()).isEqualTo(valid);
        assertThat(facts.path("badMessages").asLong()).isEqualTo(bad);
        assertThat(facts.path("duplicates").asLong()).isEqualTo(duplicates);

        List<String> variants = new ArrayList<>();
        for (JsonNode row : throughput.path("rows")) {
            String variant = row.path("variant").asText();
            boolean hourly = row.path("window").asText().equals("PT1H");
            variants.add(row.path("window").asText() + " " + variant);
            assertThat(row.path("records").asLong()).isEqualTo(valid + bad + duplicates);
            if (variant.equals("job") || variant.equals("Flink SQL job")) {
                assertThat(row.path("readings_in_animal_stats").asLong()).isEqualTo(valid);
                // A reading every 10 minutes from a whole hour: one row per reading by the
                // minute, one per six readings by the hour.
                assertThat(row.path("animal_rows").asLong())
                        .isEqualTo(hourly ? animals * ((perAnimal + 5) / 6) : valid);
            }
            if (variant.equals("job")) {
                assertThat(row.path("rejected_rows").asLong()).isEqualTo(bad + duplicates);
            }
        }
        List<String> windows =
                variants.stream().map(variant -> variant.split(" ")[0]).distinct().toList();
        assertThat(windows).isNotEmpty().isSubsetOf("PT1M", "PT1H");
        for (String window : windows) {
            assertThat(variants)
                    .contains(
                            window + " job",
                            window + " ConsumerPerformance",
                            window + " job, sinks discarded",
                            window + " Flink SQL job");
        }
        assertThat(variants).hasSize(4 * windows.size());
    }

    @Test
    void latencyCountsEveryFeverAlertAndWindowRows() throws IOException {
        JsonNode latency = suite("latency");
        long animals = latency.path("facts").path("animals").asLong();
        long feverish = (animals + FEVER_SPACING - 1) / FEVER_SPACING;
        assertThat(latency.path("facts").path("feverishAnimals").asLong()).isEqualTo(feverish);
        // Per out-of-orderness, the window rows' latency and then the alerts'.
        JsonNode rows = latency.path("rows");
        assertThat(rows).hasSize(2 * latency.path("facts").path("outOfOrderness").size());
        for (int run = 0; run < rows.size(); run += 2) {
            JsonNode stats = rows.path(run);
            JsonNode alerts = rows.path(run + 1);
            assertThat(alerts.path("latency").asText()).contains("health_alerts");
            assertThat(alerts.path("samples").asLong()).isEqualTo(feverish);
            // At least one whole window of every animal closed while the herd reported.
            assertThat(stats.path("samples").asLong()).isGreaterThanOrEqualTo(animals);
        }
    }

    @Test
    void costGrowthRunsCountEveryReadingOfEachHerd() throws IOException {
        JsonNode cost = suite("cost");
        long readings = cost.path("facts").path("readingsPerRun").asLong();
        assertThat(cost.path("rows").size()).isGreaterThanOrEqualTo(2);
        for (JsonNode row : cost.path("rows")) {
            assertThat(row.path("note").isNull()).as(row.toString()).isTrue();
            assertThat(row.path("heap_peak_mb").asDouble()).as(row.toString()).isPositive();
            assertThat(row.path("heap_max_mb").asDouble()).as(row.toString()).isPositive();
            long animals = row.path("animals").asLong();
            long valid = animals * Math.max(1, readings / animals);
            long faults = valid / FAULT_SPACING + (valid + FAULT_SPACING / 2 - 1) / FAULT_SPACING;
            assertThat(row.path("records").asLong()).isEqualTo(valid + faults);
        }
    }

    @Test
    void theProducerSuiteSendsItsRecordCountWithBothProducers() throws IOException {
        JsonNode producer = suite("producer");
        long records = producer.path("facts").path("recordsPerRound").asLong();
        assertThat(producer.path("rows")).isNotEmpty();
        for (JsonNode row : producer.path("rows")) {
            assertThat(row.path("records").asLong()).isEqualTo(records);
        }
    }

    @Test
    void theBenchStopsEverythingItStarted() {
        assertThat(bench.stdout()).contains("stack: stopped what the benchmark started");
        assertThat(herdpulse.processesOfHome()).isEmpty();
    }

    private static JsonNode suite(String name) throws IOException {
        return JSON.readTree(results.resolve(name + ".json").toFile());
    }
}
