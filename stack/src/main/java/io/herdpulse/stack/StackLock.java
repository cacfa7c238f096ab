package io.herdpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One change to the stack at a time: {@code up}, {@code down} and each restart by the supervisor
 * hold this lock (a file lock under the stack's home), so the supervisor never starts a component
 * that {@code up} is starting or {@code down} is stopping.
 *
 * <p>Within a process the lock belongs to the thread that took it: the supervisor looks at its
 * components on threads of their own while it restarts one, and a look that settles a job a user
 * stopped must wait for that restart like anybody else, not run beside it.
 */
public final class StackLock implements AutoCloseable {
    /**
     * The lock files this process holds, and which thread holds each. Another channel on one of
     * them must not even be opened: closing any channel on a file releases every lock the process
     * holds on it (POSIX), so a second look from within {@code down} would hand the stack to
     * whoever asks next. Guarded by itself, so that a thread claims a file before it opens a
     * channel on it.
     */
    private static final Map<Path, Thread> HOLDERS = new HashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock, held by another process or another thread of this one. */
    public static StackLock acquire(StackHome home) {
        Path file = file(home);
        try {
            claim(file, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the stack's lock", e);
        }
        FileChannel channel = open(home);
        try {
            return new StackLock(file, channel, channel.lock());
        } catch (IOException e) {
            closeQuietly(channel);
            release(file);
            throw new UncheckedIOException("cannot lock the stack in " + home.root(), e);
        }
    }

    /**
     * Runs {@code change} to the stack's files if this thread may: it holds the lock already
     * ({@code up}, {@code down}), or nobody holds it now. Returns whether it ran.
     */
    public static boolean tryWith(StackHome home, Runnable change) {
        if (heldByThisThread(file(home))) {
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

    /** The lock if nobody (no other process, no holder in this one) holds it now. */
    public static Optional<StackLock> tryAcquire(StackHome home) {
        Path file = file(home);
        try {
            if (!claim(file, false)) {
                return Optional.empty();
            }
        } catch (InterruptedException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
        FileChannel channel = open(home);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                closeQuietly(channel);
                release(file);
                return Optional.empty();
            }
            return Optional.of(new StackLock(file, channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            release(file);
            throw new UncheckedIOException("cannot lock the stack in " + home.root(), e);
        }
    }

    /**
     * Makes this thread the file's holder in this process; with {@code wait}, once no other thread
     * is. Returns whether it is.
     */
    private static boolean claim(Path file, boolean wait) throws InterruptedException {
        synchronized (HOLDERS) {
            if (wait && HOLDERS.get(file) == Thread.currentThread()) {
                throw new IllegalStateException("this thread holds the stack's lock already");
            }
            while (HOLDERS.containsKey(file)) {
                if (!wait) {
                    return false;
                }
                HOLDERS.wait();
            }
            HOLDERS.put(file, Thread.currentThread());
            return true;
        }
    }

    private static void release(Path file) {
        synchronized (HOLDERS) {
            HOLDERS.remove(file);
            HOLDERS.notifyAll();
        }
    }

    private static boolean heldByThisThread(Path file) {
        synchronized (HOLDERS) {
            return HOLDERS.get(file) == Thread.currentThread();
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
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(file);
        }
    }

    /** The lock file, which a purge of the home keeps. */
    static Path file(StackHome home) {
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
