package dev.portablesession.internal.codec.json;

import dev.portablesession.internal.codec.TypeAllowList;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * The allow-list as Jackson's {@link PolymorphicTypeValidator}. The codec's own type ids are
 * judged by {@link AllowListTypeIdResolver}; this validator covers class-name type ids that an
 * application class declares itself with {@code @JsonTypeInfo(use = CLASS)}, so those cannot
 * name arbitrary classes either.
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

    private final TypeAllowList allowList;

    AllowListTypeValidator(TypeAllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
        return allowList.allows(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
        return allowList.allows(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
    }
}
