package dev.portablesession.internal.codec.jdk;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.BuiltInTypes;
import dev.portablesession.internal.codec.ComparingOutputStream;
import dev.portablesession.internal.codec.RejectedTypeException;
import dev.portablesession.internal.codec.TypeAllowList;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code codec=jdk} option: attributes are stored with Java serialization, for applications
 * whose session objects are {@link java.io.Serializable} but not JSON-friendly.
 *
 * <p>Reading is guarded the way Java serialization must be: a class is judged by name before it
 * is loaded, only the web application's class loader is used, dynamic proxies are refused, and an
 * {@link ObjectInputFilter} allows exactly the allow-list and bounds the stream (nesting depth
 * {@value #MAX_DEPTH}; array lengths and object counts in proportion to the stored bytes, so a
 * few bytes cannot make it allocate gigabytes). A JVM-wide filter ({@code jdk.serialFilter})
 * still applies on top.
 *
 * <p>Allowed are the same JDK types as for the JSON codec (and the JDK-internal
 * classes their serial form uses, such as the {@code List.of} proxy and the
 * {@code Collections.unmodifiable*} wrappers), plus the entries of the setting
 * {@code codec.allow}: {@code com.acme.Cart}, {@code com.acme.*} or {@code com.acme.**}. Unlike
 * JSON, Java serialization brings back every value as exactly its class, {@code List.of}
 * included, and keeps shared and cyclic references. Writing refuses what reading would refuse
 * (except nesting deeper than {@value #MAX_DEPTH}, which only reading can measure), so a problem
 * shows at {@code setAttribute}.
 *
 * <p>Instances are thread-safe.
 */
public final class JdkAttributeCodec implements AttributeCodec {

    /**
     * How deeply objects may nest in a stored value: deeper than any reasonable session object,
     * shallow enough that reading cannot exhaust the stack of a request thread.
     */
    public static final int MAX_DEPTH = 200;

    /**
     * Bound on array lengths and object counts, per byte of the stored value. Each element and
     * object takes at least one byte; the factor leaves room for the hash table a
     * {@code HashMap} or {@code HashSet} with a small load factor asks the filter about.
     */
    private static final int MAX_ELEMENTS_PER_BYTE = 4;

    private static final String ENCODE_FIX = "use codec=json";

    private final TypeAllowList allowList;
    private final ClassLoader classLoader;

    /**
     * @param allowedTypes entries of the setting {@code codec.allow}; may be empty
     * @param classLoader the web application's class loader; the only loader used to resolve
     *     stored class names
     * @throws IllegalArgumentException naming an entry of {@code allowedTypes} that is not a class
     *     name, a {@code package.*} or a {@code package.**}
     */
    public JdkAttributeCodec(List<String> allowedTypes, ClassLoader classLoader) {
        this(allowedTypes, classLoader, name -> false);
    }

    /**
     * @param allowedTypes entries of the setting {@code codec.allow}; may be empty
     * @param classLoader the web application's class loader; the only loader used to resolve
     *     stored class names
     * @param applicationClasses whether a class name is one of the application's own classes,
     *     allowed without an entry in {@code allowedTypes}; asked by name, before loading
     * @throws IllegalArgumentException naming an entry of {@code allowedTypes} that is not a class
     *     name, a {@code package.*} or a {@code package.**}
     */
    public JdkAttributeCodec(List<String> allowedTypes, ClassLoader classLoader, Predicate<String> applicationClasses) {
        this.allowList = new TypeAllowList(allowedTypes, BuiltInTypes.FOR_JDK, applicationClasses);
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    /**
     * Serializes the value.
     *
     * @throws AttributeEncodingException if the value or an object it refers to is not
     *     {@code Serializable}, is of a class outside the allow-list, or its own serialization
     *     code fails
     */
    @Override
    public byte[] encode(String name, Object value) {
        return encode(name, value, null);
    }

    /**
     * Serializes the value, comparing it with {@code previous} as it is written.
     *
     * @throws AttributeEncodingException as {@link #encode(String, Object)}
     */
    @Override
    public byte[] encode(String name, Object value, byte[] previous) {
        Objects.requireNonNull(value, "value");
        ComparingOutputStream bytes = new ComparingOutputStream(previous);
        String head = "attribute \"" + name + "\" (" + value.getClass().getName()
                + ") cannot be encoded with Java serialization: ";
        Set<String> rejected;
        Set<String> unserializable;
        try (AllowListOutputStream out = new AllowListOutputStream(bytes, allowList)) {
            out.writeObject(value);
            rejected = out.rejected();
            unserializable = out.unserializable();
        } catch (NotSerializableException e) {
            String culprit = e.getMessage();
            String what = culprit.equals(value.getClass().getName()) ? culprit : "a field's type " + culprit;
            throw new AttributeEncodingException(head + what + " is not Serializable; implement "
                    + "java.io.Serializable or " + ENCODE_FIX, null);
        } catch (ObjectStreamException e) {
            throw new AttributeEncodingException(head + e.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            // Thrown by the application's own writeObject or writeReplace.
            throw new AttributeEncodingException(head + e.getClass().getName() + " from its serialization code",
                    e);
        }
        if (!unserializable.isEmpty()) {
            // Every class of the value's graph at once, so one change fixes them all.
            String what = unserializable.size() == 1 && unserializable.contains(value.getClass().getName())
                    ? value.getClass().getName()
                    : (unserializable.size() == 1 ? "a field's type " : "the types ") + TypeAllowList.list(unserializable);
            throw new AttributeEncodingException(head + what + (unserializable.size() == 1 ? " is" : " are")
                    + " not Serializable; implement java.io.Serializable or " + ENCODE_FIX
                    + (rejected.isEmpty() ? "" : "; also " + TypeAllowList.refusal(rejected, "")), null);
        }
        if (!rejected.isEmpty()) {
            throw new AttributeEncodingException(head + TypeAllowList.refusal(rejected, ENCODE_FIX), null);
        }
        return bytes.result();
    }

    /**
     * Deserializes a value written by {@link #encode}.
     *
     * @throws AttributeDecodingException if the stream names a class outside the allow-list or
     *     not found by the class loader, a class changed incompatibly, a limit is exceeded, or the
     *     bytes are corrupt
     */
    @Override
    public Object decode(String name, byte[] data) {
        String head = "attribute \"" + name + "\" cannot be decoded with Java serialization: ";
        StreamFilter filter = new StreamFilter(allowList, (long) MAX_ELEMENTS_PER_BYTE * data.length);
        Object value;
        try (ObjectInputStream in = new AllowListInputStream(data, allowList, classLoader, filter)) {
            value = in.readObject();
        } catch (RejectedTypeException e) {
            throw new AttributeDecodingException(head + e.getMessage(), null);
        } catch (ClassNotFoundException e) {
            throw new AttributeDecodingException(head + "type " + e.getMessage()
                    + " is not found by the web application's class loader", null);
        } catch (InvalidClassException e) {
            String problem = filter.rejection() != null ? filter.rejection()
                    : e.classname == null ? "rejected by the JVM-wide serialization filter (jdk.serialFilter)"
                    : "type " + e.classname + " changed incompatibly (" + e.getMessage() + ")";
            throw new AttributeDecodingException(head + problem, null);
        } catch (ObjectStreamException | EOFException e) {
            throw new AttributeDecodingException(head + "the stored bytes are not a valid serialization stream",
                    null);
        } catch (IOException | RuntimeException e) {
            // Thrown by a class's own readObject or readResolve.
            throw new AttributeDecodingException(head + e.getClass().getName() + " from the serialization code of "
                    + "a stored class", e);
        }
        if (value == null) {
            throw new AttributeDecodingException(head + "the stored value is null", null);
        }
        return value;
    }

    /**
     * Notes, while writing, every class that {@link AllowListInputStream} would refuse and every
     * object that is not serializable (written as null instead, so the rest of the graph is still
     * looked at): one refusal then names all of them. Noting rather than throwing also keeps Java
     * serialization's own failure reports intact.
     */
    private static final class AllowListOutputStream extends ObjectOutputStream {

        private final TypeAllowList allowList;
        private final Set<String> rejected = new LinkedHashSet<>();
        private final Set<String> unserializable = new LinkedHashSet<>();

        AllowListOutputStream(ComparingOutputStream out, TypeAllowList allowList) throws IOException {
            super(out);
            this.allowList = allowList;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object object) {
            if (object instanceof Serializable || object.getClass().isArray()) {
                return object;
            }
            unserializable.add(object.getClass().getName());
            return null;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            if (!allowList.allows(type.getName())) {
                Class<?> element = type;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                TypeAllowList.note(rejected, element.getName());
            }
        }

        @Override
        protected void annotateProxyClass(Class<?> type) {
            TypeAllowList.note(rejected, type.getName() + " (a dynamic proxy)");
        }

        /** The element classes of the classes written that are not allowed, in the order met. */
        Set<String> rejected() {
            return rejected;
        }

        /** The classes of the objects met that are not serializable, in the order met. */
        Set<String> unserializable() {
            return unserializable;
        }
    }

    /** Resolves classes by allowed name through the web application's class loader only. */
    private static final class AllowListInputStream extends ObjectInputStream {

        private final TypeAllowList allowList;
        private final ClassLoader classLoader;

        AllowListInputStream(byte[] data, TypeAllowList allowList, ClassLoader classLoader, ObjectInputFilter filter)
                throws IOException {
            super(new ByteArrayInputStream(data));
            this.allowList = allowList;
            this.classLoader = classLoader;
            ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
            setObjectInputFilter(jvmWide == null ? filter : ObjectInputFilter.merge(filter, jvmWide));
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
            // Judge the name first: a refused class is never even loaded. The filter checks again.
            if (!allowList.allows(desc.getName())) {
                throw new RejectedTypeException(desc.getName(), "is not in the allow-list");
            }
            return Class.forName(desc.getName(), false, classLoader);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) {
            throw new RejectedTypeException("(dynamic proxy of " + String.join(", ", interfaces) + ")",
                    "is never allowed");
        }
    }

    /** The allow-list and limits for one stream; remembers why it rejected, for the message. */
    private static final class StreamFilter implements ObjectInputFilter {

        private final TypeAllowList allowList;
        private final long maxCount;
        private String rejection;

        /** @param maxCount the largest array length or object count a stream of this size can claim */
        StreamFilter(TypeAllowList allowList, long maxCount) {
            this.allowList = allowList;
            this.maxCount = maxCount;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH) {
                return reject("objects nest deeper than " + MAX_DEPTH + " levels");
            }
            if (info.arrayLength() > maxCount || info.references() > maxCount) {
                return reject("the stream claims more elements than its size allows (" + maxCount + ")");
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return Status.UNDECIDED;
            }
            return allowList.allows(type.getName()) ? Status.ALLOWED
                    : reject("type " + type.getName() + " is not in the allow-list");
        }

        private Status reject(String why) {
            rejection = why;
            return Status.REJECTED;
        }

        String rejection() {
            return rejection;
        }
    }
}
