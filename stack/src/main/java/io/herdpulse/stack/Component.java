package io.herdpulse.stack;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One part of the local stack as {@code up}, {@code down} and {@code status} see it.
 *
 * @param endpoint where a user reaches it (a URL or host:port), for the summary
 * @param ports the loopback ports it listens on, checked free before it starts
 * @param running whether ours runs (for the job: whether it is submitted and not finished)
 * @param id its process id, or the Flink job id, for {@code status}
 * @param unavailable why it cannot run on this machine (a binary not installed), if so; it is then
 *     skipped
 * @param optional whether its absence leaves the stack healthy (the simulator, after {@code
 *     --no-simulator})
 */
public record Component(
        String name,
        String endpoint,
        List<Integer> ports,
        BooleanSupplier running,
        Supplier<String> id,
        Runnable start,
        BooleanSupplier healthy,
        Runnable stop,
        Supplier<Optional<String>> unavailable,
        boolean optional) {

    /** A component that is one process of ours, always available and required. */
    public static Component ofProcess(
            String name,
            String endpoint,
            List<Integer> ports,
            Supplier<Optional<ProcessHandle>> process,
            Runnable start,
            BooleanSupplier healthy,
            Runnable stop) {
        return new Component(
                name,
                endpoint,
                ports,
                () -> process.get().isPresent(),
                () -> process.get().map(handle -> Long.toString(handle.pid())).orElse("-"),
                start,
                healthy,
                stop,
                Optional::empty,
                false);
    }

    public Component unavailableWhen(Supplier<Optional<String>> reason) {
        return new Component(
                name, endpoint, ports, running, id, start, healthy, stop, reason, optional);
    }

    public Component asOptional() {
        return new Component(
                name, endpoint, ports, running, id, start, healthy, stop, unavailable, true);
    }
}
