package dev.portablesession.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codecs resolve stored class names through the class loader they were built with, and only
 * through it. The class under test is compiled at run time so that no other loader can see it.
 */
class ClassLoaderTest {

    private static final String SOURCE = """
            package com.example.hidden;

            public class Secret implements java.io.Serializable {
                public String code;
                public java.util.List<Object> extras = new java.util.ArrayList<>();

                @Override
                public boolean equals(Object o) {
                    return o instanceof Secret s && java.util.Objects.equals(code, s.code) && extras.equals(s.extras);
                }

                @Override
                public int hashCode() {
                    return java.util.Objects.hashCode(code);
                }
            }
            """;

    private static final List<String> ALLOWED = List.of("com.example.hidden.*");

    @TempDir
    static Path classes;

    private static URLClassLoader application;
    private static URLClassLoader redeployed;

    @BeforeAll
    static void compileAClassOnlyTwoLoadersCanSee() throws IOException {
        Path source = classes.resolve("src/com/example/hidden/Secret.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "tests need a JDK");
        Path out = classes.resolve("out");
        assertEquals(0, compiler.run(null, null, null, "-d", out.toString(), source.toString()));
        URL[] path = {out.toUri().toURL()};
        application = new URLClassLoader(path, ClassLoaderTest.class.getClassLoader());
        redeployed = new URLClassLoader(path, ClassLoaderTest.class.getClassLoader());
    }

    @AfterAll
    static void closeLoaders() throws IOException {
        application.close();
        redeployed.close();
    }

    private static AttributeCodec codec(String kind, ClassLoader loader) {
        BiFunction<List<String>, ClassLoader, AttributeCodec> factory =
                kind.equals("json") ? JsonAttributeCodec::new : JdkAttributeCodec::new;
        return factory.apply(ALLOWED, loader);
    }

    private static Object newSecret(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = loader.loadClass("com.example.hidden.Secret");
        Object secret = type.getConstructor().newInstance();
        type.getField("code").set(secret, "abc");
        @SuppressWarnings("unchecked")
        List<Object> extras = (List<Object>) type.getField("extras").get(secret);
        extras.add(7L);
        return secret;
    }

    private static String head(String kind) {
        return kind.equals("json") ? "cannot be decoded from JSON: " : "cannot be decoded with Java serialization: ";
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "jdk"})
    void classVisibleOnlyToTheCodecsLoaderComesBack(String kind) throws ReflectiveOperationException {
        Object secret = newSecret(application);
        AttributeCodec codec = codec(kind, application);

        Object back = codec.decode("s", codec.encode("s", secret));

        assertSame(secret.getClass(), back.getClass());
        assertEquals(secret, back);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "jdk"})
    void anotherLoaderFailsEvenWhenTheThreadsContextLoaderCouldSeeTheClass(String kind) throws Exception {
        byte[] stored = codec(kind, application).encode("s", newSecret(application));
        AttributeCodec library = codec(kind, ClassLoaderTest.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(application);
        try {
            AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> library.decode("s", stored));

            assertEquals("attribute \"s\" " + head(kind) + "type com.example.hidden.Secret is not found by the web "
                    + "application's class loader", e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "jdk"})
    void aRedeployedApplicationGetsInstancesOfItsOwnClass(String kind) throws ReflectiveOperationException {
        Object secret = newSecret(application);
        byte[] stored = codec(kind, application).encode("s", secret);

        Object back = codec(kind, redeployed).decode("s", stored);

        assertNotSame(secret.getClass(), back.getClass());
        assertSame(redeployed, back.getClass().getClassLoader());
        assertEquals("abc", back.getClass().getField("code").get(back));
        assertTrue(back.toString().startsWith("com.example.hidden.Secret@"));
    }
}
