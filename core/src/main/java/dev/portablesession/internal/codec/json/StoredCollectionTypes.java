package dev.portablesession.internal.codec.json;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps the JDK's hidden collection classes ({@code List.of}, {@code Collections.unmodifiableList},
 * {@code Arrays.asList}, {@code map.keySet()} ...) to the public class the JSON codec stores them
 * as. Their own names are implementation details of the JDK that may not exist, or not be
 * creatable, on the reading side; an equal public collection is what the application can rely on.
 */
final class StoredCollectionTypes {

    private static final List<Class<?>> LISTS = List.of(ArrayList.class, LinkedList.class);
    private static final List<Class<?>> SETS = List.of(LinkedHashSet.class, TreeSet.class);
    private static final List<Class<?>> MAPS = List.of(LinkedHashMap.class, TreeMap.class);
    private static final List<Class<?>> OTHER_COLLECTIONS = List.of(ArrayList.class, ArrayDeque.class);

    private StoredCollectionTypes() {
    }

    /**
     * @param type the runtime class of a value about to be written with a type id
     * @param declared the type the surrounding code declares, which the stored class must fit
     * @return the public class to name in the type id, or {@code type} itself when it is not a
     *     hidden {@code java.util} collection or no public equivalent fits {@code declared}
     */
    static Class<?> storedAs(Class<?> type, Class<?> declared) {
        if (Modifier.isPublic(type.getModifiers()) || !type.getName().startsWith("java.util.")
                // EnumSet elements are written as bare names that a plain set would read as strings.
                || EnumSet.class.isAssignableFrom(type)) {
            return type;
        }
        List<Class<?>> candidates;
        if (List.class.isAssignableFrom(type)) {
            candidates = LISTS;
        } else if (Set.class.isAssignableFrom(type)) {
            candidates = SETS;
        } else if (Map.class.isAssignableFrom(type)) {
            candidates = MAPS;
        } else if (Collection.class.isAssignableFrom(type)) {
            candidates = OTHER_COLLECTIONS;
        } else {
            return type;
        }
        for (Class<?> candidate : candidates) {
            if (declared.isAssignableFrom(candidate)) {
                return candidate;
            }
        }
        return type;
    }
}
