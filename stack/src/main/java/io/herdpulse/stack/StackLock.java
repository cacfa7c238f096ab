package io.herdpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One change to the stack at a time: {@code up}, {@code down} and each restart by the supervisor
 * hold this lock (a file lock under the stack's home), so the supervisor never starts a component
 * that {@code up} is starting or {@code down} is stopping.
 */
public final class StackLock implements AutoCloseable {
    /**
     * The lock files this process holds. Another channel on one of them must not even be opened:
     * closing any channel on a file releases every lock the process holds on it (POSIX), so a
     * second look from within {@code down} would hand the stack to whoever asks next.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        HELD_HERE.add(file);
    }

    /** Waits for the lock. */
    public static StackLock acquire(StackHome home) {
        FileChannel channel = open(home);
        try {
            return new StackLock(file(home), channel, channel.lock());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the stack in " + home.root(), e);
        }
    }

    /**
     * Runs {@code change} to the stack's files if this process may: it holds the lock already
     * ({@code up}, {@code down}), or nobody holds it now. Returns whether it ran.
     */
    public static boolean tryWith(StackHome home, Runnable change) {
        if (HELD_HERE.contains(file(home))) {
            change.run();
            return true;
        }
        Optional<StackLock> lock = tryAcquire(home);
        lock.ifPresent(
                held -> {
                    try (held) {
                        change.run();
                    }
                });
        return lock.isPresent();
    }

    /** The lock if nobody (no other process, no other holder in this one) holds it now. */
    public static Optional<StackLock> tryAcquire(StackHome home) {
        if (HELD_HERE.contains(file(home))) {
            return Optional.empty();
        }
        FileChannel channel = open(home);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                closeQuietly(channel);
                return Optional.empty();
            }
            return Optional.of(new StackLock(file(home), channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the stack in " + home.root(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    @Override
    public void close() {
        HELD_HERE.remove(file);
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(StackHome home) {
        return home.pidFile("stack").resolveSibling("stack.lock").toAbsolutePath().normalize();
    }

    private static FileChannel open(StackHome home) {
        Path file = file(home);
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was locked; the channel is of no further use either way.
        }
    }
}
