package io.herdpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The stack's passwords: from the environment where set, otherwise generated once at first start
 * into {@code $HERDPULSE_HOME/secrets/} with owner-only permissions. Nothing secret is ever in the
 * repository.
 */
public final class Secrets {
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
        try {
            return new PasswordFile(dir.resolve(name + ".password")).readOrGenerate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the " + name + " password", e);
        }
    }
}
