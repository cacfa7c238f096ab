package io.herdpulse.producer.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.producer.kafka.publish.KeyedValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The poller's state directory: the cursor of the next page ({@code cursor.json}, written only once
 * Kafka acknowledged the page before it) and the page in flight ({@code page.json}, written before
 * the page is sent, removed after the cursor moved past it).
 *
 * <p>Every file is replaced atomically after being forced to disk, and the directory is forced
 * after the rename, so a crash or a power loss at any moment leaves either the old or the new
 * content. A lock file keeps a second poller out of the same directory, and the cursor and the page
 * in flight remember their API, so a cursor is never sent to another one.
 */
final class PollState implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CURSOR_FILE = "cursor.json";
    private static final String PAGE_FILE = "page.json";
    private static final String LOCK_FILE = "poll.lock";
    private static final String API_URL = "apiUrl";

    private final Path dir;
    private final URI apiUrl;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private PollState(Path dir, URI apiUrl, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.apiUrl = apiUrl;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * @throws IllegalStateException when another poller holds the directory, or its cursor or page
     *     in flight belongs to another API
     */
    static PollState open(Path dir, URI apiUrl) {
        try {
            Files.createDirectories(dir);
            FileChannel channel =
                    FileChannel.open(
                            dir.resolve(LOCK_FILE),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another poller uses the state directory " + dir);
            }
            PollState state = new PollState(dir, apiUrl, channel, lock);
            // Fails now, not later, on another API's cursor or page.
            state.cursor();
            state.inFlight();
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the state directory " + dir, e);
        }
    }

    /** The cursor of the next page; empty before the first page was stored. */
    Optional<String> cursor() {
        Optional<JsonNode> stored = read(CURSOR_FILE);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        requireOwnApi(stored.get(), "the cursor");
        // None after a first page that was the last and named none.
        return Optional.ofNullable(stored.get().path("cursor").textValue());
    }

    /** The page being published when the last run stopped; empty when none was. */
    Optional<PageInFlight> inFlight() {
        return read(PAGE_FILE)
                .map(
                        page -> {
                            // Finished against another API, its next cursor would be stored as
                            // this one's and sent to it.
                            requireOwnApi(page, "the page in flight");
                            Map<Integer, Long> offsets = new TreeMap<>();
                            for (Iterator<Map.Entry<String, JsonNode>> it =
                                            page.path("endOffsets").fields();
                                    it.hasNext(); ) {
                                Map.Entry<String, JsonNode> offset = it.next();
                                offsets.put(
                                        Integer.parseInt(offset.getKey()),
                                        offset.getValue().asLong());
                            }
                            List<KeyedValue> records = new ArrayList<>();
                            for (JsonNode record : page.path("records")) {
                                records.add(
                                        new KeyedValue(
                                                record.path("key").isNull()
                                                        ? null
                                                        : record.path("key").asText(),
                                                record.path("value")
                                                        .asText()
                                                        .getBytes(StandardCharsets.UTF_8)));
                            }
                            JsonNode cursor = page.path("cursor");
                            return new PageInFlight(
                                    cursor.isNull() ? null : cursor.asText(),
                                    page.path("next").textValue(),
                                    offsets,
                                    records);
                        });
    }

    private void requireOwnApi(JsonNode stored, String what) {
        String storedApi = stored.path(API_URL).asText();
        if (!storedApi.equals(apiUrl.toString())) {
            throw new IllegalStateException(
                    "the state directory "
                            + dir
                            + " holds "
                            + what
                            + " of "
                            + storedApi
                            + ", not of "
                            + apiUrl
                            + "; use another --state-dir");
        }
    }

    /** Remembers a page before any of it is sent. */
    void begin(PageInFlight page) {
        ObjectNode json = JSON.createObjectNode().put(API_URL, apiUrl.toString());
        json.put("cursor", page.cursor());
        json.put("next", page.next());
        ObjectNode offsets = json.putObject("endOffsets");
        page.endOffsets().forEach((partition, offset) -> offsets.put(partition.toString(), offset));
        ArrayNode records = json.putArray("records");
        for (KeyedValue record : page.records()) {
            records.addObject().put("key", record.key()).put("value", record.valueText());
        }
        write(PAGE_FILE, json);
    }

    /** Moves the cursor past a page Kafka acknowledged, then forgets the page. */
    void commit(String next) {
        write(
                CURSOR_FILE,
                JSON.createObjectNode().put(API_URL, apiUrl.toString()).put("cursor", next));
        try {
            Files.deleteIfExists(dir.resolve(PAGE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir.resolve(PAGE_FILE), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<JsonNode> read(String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void write(String name, JsonNode content) {
        Path file = dir.resolve(name);
        Path temporary = dir.resolve(name + ".tmp");
        try (FileChannel out =
                FileChannel.open(
                        temporary,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(content)));
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e);
        }
        try {
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
        forceDirectory();
    }

    /**
     * Forces the directory's entries to disk: a rename is durable only once its directory is, and
     * after a power loss the old cursor could otherwise come back while the page it moved past was
     * already deleted.
     */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force " + dir + " to disk", e);
        }
    }
}
