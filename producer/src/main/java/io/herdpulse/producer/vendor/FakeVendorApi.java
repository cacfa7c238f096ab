package io.herdpulse.producer.vendor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herdpulse.model.Reading;
import io.herdpulse.producer.simulate.SimulationSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulated herd behind a vendor-style REST API, for the demo and the tests: {@code GET
 * /v1/readings?cursor=C&limit=N} pages through every reading in simulation order, up to real time.
 * The cursor is opaque to clients; here it encodes the seed and a position.
 */
public final class FakeVendorApi implements AutoCloseable {
    public static final String HEALTH_PATH = "/healthz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulationSettings herd;
    private final HerdPages pages;
    private final int maxPageSize;
    private final Duration pageDelay;
    private final Clock clock;
    private final ExecutorService handlers;
    private final HttpServer server;

    /**
     * Starts listening at once.
     *
     * @param pageDelay how long each page takes, as a remote API's latency would
     * @throws UncheckedIOException when the address cannot be bound
     */
    public FakeVendorApi(
            SimulationSettings herd,
            String host,
            int port,
            int maxPageSize,
            Duration pageDelay,
            Clock clock) {
        this.herd = herd;
        this.pages = new HerdPages(() -> herd.simulator((animal, episode) -> {}));
        this.maxPageSize = maxPageSize;
        this.pageDelay = pageDelay;
        this.clock = clock;
        this.handlers =
                Executors.newFixedThreadPool(
                        4,
                        runnable -> {
                            Thread thread = new Thread(runnable, "herdpulse-fake-api");
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "); choose another --port",
                    e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, error("use GET"));
            } else if (path.equals(HEALTH_PATH)) {
                send(exchange, 200, JSON.createObjectNode().put("status", "ok"));
            } else if (path.equals(VendorFormat.READINGS_PATH)) {
                readings(exchange);
            } else {
                send(exchange, 404, error("no " + path + "; GET " + VendorFormat.READINGS_PATH));
            }
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    private void readings(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long from;
        int limit;
        try {
            from = position(query.get(VendorFormat.CURSOR_PARAMETER));
            limit = limit(query.get(VendorFormat.LIMIT_PARAMETER));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        try {
            Thread.sleep(pageDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        HerdPages.Page page;
        try {
            page = pages.page(from, limit, clock.instant());
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray(VendorFormat.DATA);
        for (Reading reading : page.readings()) {
            data.add(VendorFormat.toVendor(reading));
        }
        body.put(VendorFormat.NEXT_CURSOR, cursor(page.next()));
        body.put(VendorFormat.HAS_MORE, page.hasMore());
        send(exchange, 200, body);
    }

    private String cursor(long position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((herd.seed() + ":" + position).getBytes(StandardCharsets.US_ASCII));
    }

    private long position(String cursor) {
        if (cursor == null) {
            return 0;
        }
        String[] parts;
        try {
            parts =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII)
                            .split(":");
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        if (parts.length != 2
                || !parts[0].equals(Long.toString(herd.seed()))
                || !parts[1].matches("\\d{1,18}")) {
            throw new IllegalArgumentException(
                    "cursor '" + cursor + "' was not issued by this API (another herd or seed?)");
        }
        return Long.parseLong(parts[1]);
    }

    private int limit(String text) {
        if (text == null) {
            return maxPageSize;
        }
        if (!text.matches("\\d{1,9}") || Integer.parseInt(text) < 1) {
            throw new IllegalArgumentException("limit must be a positive number, not " + text);
        }
        return Math.min(Integer.parseInt(text), maxPageSize);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(
                            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static ObjectNode error(String detail) {
        return JSON.createObjectNode().put("error", detail);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
