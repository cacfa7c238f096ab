package io.herdpulse.stack;

import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.Ports;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One part of the local stack as {@code up}, {@code down}, {@code status} and the supervisor see
 * it.
 *
 * @param endpoint where a user reaches it (a URL or host:port), for the summary
 * @param ports the loopback ports it listens on, checked free before it starts
 * @param running whether ours runs (for the job: whether it is submitted and not finished)
 * @param died whether it stopped without being stopped (its process died, the job was lost with its
 *     JobManager): the supervisor then starts it again
 * @param id its process id, or the Flink job id, for {@code status}
 * @param start starts it and returns once it works
 * @param complete the last part of {@code start}, which {@code up} runs again for a component
 *     already running: an {@code up} killed (SIGKILL, a power cut) after the process started left
 *     it running without it, a broker without its topic, a PostgreSQL without its database (found
 *     by review, 2026-12-06); so it waits until the process works and changes only what is missing
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
        BooleanSupplier died,
        Supplier<String> id,
        Runnable start,
        Runnable complete,
        Supplier<Health> health,
        Runnable stop,
        Supplier<Optional<String>> unavailable,
        boolean optional) {

    /** A component that is one process of ours, always available and required. */
    public static Component ofProcess(
            String name,
            String endpoint,
            List<Integer> ports,
            ManagedProcess process,
            Runnable start,
            BooleanSupplier healthy,
            Runnable stop) {
        return new Component(
                name,
                endpoint,
                ports,
                () -> process.running().isPresent(),
                process::died,
                () -> process.running().map(handle -> Long.toString(handle.pid())).orElse("-"),
                start,
                () -> {},
                () -> Health.of(healthy.getAsBoolean()),
                stop,
                Optional::empty,
                false);
    }

    public Component unavailableWhen(Supplier<Optional<String>> reason) {
        return new Component(
                name, endpoint, ports, running, died, id, start, complete, health, stop, reason,
                optional);
    }

    public Component asOptional() {
        return new Component(
                name,
                endpoint,
                ports,
                running,
                died,
                id,
                start,
                complete,
                health,
                stop,
                unavailable,
                true);
    }

    /** With {@code complete}, which its {@code start} must end with. */
    public Component completedBy(Runnable completion) {
        return new Component(
                name,
                endpoint,
                ports,
                running,
                died,
                id,
                start,
                completion,
                health,
                stop,
                unavailable,
                optional);
    }

    /** Also dead, for the supervisor, while {@code hung}: its process runs but does not work. */
    public Component deadWhenHung(BooleanSupplier hung) {
        return new Component(
                name,
                endpoint,
                ports,
                running,
                () -> died.getAsBoolean() || hung.getAsBoolean(),
                id,
                start,
                complete,
                health,
                stop,
                unavailable,
                optional);
    }

    public Component withHealth(Supplier<Health> detailed) {
        return new Component(
                name,
                endpoint,
                ports,
                running,
                died,
                id,
                start,
                complete,
                detailed,
                stop,
                unavailable,
                optional);
    }

    /** Throws unless every port it listens on is free: a process not ours holds one. */
    public void requireFreePorts() {
        for (int port : ports) {
            if (!Ports.isFree(port)) {
                throw new StackException(
                        "port "
                                + port
                                + " needed by "
                                + name
                                + " is in use by another process (see: ss -ltnp 'sport = :"
                                + port
                                + "')");
            }
        }
    }
}
