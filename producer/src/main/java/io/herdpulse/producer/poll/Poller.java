package io.herdpulse.producer.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.KeyedValue;
import io.herdpulse.producer.kafka.publish.PublishException;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.kafka.publish.Refusal;
import io.herdpulse.producer.run.StopSignal;
import io.herdpulse.producer.vendor.VendorFormat;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Pulls the vendor's API page by page into the topic, each reading exactly once across restarts.
 *
 * <p>Per page: the topic's end offsets and the page are written to the state directory, the page is
 * published, and only once Kafka acknowledged all of it is the cursor moved past it. A run that
 * dies anywhere in between (even by SIGKILL) leaves that page in the state directory; the next run
 * reads the topic after the recorded offsets and sends only the readings of the page that are not
 * there. (A produce request the dead process had fully sent is in the log before the next run can
 * start and look, so the look sees it.)
 */
public final class Poller implements AutoCloseable {
    private final PollSettings settings;
    private final ReadingPublisher publisher;
    private final StopSignal stop;
    private final PrintStream log;
    private final PollMetrics metrics;
    private final VendorClient client;
    private final PollState state;
    private final TopicTail tail;
    private long pages;

    /**
     * @throws IllegalStateException when the state directory is taken or belongs to another API
     */
    public Poller(
            PollSettings settings,
            KafkaSettings kafka,
            ReadingPublisher publisher,
            PrometheusRegistry registry,
            StopSignal stop,
            PrintStream log) {
        this.settings = settings;
        this.publisher = publisher;
        this.stop = stop;
        this.log = log;
        this.metrics = new PollMetrics(registry, settings.pollInterval(), Clock.systemUTC());
        this.client = new VendorClient(settings, stop, log, metrics);
        this.state = PollState.open(settings.stateDir(), settings.apiUrl());
        this.tail = new TopicTail(kafka);
    }

    /**
     * Polls until stopped, or until caught up with {@link PollSettings#exitWhenCaughtUp()}.
     *
     * @throws PublishException when Kafka did not acknowledge a page (its cursor is not stored)
     * @throws VendorApiException when the API answered what retrying cannot fix
     */
    public void run() {
        Optional<PageInFlight> unfinished = state.inFlight();
        if (unfinished.isPresent()) {
            finish(unfinished.get());
        }
        String cursor = state.cursor().orElse(null);
        // Since the API last had nothing more, or a cursor new to it ended a cycle: forgotten
        // then, so a poller running for months does not keep every cursor it was ever given.
        Set<String> asked = new HashSet<>();
        boolean cycling = false;
        // A page's readings, to tell what the next page repeats: an API whose cursor does not
        // move past its last reading (an inclusive "since") answers it again at every poll, and
        // sent each time it became a reject row every --poll-interval for ever.
        Set<String> pageBefore = Set.of();
        while (!stop.isRequested()) {
            Optional<VendorPage> fetched = client.fetch(cursor);
            if (fetched.isEmpty()) {
                break; // stopped while waiting to retry
            }
            boolean askedBefore = !asked.add(cursor);
            VendorPage page = fetched.get();
            // A last page without a next cursor: the one it was asked with stays (its readings
            // are sent below, and the poller is caught up).
            String next = page.nextCursor() == null ? cursor : page.nextCursor();
            // A next cursor asked with before, the one just asked or one of a cycle (A gives B,
            // B gives A), would fetch the same pages for ever.
            boolean cycle = page.hasMore() && asked.contains(next);
            // A page of a cycle followed before: its readings went out then.
            boolean sentBefore = askedBefore && cycle;
            List<KeyedValue> records = new ArrayList<>(page.readings().size());
            Set<String> thisPage = new HashSet<>();
            for (JsonNode reading : page.readings()) {
                KeyedValue record = VendorFormat.toContract(reading);
                thisPage.add(record.valueText());
                if (!sentBefore && !pageBefore.contains(record.valueText())) {
                    records.add(record);
                }
            }
            if (records.size() < page.readings().size()) {
                log.println(
                        "poll: "
                                + (page.readings().size() - records.size())
                                + (sentBefore
                                        ? " readings of the cycle's page after "
                                                + cursor
                                                + ", sent when it was first followed, are not sent"
                                                + " again"
                                        : " readings the page before had too are not sent again"));
            }
            pageBefore = thisPage;
            if (!records.isEmpty()) {
                state.begin(new PageInFlight(cursor, next, tail.endOffsets(), records));
                acknowledged(cursor, records, IntStream.range(0, records.size()).boxed().toList());
            }
            state.commit(next);
            if (cycle) {
                log.println(
                        "poll: the API says it has more but"
                                + (next.equals(cursor)
                                        ? " gave back the cursor " + cursor + " it was asked with"
                                        : ", asked with "
                                                + cursor
                                                + ", gave back the cursor "
                                                + next
                                                + " it was asked with before")
                                + "; taken as caught up");
            }
            if (!page.hasMore() || (cycling && !cycle)) {
                // The API has nothing more, or a cursor new to it ended a cycle. While a cycle
                // lasts its cursors are kept: forgotten, its pages were sent again at each poll.
                asked.clear();
            }
            cycling = cycle;
            cursor = next;
            pages++;
            metrics.page(page.hasMore() && !cycle);
            if (!page.hasMore() || cycle) {
                if (settings.exitWhenCaughtUp()) {
                    break;
                }
                stop.await(settings.pollInterval());
            }
        }
    }

    public long pages() {
        return pages;
    }

    /** Sends what of a page the last run did not get into Kafka, then moves past it. */
    private void finish(PageInFlight page) {
        Map<String, Integer> inKafka =
                tail.valuesSince(
                        page.endOffsets(),
                        page.records().stream()
                                .map(KeyedValue::valueText)
                                .collect(Collectors.toSet()));
        List<Integer> missing = new ArrayList<>();
        for (int element = 0; element < page.records().size(); element++) {
            String value = page.records().get(element).valueText();
            Integer copies = inKafka.get(value);
            if (copies == null || copies == 0) {
                missing.add(element);
            } else {
                inKafka.put(value, copies - 1);
            }
        }
        acknowledged(page.cursor(), page.records(), missing);
        state.commit(page.next());
        log.println(
                "poll: finished the page in flight when the last run stopped: "
                        + (page.records().size() - missing.size())
                        + " of its "
                        + page.records().size()
                        + " readings were in Kafka, sent the other "
                        + missing.size());
    }

    /**
     * Publishes the given elements of a page and waits for Kafka. An element Kafka refuses for what
     * it is, too large say, is logged and skipped: kept, it would stop every run on this page.
     */
    private void acknowledged(String cursor, List<KeyedValue> page, List<Integer> elements) {
        List<KeyedValue> records = elements.stream().map(page::get).toList();
        try {
            for (Refusal refusal : publisher.publish(records).get()) {
                int element = elements.get(refusal.position());
                log.println(
                        "poll: skipped element "
                                + element
                                + " of "
                                + (cursor == null ? "the first page" : "the page after " + cursor)
                                + ", which Kafka refused: "
                                + refusal.reason());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishException failure
                    ? failure
                    : new PublishException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        tail.close();
        state.close();
    }
}
