package dev.portablesession.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's own
 * {@code keytool} (no openssl, no extra library), in the forms TLS servers and clients want: a
 * PKCS12 key store (Jetty), PEM key and certificate (redis-server), a PKCS12 trust store holding
 * only the certificate (Redisson), and an {@link SSLContext} that trusts it (an HTTP client).
 */
public final class TestCertificate {

    private static final String ALIAS = "test";

    private final Path keyStore;
    private final String keyStorePassword;
    private final Path keyPem;
    private final Path certificatePem;
    private final Path trustStore;
    private final String trustStorePassword;
    private final KeyStore trusted;

    private TestCertificate(Path keyStore, String keyStorePassword, Path keyPem, Path certificatePem, Path trustStore,
            String trustStorePassword, KeyStore trusted) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.keyPem = keyPem;
        this.certificatePem = certificatePem;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.trusted = trusted;
    }

    /**
     * Makes the certificate and its files in {@code directory}.
     *
     * @param trustStorePassword the password of the trust store file
     */
    public static TestCertificate create(Path directory, String trustStorePassword)
            throws IOException, InterruptedException, GeneralSecurityException {
        String storePassword = "key-store-" + Long.toHexString(System.nanoTime());
        Path keyStore = directory.resolve("server.p12");
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", storePassword, "-keypass", storePassword);
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            server.load(in, storePassword.toCharArray());
        }
        PrivateKey key = (PrivateKey) server.getKey(ALIAS, storePassword.toCharArray());
        Certificate certificate = server.getCertificate(ALIAS);
        Path keyPem = pem(directory.resolve("server.key"), "PRIVATE KEY", key.getEncoded());
        Path certificatePem = pem(directory.resolve("server.crt"), "CERTIFICATE", certificate.getEncoded());

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, certificate);
        Path trustStore = directory.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trusted.store(out, trustStorePassword.toCharArray());
        }
        return new TestCertificate(keyStore, storePassword, keyPem, certificatePem, trustStore, trustStorePassword, trusted);
    }

    /** PKCS12 key store with the private key and the certificate, password {@link #keyStorePassword()}. */
    public Path keyStore() {
        return keyStore;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    /** The private key, PKCS#8 PEM. */
    public Path keyPem() {
        return keyPem;
    }

    /** The certificate, PEM; also the CA that signed it. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** PKCS12 trust store holding only the certificate. */
    public Path trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    /** A TLS client context that trusts this certificate and nothing else. */
    public SSLContext clientContext() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
