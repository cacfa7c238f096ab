package io.herdpulse.stack.flink;

import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.WholeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The TaskManager's process size, for the herd it must hold and within what the machine has.
 *
 * <p>The job keeps its state on the heap (Flink's default HashMap state backend: the state per
 * animal is small, and heap state is several times cheaper per reading than RocksDB), so the heap
 * must hold every animal's state with room to spare for garbage collection and for copy-on-write
 * checkpoints. Managed memory, which only RocksDB and batch jobs use, is kept small so that the
 * heap gets it.
 *
 * @param processMegabytes {@code taskmanager.memory.process.size} in MiB
 * @param animals the herd it is sized for; 0 when the size was given explicitly
 */
public record TaskManagerMemory(long processMegabytes, int animals) {
    /** The herd `up` sizes for unless told otherwise. */
    public static final int DEFAULT_HERD = 10_000;

    /**
     * Framework, network buffers, metaspace, JVM overhead and the job's working heap: a TaskManager
     * of this size runs the job on a 2 000-animal backlog with the heap mostly free.
     */
    static final long BASE_MEGABYTES = 2048;

    /**
     * Heap per animal: the job's keyed state of one animal is about 1 KB serialised and a few KB as
     * Java objects on the heap (docs/job.md), doubled for garbage collection and checkpoints.
     */
    static final long KILOBYTES_PER_ANIMAL = 8;

    /** At most this share of the machine's memory: Kafka, PostgreSQL and the rest need theirs. */
    static final double MACHINE_SHARE = 0.5;

    private static final long MEGABYTE = 1024 * 1024;

    /** The size for a herd of {@code animals}. */
    public static TaskManagerMemory forHerd(int animals) {
        if (animals < 1) {
            throw new IllegalArgumentException("--herd-size must be at least 1");
        }
        return new TaskManagerMemory(
                BASE_MEGABYTES + ((long) animals * KILOBYTES_PER_ANIMAL + 1023) / 1024, animals);
    }

    /**
     * This size, refused when {@code taskManagers} of it are more than the machine's share. Each
     * TaskManager is sized for the whole herd: Flink may place every subtask on one of them (and
     * does while another is down).
     */
    public TaskManagerMemory checkFits(long machineBytes, int taskManagers) {
        long available = (long) (machineBytes * MACHINE_SHARE / MEGABYTE);
        if (processMegabytes * taskManagers > available) {
            throw new StackException(
                    String.format(
                            "a herd of %d animals needs %d TaskManagers of %d MiB, more than half"
                                    + " of this machine's %d MiB: give --taskmanager-memory to"
                                    + " size them yourself",
                            animals, taskManagers, processMegabytes, machineBytes / MEGABYTE));
        }
        return this;
    }

    /**
     * A size given explicitly, as Flink writes memory sizes ({@code 4g}, {@code 1536m}).
     *
     * @throws IllegalArgumentException for anything else, or less than half the base size
     */
    public static TaskManagerMemory of(String size) {
        String lower = size.strip().toLowerCase(java.util.Locale.ROOT);
        long megabytes;
        try {
            if (lower.endsWith("g")) {
                megabytes = Long.parseLong(lower.substring(0, lower.length() - 1)) * 1024;
            } else if (lower.endsWith("m")) {
                megabytes = Long.parseLong(lower.substring(0, lower.length() - 1));
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + size + "' is not a size such as 4g or 1536m");
        }
        if (megabytes < BASE_MEGABYTES / 2) {
            throw new IllegalArgumentException(
                    "--taskmanager-memory must be at least " + BASE_MEGABYTES / 2 + "m");
        }
        return new TaskManagerMemory(megabytes, 0);
    }

    /**
     * The size the last {@code up} chose, if any: whatever starts a TaskManager later (the
     * supervisor after one died, a plain {@code up}, a drill) must give it the size the others
     * have, or the job lands on a smaller one when it moves.
     */
    public static Optional<TaskManagerMemory> recordedIn(StackHome home) {
        Path file = recordFile(home);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(file).strip().split(" ");
            return Optional.of(
                    new TaskManagerMemory(Long.parseLong(fields[0]), Integer.parseInt(fields[1])));
        } catch (IOException | RuntimeException damaged) {
            // Taken as none, not refused: down, status and the supervisor must still work.
            System.err.println(
                    "warning: cannot read the TaskManager size recorded in "
                            + file
                            + "; the default applies until up records it again");
            return Optional.empty();
        }
    }

    /** Records this size for {@link #recordedIn}; replaced whole, never seen half-written. */
    public void recordIn(StackHome home) {
        Path file = recordFile(home);
        try {
            WholeFile.replace(file, processMegabytes + " " + animals + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the TaskManager size in " + file, e);
        }
    }

    private static Path recordFile(StackHome home) {
        return home.conf("flink").resolve("taskmanager-memory");
    }

    /** The machine's physical memory. */
    public static long machineBytes() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    String processSize() {
        return processMegabytes + "m";
    }

    /** One line for {@code up}'s output. */
    public String describe() {
        return animals == 0
                ? "TaskManager: " + processSize() + " (--taskmanager-memory)"
                : "TaskManager: %s, sized for %d animals (--herd-size)"
                        .formatted(processSize(), animals);
    }
}
