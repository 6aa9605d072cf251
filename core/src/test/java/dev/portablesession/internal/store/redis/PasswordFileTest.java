package dev.portablesession.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.LibraryLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.config.Credentials;

class PasswordFileTest {

    private static final InetSocketAddress REDIS = new InetSocketAddress("127.0.0.1", 6379);

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @TempDir
    Path folder;

    @Test
    void eachConnectionReadsTheFileAgain() throws Exception {
        Path file = folder.resolve("password");
        Files.writeString(file, "first-secret\n");
        PasswordFile credentials = new PasswordFile("app", file);
        assertEquals("first-secret", resolve(credentials).getPassword());
        assertEquals("app", resolve(credentials).getUsername());
        Files.writeString(file, "  second-secret \r\n");
        assertEquals("second-secret", resolve(credentials).getPassword());
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("holds a new password")), log.messages().toString());
        assertNoSecretLogged();
    }

    @Test
    void aFileGoneForAMomentKeepsThePasswordReadBeforeAndWarnsOnce() throws Exception {
        Path file = folder.resolve("password");
        Files.writeString(file, "first-secret");
        PasswordFile credentials = new PasswordFile(null, file);
        assertEquals("first-secret", resolve(credentials).getPassword());
        Files.delete(file);
        assertEquals("first-secret", resolve(credentials).getPassword());
        Files.writeString(file, "");
        assertEquals("first-secret", resolve(credentials).getPassword(), "an empty file counts as unreadable");
        assertEquals(1, log.messages().stream().filter(m -> m.contains("cannot read redis.password-file")).count(),
                log.messages().toString());
        Files.writeString(file, "first-secret");
        assertEquals("first-secret", resolve(credentials).getPassword());
        assertEquals(1, log.messages().stream().filter(m -> m.contains("can be read again")).count());
        assertNoSecretLogged();
    }

    @Test
    void withoutAnyGoodReadTheConnectionFailsWithoutTheSecret() {
        PasswordFile credentials = new PasswordFile("app", folder.resolve("missing"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> credentials.resolve(REDIS).toCompletableFuture().get());
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("cannot read redis.password-file"), e.getCause().getMessage());
    }

    private static Credentials resolve(PasswordFile credentials) throws Exception {
        return credentials.resolve(REDIS).toCompletableFuture().get();
    }

    private void assertNoSecretLogged() {
        log.messages().forEach(message -> assertFalse(message.contains("secret"), message));
    }
}
