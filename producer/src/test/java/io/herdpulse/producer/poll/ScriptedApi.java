package io.herdpulse.producer.poll;

import com.sun.net.httpserver.HttpServer;
import io.herdpulse.stack.process.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A vendor API that answers a scripted list of responses, one per request, and notes when. */
final class ScriptedApi implements AutoCloseable {
    /**
     * @param stall how long to stop halfway through the body, as an API stuck mid-answer does
     * @param chunked sent without a Content-Length, as an API streaming its answer does
     */
    record Response(
            int status, Map<String, String> headers, String body, Duration stall, boolean chunked) {
        Response(int status, Map<String, String> headers, String body) {
            this(status, headers, body, Duration.ZERO, false);
        }

        /** A page, as a 200 without extra headers. */
        static Response ok(String body) {
            return new Response(200, Map.of(), body);
        }

        static Response stalled(int status, String body, Duration stall) {
            return new Response(status, Map.of(), body, stall, false);
        }

        static Response chunked(int status, String body) {
            return new Response(status, Map.of(), body, Duration.ZERO, true);
        }
    }

    private final Deque<Response> script;
    private final List<Long> requestNanos = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);

    ScriptedApi(List<Response> responses) {
        this.script = new ArrayDeque<>(responses);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.freePort()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/",
                exchange -> {
                    Response response;
                    synchronized (this) {
                        requestNanos.add(System.nanoTime());
                        response =
                                script.isEmpty()
                                        ? new Response(500, Map.of(), "script ended")
                                        : script.poll();
                    }
                    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
                    response.headers().forEach(exchange.getResponseHeaders()::set);
                    exchange.sendResponseHeaders(
                            response.status(), response.chunked() ? 0 : body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body, 0, body.length / 2);
                        out.flush();
                        closed.await(response.stall().toMillis(), TimeUnit.MILLISECONDS);
                        out.write(body, body.length / 2, body.length - body.length / 2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        // The client gave up on it.
                    }
                });
        // A stalled answer must not hold up the next request.
        server.setExecutor(handlers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/readings";
    }

    synchronized List<Long> requestNanos() {
        return List.copyOf(requestNanos);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdown();
    }
}
