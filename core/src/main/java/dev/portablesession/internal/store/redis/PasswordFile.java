package dev.portablesession.internal.store.redis;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;

/**
 * The Redis credentials of {@code redis.password-file}: the user is fixed, the password is read
 * from the file each time Redisson opens a connection. Rotating the password is then: add the new
 * one in Redis ({@code ACL SETUSER app >new}), write it into the file, and remove the old one once
 * every server has reconnected (or after a deliberate reconnect). Connections already open stay
 * authenticated, as Redis keeps them when a password changes; no restart, no failed request.
 *
 * <p>A file that cannot be read for a moment (a secret volume being swapped) or is empty does not
 * fail the connection while an earlier read succeeded: the last password read is used and a warning
 * logged, once per change of state. Neither the password nor its length ever reaches a log line.
 */
final class PasswordFile implements CredentialsResolver {

    private static final Logger LOG = System.getLogger("dev.portablesession");

    private final String username;
    private final Path file;
    /** The last password read, or null before the first good read. */
    private volatile String lastPassword;
    /** Whether the last read failed, so that a failure and a recovery are each logged once. */
    private volatile boolean failing;

    /**
     * @param username the ACL user, or null for the {@code default} user
     * @param file the file holding the password, its only content but for surrounding white space
     */
    PasswordFile(String username, Path file) {
        this.username = username;
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public CompletionStage<Credentials> resolve(InetSocketAddress address) {
        try {
            return CompletableFuture.completedFuture(new Credentials(username, password()));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The password the file holds now, or the last one read when it cannot be read now. */
    String password() throws IOException {
        String read;
        try {
            read = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (read.isEmpty()) {
                throw new IOException("redis.password-file " + file + " is empty");
            }
        } catch (IOException e) {
            String fallback = lastPassword;
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "cannot read redis.password-file " + file + " (" + e.getClass().getSimpleName()
                        + (fallback == null ? "); Redis connections cannot log in until it can be read"
                                : "); new Redis connections use the password read before"));
            }
            if (fallback == null) {
                throw new IOException("cannot read redis.password-file " + file + " (" + e.getClass().getSimpleName()
                        + ")", null);
            }
            return fallback;
        }
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "redis.password-file " + file + " can be read again");
        }
        String previous = lastPassword;
        if (previous != null && !previous.equals(read)) {
            LOG.log(Level.INFO, "redis.password-file " + file + " holds a new password; new Redis connections use it");
        }
        lastPassword = read;
        return read;
    }
}
