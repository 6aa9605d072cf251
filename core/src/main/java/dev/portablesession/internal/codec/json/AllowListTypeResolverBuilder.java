package dev.portablesession.internal.codec.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.portablesession.internal.codec.TypeAllowList;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Jackson's default typing for the JSON codec: a type id on every value whose declared type is
 * not final (so a {@code Long} in a {@code List<Object>} or a subclass in a field stays what it
 * was), written as an {@code "@class"} property of objects and as a {@code [id, value]} pair
 * otherwise, and resolved by {@link AllowListTypeIdResolver}.
 */
final class AllowListTypeResolverBuilder extends DefaultTypeResolverBuilder {

    /**
     * Not final, but no allowed class extends them: where one of these is declared, a type id
     * could only repeat the declared type, so none is written.
     */
    private static final Set<Class<?>> FINAL_IN_PRACTICE = Set.of(BigDecimal.class, BigInteger.class, Date.class);

    private final TypeAllowList allowList;
    private final ClassLoader classLoader;
    private final CreatorCheck creators;

    AllowListTypeResolverBuilder(TypeAllowList allowList, ClassLoader classLoader, CreatorCheck creators) {
        // Jackson consults the validator only on whether a declared type may carry type ids at all;
        // the ids themselves are judged by AllowListTypeIdResolver.
        super(new AllowListTypeValidator(allowList), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
        this.allowList = allowList;
        this.classLoader = classLoader;
        this.creators = creators;
    }

    private AllowListTypeResolverBuilder(AllowListTypeResolverBuilder base, Class<?> defaultImpl) {
        super(base, defaultImpl);
        this.allowList = base.allowList;
        this.classLoader = base.classLoader;
        this.creators = base.creators;
    }

    @Override
    public AllowListTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
        // Jackson requires subclasses to copy themselves here rather than fall back to the parent.
        return _defaultImpl == defaultImpl ? this : new AllowListTypeResolverBuilder(this, defaultImpl);
    }

    @Override
    public boolean useForType(JavaType type) {
        JavaType element = type;
        while (element.isArrayType()) {
            element = element.getContentType();
        }
        return !FINAL_IN_PRACTICE.contains(element.getRawClass()) && super.useForType(type);
    }

    @Override
    protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
            PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes,
            boolean forSer, boolean forDeser) {
        return new AllowListTypeIdResolver(baseType, allowList, classLoader, creators);
    }
}
