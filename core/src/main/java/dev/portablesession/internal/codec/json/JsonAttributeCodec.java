package dev.portablesession.internal.codec.json;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.BuiltInTypes;
import dev.portablesession.internal.codec.ComparingOutputStream;
import dev.portablesession.internal.codec.TypeAllowList;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

/**
 * The default codec: attributes are stored as UTF-8 JSON, readable in {@code redis-cli},
 * tolerant of fields added to or removed from application classes, and limited to an allow-list
 * of classes so stored data cannot make the application build arbitrary objects.
 *
 * <h2>Stored form</h2>
 * Every value whose declared type does not already fix its class (the attribute itself, an
 * element of a collection, a field declared {@code Object}, an interface or a non-final class)
 * carries a type id, the binary class name: an object gets an {@code "@class"} property,
 * anything else is wrapped in a {@code [type id, value]} pair. {@code String}, {@code Integer},
 * {@code Double} and {@code Boolean} need no id, JSON already says what they are; neither does a
 * field declared {@code BigDecimal}, {@code BigInteger} or {@code Date}. So the attribute value
 * {@code new ArrayList<>(List.of(1L, 2L))} is stored as
 * <pre>{@code ["java.util.ArrayList",[["java.lang.Long",1],["java.lang.Long",2]]]}</pre>
 * and a {@code com.acme.Cart} with a {@code List<Item> items} and a {@code String owner} as
 * <pre>{@code {"@class":"com.acme.Cart","items":["java.util.ArrayList",[{"@class":"com.acme.Item","quantity":2,"sku":"A-1"}]],"owner":"ann"}}</pre>
 * Further rules:
 * <ul>
 *   <li>Properties are those Jackson finds by default (public fields, getters and setters, record
 *       components), written in alphabetical order. Unknown properties are ignored when reading,
 *       missing ones keep the value the constructor gave them.</li>
 *   <li>{@code java.time} values and {@code java.util.Date} are ISO-8601 strings; a
 *       {@code ZonedDateTime} keeps its zone id. {@code BigDecimal} keeps its scale; a
 *       {@code byte[]} is Base64; a {@code char} is a one-character string.</li>
 *   <li>A map whose keys are all strings is a JSON object. A map stored where its key type is not
 *       declared ({@code Map<Long, String>} as the attribute itself, or inside an {@code Object})
 *       with other keys becomes an array of typed {@code [key, value]} pairs, so a
 *       {@code Long} key comes back as a {@code Long}:
 *       {@code ["java.util.HashMap",[[["java.lang.Long",7],"seven"]]]}.</li>
 *   <li>The JDK's hidden collection classes ({@code List.of}, {@code Collections.unmodifiable*},
 *       {@code Arrays.asList}, {@code emptyList} ...) are stored under an equal public class
 *       ({@code ArrayList}, {@code LinkedHashSet}, {@code LinkedHashMap}, or {@code TreeSet} /
 *       {@code TreeMap} where a sorted type is declared) and come back as that class. A
 *       {@code TreeMap} or {@code TreeSet} comes back in natural order: JSON does not store a
 *       comparator.</li>
 *   <li>A value Jackson would write without its own type id where one is needed (an
 *       {@code Optional} as the attribute or in an {@code Object} field) is refused rather than
 *       read back as something else; in a field declared {@code Optional<T>} it is fine.</li>
 * </ul>
 *
 * <h2>What may be stored</h2>
 * Built in: {@code String}, the boxed primitives, {@code BigDecimal}, {@code BigInteger},
 * {@code UUID}, {@code URI}, {@code Locale}, {@code Currency}, {@code java.util.Date}; the
 * {@code java.time} value types; {@code ArrayList}, {@code LinkedList}, {@code ArrayDeque},
 * {@code HashSet}, {@code LinkedHashSet}, {@code TreeSet}, {@code HashMap},
 * {@code LinkedHashMap}, {@code TreeMap} (and the hidden collections above); arrays of primitives
 * and of allowed classes. Application classes (POJOs, records, enums) only when the setting
 * {@code codec.allow} names them: {@code com.acme.Cart}, {@code com.acme.*} (the package) or
 * {@code com.acme.**} (the package and its sub-packages). A type id naming anything else is
 * refused before its class is loaded.
 *
 * <p>Instances are thread-safe; the Jackson mapper and its reader and writer are built once.
 */
public final class JsonAttributeCodec implements AttributeCodec {

    private final ObjectWriter writer;
    private final ObjectReader reader;

