package io.herdpulse.producer.poll;

import com.sun.net.httpserver.HttpServer;
import io.herdpulse.stack.process.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A vendor API that answers a scripted list of responses, one per request, and notes when. */
final class ScriptedApi implements AutoCloseable {
    record Response(int status, Map<String, String> headers, String body) {}

    private final Deque<Response> script;
    private final List<Long> requestNanos = new ArrayList<>();
    private final HttpServer server;

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
                    exchange.sendResponseHeaders(response.status(), body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
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
        server.stop(0);
    }
}
