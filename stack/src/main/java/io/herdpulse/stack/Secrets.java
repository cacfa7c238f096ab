package io.herdpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The stack's passwords: from the environment where set, otherwise generated once at first start
 * into {@code $HERDPULSE_HOME/secrets/} with owner-only permissions. Nothing secret is ever in the
 * repository.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final Map<String, String> environment;

    public Secrets(Path dir, Map<String, String> environment) {
        this.dir = dir;
        this.environment = environment;
    }

    /**
     * The password of {@code name}: {@code $envVar}, else the stored one, else a new one stored
     * now.
     */
    public String password(String name, String envVar) {
        String fromEnvironment = environment.get(envVar);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        Path file = dir.resolve(name + ".password");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the " + name + " password", e);
        }
    }
}