    /**
     * @param allowedTypes entries of the setting {@code codec.allow}; may be empty
     * @param classLoader the web application's class loader; the only loader used to resolve
     *     stored class names
     * @throws IllegalArgumentException naming an entry of {@code allowedTypes} that is not a class
     *     name, a {@code package.*} or a {@code package.**}
     */
    public JsonAttributeCodec(List<String> allowedTypes, ClassLoader classLoader) {
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
    public JsonAttributeCodec(List<String> allowedTypes, ClassLoader classLoader, Predicate<String> applicationClasses) {
        this(allowedTypes, classLoader, applicationClasses, JacksonExtensions.NONE);
    }

    /**
     * @param allowedTypes entries of the setting {@code codec.allow}; may be empty
     * @param classLoader the web application's class loader; the only loader used to resolve
     *     stored class names
     * @param applicationClasses whether a class name is one of the application's own classes,
     *     allowed without an entry in {@code allowedTypes}; asked by name, before loading
     * @param extensions modules and mix-ins for framework objects ({@code codec.jackson-modules},
     *     {@code codec.jackson-mixins}); they change how classes are written, not which are allowed
     * @throws IllegalArgumentException naming an entry of {@code allowedTypes} that is not a class
     *     name, a {@code package.*} or a {@code package.**}; or when a module replaced the codec's
     *     type validation after all
     */
    public JsonAttributeCodec(List<String> allowedTypes, ClassLoader classLoader, Predicate<String> applicationClasses,
            JacksonExtensions extensions) {
        TypeAllowList allowList = new TypeAllowList(allowedTypes, BuiltInTypes.FOR_JSON, applicationClasses);
        Objects.requireNonNull(classLoader, "classLoader");
        CreatorCheck creators = new CreatorCheck();
        AllowListTypeResolverBuilder typing = new AllowListTypeResolverBuilder(allowList, classLoader, creators);
        AllowListTypeValidator validator = new AllowListTypeValidator(allowList);
        JsonMapper.Builder builder = JsonMapper.builder()
                .setDefaultTyping(typing)
                // For type ids an application class, or a mix-in, declares itself with @JsonTypeInfo.
                .polymorphicTypeValidator(validator)
                .typeFactory(TypeFactory.createDefaultInstance().withClassLoader(classLoader))
                .deserializationContexts(creators.contexts())
                .addModule(new JsonCodecModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // A ZonedDateTime must come back in its own zone, not converted to UTC.
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID);
        extensions.applyTo(builder);
        JsonMapper mapper = builder.build();
        // JacksonExtensions tried each module on a mapper of its own; this holds for the real one.
        if (mapper.deserializationConfig().getPolymorphicTypeValidator() != validator
                || mapper.deserializationConfig().getDefaultTyper(null) != typing) {
            throw new IllegalArgumentException("a Jackson module of codec.jackson-modules or the builder replaced the "
                    + "JSON codec's polymorphic type validation when the codec was built, though not when it was "
                    + "checked; leave it out");
        }
        this.writer = mapper.writerFor(Object.class);
        this.reader = mapper.readerFor(Object.class);
    }

    /**
     * Writes the value as UTF-8 JSON.
     *
     * @throws AttributeEncodingException if the value or something it holds is of a class outside
     *     the allow-list, if Jackson could not rebuild its class (no default constructor or
     *     creator), or if Jackson cannot write it
     */
    @Override
    public byte[] encode(String name, Object value) {
        return encode(name, value, null);
    }

    /**
     * Writes the value as UTF-8 JSON, comparing it with {@code previous} as it is written.
     *
     * @throws AttributeEncodingException as {@link #encode(String, Object)}
     */
    @Override
    public byte[] encode(String name, Object value, byte[] previous) {
        Objects.requireNonNull(value, "value");
        ComparingOutputStream out = new ComparingOutputStream(previous);
        try {
            writer.writeValue(out, value);
        } catch (RuntimeException e) {
            if (JsonFailures.isRefusal(e)) {
                EncodeSurvey survey = EncodeSurvey.of(() -> writer.writeValue(OutputStream.nullOutputStream(), value));
                throw JsonFailures.refusals(name, value.getClass(), survey, e);
            }
            throw JsonFailures.encoding(name, value.getClass(), e);
        }
        return out.result();
    }

    /**
     * Reads a value written by {@link #encode}.
     *
     * @throws AttributeDecodingException if the bytes name a class outside the allow-list or not
     *     found by the class loader, no longer fit the class, or are not valid JSON
     */
    @Override
    public Object decode(String name, byte[] data) {
        Object value;
        try {
            value = reader.readValue(data);
        } catch (RuntimeException e) {
            throw JsonFailures.decoding(name, e);
        }
        if (value == null) {
            throw new AttributeDecodingException("attribute \"" + name + "\" cannot be decoded from JSON: "
                    + "the stored value is null", null);
        }
        return value;
    }
}
