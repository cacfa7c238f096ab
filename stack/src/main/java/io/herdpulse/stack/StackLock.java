package io.herdpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One change to the stack at a time: {@code up}, {@code down} and each restart by the supervisor
 * hold this lock (a file lock under the stack's home), so the supervisor never starts a component
 * that {@code up} is starting or {@code down} is stopping.
 */
public final class StackLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock. */
    public static StackLock acquire(StackHome home) {
        FileChannel channel = open(home);
        try {
            return new StackLock(channel, channel.lock());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the stack in " + home.root(), e);
        }
    }

    /** The lock if nobody (no other process, no other holder in this one) holds it now. */
    public static Optional<StackLock> tryAcquire(StackHome home) {
        FileChannel channel = open(home);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                closeQuietly(channel);
                return Optional.empty();
            }
            return Optional.of(new StackLock(channel, lock));
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
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileChannel open(StackHome home) {
        Path file = home.pidFile("stack").resolveSibling("stack.lock");
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
