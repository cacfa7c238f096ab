package io.herdpulse.stack.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file of the stack's (a pid file, a scrape target, a recorded size or resume
 * point) whole: written under a hidden name beside it, forced to disk and renamed over it, so a
 * reader, a full disk or a power cut finds the old content or the new, never half of either or an
 * empty file.
 */
public final class WholeFile {
    private WholeFile() {}

    public static void replace(Path file, String content) throws IOException {
        // Hidden and not ending like the file: a directory watcher (Prometheus' file discovery
        // reads *.json) never picks it up.
        Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel =
                FileChannel.open(
                        partial,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
