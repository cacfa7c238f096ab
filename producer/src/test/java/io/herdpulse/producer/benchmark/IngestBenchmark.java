package io.herdpulse.producer.benchmark;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP ingestion's rate beside the direct simulator's, on the same broker, with the same
 * readings and producer settings, each server or simulator in a JVM of its own. Not a test: run it
 * with
 *
 * <pre>mvn -B -pl producer -am verify -DskipTests -Pbenchmark-ingest</pre>
 *
 * ({@code -Dbenchmark.records=N}, {@code -Dbenchmark.rounds=N}, {@code -Dbenchmark.batch=N}
 * readings per request, {@code -Dbenchmark.clients=N} concurrent clients). The clients run in this
 * JVM, on the same machine: the rate is that of the whole exchange, client, server and broker
 * sharing its cores.
 */
public final class IngestBenchmark {
    public static void main(String[] args) throws Exception {
        long records = Long.getLong("benchmark.records", 500_000);
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        int batch = Integer.getInteger("benchmark.batch", 500);
        int clients = Integer.getInteger("benchmark.clients", 4);
        Distribution distribution = Distribution.locate();
        Path jar = Distribution.require(distribution.producerJar());
        Path dir = Files.createTempDirectory("herdpulse-ingest-benchmark");
        List<String> bodies = bodies(batch);
        try (KafkaBroker broker = KafkaBroker.startForTests(dir.resolve("kafka"))) {
            List<Double> direct = new ArrayList<>();
            List<Double> http = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String simulateTopic = "direct-" + round;
                String serveTopic = "http-" + round;
                broker.createTopic(simulateTopic, ProducerBenchmark.PARTITIONS);
                broker.createTopic(serveTopic, ProducerBenchmark.PARTITIONS);

                String simulated =
                        ProducerComparison.run(
                                ProducerComparison.simulate(
                                        new ProducerComparison.Tools(
                                                Distribution.java(),
                                                Distribution.classpathOf(distribution.kafkaLibs()),
                                                jar),
                                        broker.bootstrapServers(),
                                        simulateTopic,
                                        records),
                                dir.resolve("simulate-" + round + ".log"));
                direct.add(ProducerComparison.rate(ProducerComparison.OURS, simulated, records));

                http.add(
                        serveAndPost(
                                jar,
                                broker.bootstrapServers(),
                                serveTopic,
                                bodies,
                                records / batch,
                                batch,
                                clients,
                                dir.resolve("serve-" + round + ".log")));
                ratios.add(http.get(round - 1) / direct.get(round - 1));
                System.out.printf(
                        Locale.ROOT,
                        "round %d: simulate %.0f readings/s, serve (HTTP) %.0f readings/s, ratio"
                                + " %.2f%n",
                        round,
                        direct.get(round - 1),
                        http.get(round - 1),
                        ratios.get(round - 1));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nbenchmark: %d readings, %d per request, %d clients, %d partitions%n"
                            + "  simulate (direct to Kafka): best %.0f readings/s%n"
                            + "  serve (HTTP POST, 202 after Kafka's ack): best %.0f readings/s%n"
                            + "  median ratio within a round: %.2f%n",
                    records / batch * batch,
                    batch,
                    clients,
                    ProducerBenchmark.PARTITIONS,
                    direct.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    http.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    ProducerComparison.median(ratios));
        } finally {
            ProducerBenchmark.deleteRecursively(dir);
        }
    }

    /** Request bodies: JSON arrays of {@code batch} readings of the benchmark's herd. */
    private static List<String> bodies(int batch) {
        List<String> payloads = ProducerComparison.payloads();
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from + batch <= payloads.size(); from += batch) {
            bodies.add("[" + String.join(",", payloads.subList(from, from + batch)) + "]");
        }
        return bodies;
    }

    /**
     * Starts {@code serve}, posts {@code requests} bodies from {@code clients} threads, stops it.
     *
     * @return readings acknowledged per second, from the first request to the last answer
     */
    private static double serveAndPost(
            Path jar,
            String bootstrap,
            String topic,
            List<String> bodies,
            long requests,
            int batch,
            int clients,
            Path log)
            throws Exception {
        int port = Ports.freePort();
        Process serve =
                new ProcessBuilder(
                                Distribution.java(),
                                ProducerComparison.HEAP,
                                "-jar",
                                jar.toString(),
                                "serve",
                                "--bootstrap-servers",
                                bootstrap,
                                "--topic",
                                topic,
                                "--metrics-port",
                                "0",
                                "--port",
                                Integer.toString(port),
                                "--max-readings",
                                Integer.toString(batch),
                                "--max-concurrent-requests",
                                Integer.toString(clients))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            URI readings = URI.create("http://127.0.0.1:" + port + "/v1/readings");
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            awaitHealthy(client, port, serve, log);
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> post(client, readings, bodies, next, requests)));
            }
            for (Future<?> finished : running) {
                finished.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return requests * batch / seconds;
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    /** One client: posts the next body until {@code requests} were posted; each must get 202. */
    private static Void post(
            HttpClient client, URI readings, List<String> bodies, AtomicLong next, long requests)
            throws Exception {
        long n;
        while ((n = next.getAndIncrement()) < requests) {
            String body = bodies.get((int) (n % bodies.size()));
            HttpResponse<String> answer =
                    client.send(
                            HttpRequest.newBuilder(readings)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException(
                        "answered " + answer.statusCode() + ": " + answer.body());
            }
        }
        return null;
    }

    private static void awaitHealthy(HttpClient client, int port, Process serve, Path log)
            throws Exception {
        HttpRequest health =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
        for (int attempt = 0; attempt < 300; attempt++) {
            if (!serve.isAlive()) {
                throw new IllegalStateException("serve exited:\n" + Files.readString(log));
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("serve did not answer /healthz:\n" + Files.readString(log));
    }
}
