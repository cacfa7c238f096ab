package io.herdpulse.stack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * One generated password on disk, {@code secrets/NAME.password}: written whole and once, so every
 * process that asks for it, however many ask at once ({@code up}, {@code status}, the supervisor),
 * gets the same password, and never an empty one.
 */
final class PasswordFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A file lock is held by the process, not the thread: this keeps one process' threads apart.
     */
    private static final Object GENERATING = new Object();

    private final Path file;

    PasswordFile(Path file) {
        this.file = file;
    }

    String readOrGenerate() throws IOException {
        Optional<String> stored = stored();
        if (stored.isPresent()) {
            return stored.get();
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        synchronized (GENERATING) {
            try (FileChannel lockFile =
                            FileChannel.open(
                                    dir.resolve("generate.lock"),
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE);
                    FileLock generating = lockFile.lock()) {
                stored = stored();
                return stored.isPresent() ? stored.get() : generate();
            }
        }
    }

    /**
     * A blank file is no password. Only a crash makes one: a herdpulse before 2026-12-05 created
     * the file and wrote it in a second step, so one that died between the two left it empty before
     * anything (PostgreSQL's initdb included) could have read it.
     */
    private Optional<String> stored() throws IOException {
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            return password.isEmpty() ? Optional.empty() : Optional.of(password);
        } catch (NoSuchFileException none) {
            // Also one a generator removed since we looked: it was a crash's empty file.
            return Optional.empty();
        }
    }

    /**
     * Under the lock, so an empty file here is a crash's and can go. The password is written and
     * synced under a temporary name, then linked into place, so a reader finds the whole password
     * or no file.
     */
    private String generate() throws IOException {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path partial =
                Files.createTempFile(
                        file.getParent(),
                        file.getFileName() + ".",
                        ".partial",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(partial, generated + "\n", StandardCharsets.UTF_8);
            sync(partial);
            Files.deleteIfExists(file);
            Files.createLink(file, partial);
            sync(file.getParent());
            return generated;
        } catch (FileAlreadyExistsException anotherWon) {
            // A link never replaces: a herdpulse before 2026-12-05 generates without the lock,
            // and the password one of those stored first is the one.
            return stored().orElseThrow(() -> anotherWon);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
