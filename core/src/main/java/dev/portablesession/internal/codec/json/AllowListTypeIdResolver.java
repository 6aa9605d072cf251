package dev.portablesession.internal.codec.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.portablesession.internal.codec.RejectedTypeException;
import dev.portablesession.internal.codec.TypeAllowList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * Type ids of the JSON codec: the binary class name, checked against the allow-list in both
 * directions.
 *
 * <p>Writing refuses a class the reading side would refuse, or could not build again (see
 * {@link CreatorCheck}), so the application learns at {@code setAttribute}. Reading checks the
 * name before loading anything and loads only through the web application's class loader, so a
 * class outside the allow-list is never loaded, let alone instantiated, whatever the stored JSON
 * says.
 */
final class AllowListTypeIdResolver extends TypeIdResolverBase {

    private final TypeAllowList allowList;
    private final ClassLoader classLoader;
    private final CreatorCheck creators;
    /** Ids already checked, per runtime class: a list of a thousand beans is checked once. */
    private final Map<Class<?>, String> checkedIds = new ConcurrentHashMap<>();

    AllowListTypeIdResolver(JavaType baseType, TypeAllowList allowList, ClassLoader classLoader,
            CreatorCheck creators) {
        super(baseType);
        this.allowList = allowList;
        this.classLoader = classLoader;
        this.creators = creators;
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CLASS;
    }

    @Override
    public String idFromValue(DatabindContext ctxt, Object value) {
        return idFor(value.getClass());
    }

    @Override
    public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> type) {
        return idFor(type);
    }

    private String idFor(Class<?> type) {
        EncodeSurvey survey = EncodeSurvey.current();
        if (survey != null) {
            return surveyedId(type, survey);
        }
        return checkedIds.computeIfAbsent(type, this::checkedId);
    }

    /** As {@link #checkedId}, noting refusals in the survey instead of throwing; nothing is cached. */
    private String surveyedId(Class<?> type, EncodeSurvey survey) {
        Class<?> stored = StoredCollectionTypes.storedAs(_resolveToParentAsNecessary(type), _baseType.getRawClass());
        if (!allowList.allows(stored.getName())) {
            TypeAllowList.note(survey.rejected, elementClass(stored).getName());
        } else {
            try {
                creators.verify(elementClass(stored));
            } catch (UncreatableTypeException e) {
                survey.uncreatable.add(e.getMessage());
            }
        }
        return stored.getName();
    }

    private String checkedId(Class<?> type) {
        // An enum constant with a body is an anonymous subclass; its enum is what gets stored.
        Class<?> stored = StoredCollectionTypes.storedAs(_resolveToParentAsNecessary(type), _baseType.getRawClass());
        if (!allowList.allows(stored.getName())) {
            throw new RejectedTypeException(elementClass(stored).getName(), "is not in the allow-list");
        }
        creators.verify(elementClass(stored));
        return stored.getName();
    }

    @Override
    public JavaType typeFromId(DatabindContext ctxt, String id) {
        if (!allowList.allows(id)) {
            throw new RejectedTypeException(id, "is not in the allow-list");
        }
        Class<?> type;
        try {
            type = Class.forName(id, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RejectedTypeException(id, "is not found by the web application's class loader");
        }
        if (!_baseType.getRawClass().isAssignableFrom(type)) {
            throw new RejectedTypeException(id, "does not fit the declared type " + _baseType.getRawClass().getName());
        }
        return ctxt.constructSpecializedType(_baseType, type);
    }

    private static Class<?> elementClass(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element;
    }
}
