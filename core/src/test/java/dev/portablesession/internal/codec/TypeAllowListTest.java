package dev.portablesession.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypeAllowListTest {

    private final TypeAllowList list = new TypeAllowList(
            List.of("com.acme.Cart", " com.acme.shop.* ", "org.example.**"), Set.of("java.lang.Long"));

    @Test
    void aClassEntryAllowsExactlyThatClass() {
        assertTrue(list.allows("com.acme.Cart"));
        assertFalse(list.allows("com.acme.CartItem"));
        assertFalse(list.allows("com.acme.Cart$Line"));
        assertFalse(list.allows("com.acme.Cart.Line"));
    }

    @Test
    void aPackageEntryAllowsItsClassesAndTheirNestedClassesButNotSubPackages() {
        assertTrue(list.allows("com.acme.shop.Order"));
        assertTrue(list.allows("com.acme.shop.Order$Line"));
        assertFalse(list.allows("com.acme.shop.internal.Secret"));
        assertFalse(list.allows("com.acme.shopping.Order"));
        assertFalse(list.allows("com.acme.Other"));
    }

    @Test
    void aPackageTreeEntryAllowsSubPackages() {
        assertTrue(list.allows("org.example.Thing"));
        assertTrue(list.allows("org.example.deep.down.Thing$Inner"));
        assertFalse(list.allows("org.examples.Thing"));
        assertFalse(list.allows("org.Thing"));
    }

    @Test
    void builtInsAreAllowedWithoutConfiguration() {
        assertTrue(list.allows("java.lang.Long"));
        assertFalse(list.allows("java.lang.Runtime"));
    }

    @Test
    void arraysAreJudgedByTheirElementType() {
        assertTrue(list.allows("[I"));
        assertTrue(list.allows("[[B"));
        assertTrue(list.allows("[Ljava.lang.Object;"));
        assertTrue(list.allows("[Ljava.lang.Long;"));
        assertTrue(list.allows("[[Lcom.acme.Cart;"));
        assertFalse(list.allows("[Ljava.net.URL;"));
        assertFalse(list.allows("[X"));
        assertFalse(list.allows("[L;"));
    }

    @Test
    void theJdkAndTheJsonSetsShareTheValueTypes() {
        assertTrue(BuiltInTypes.FOR_JDK.containsAll(BuiltInTypes.FOR_JSON));
        assertFalse(BuiltInTypes.FOR_JSON.contains("java.lang.Enum"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "*", "**", "com.acme.", "com..acme", "com.acme.*.Cart", "com.acme.***",
            "!com.acme.*", "com/acme/Cart", "com.acme.Cart;java.**", "maxdepth=5", "1com.Cart"})
    void anInvalidEntryIsRejectedByName(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TypeAllowList(List.of("com.acme.Ok", entry), Set.of()));

        assertTrue(e.getMessage().contains("\"" + entry + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("codec.allow"), e.getMessage());
    }

    @Test
    void bothCodecsValidateTheirEntries() {
        assertThrows(IllegalArgumentException.class, () -> new JsonAttributeCodec(List.of("*"), getClass().getClassLoader()));
        assertThrows(IllegalArgumentException.class, () -> new JdkAttributeCodec(List.of("*"), getClass().getClassLoader()));
    }

    @Test
    void adviceNamesThePackageOfAnApplicationClassButNeverWidensTheJdk() {
        assertEquals("add \"com.acme.*\" to the setting codec.allow, or set codec=jdk",
                TypeAllowList.advice("com.acme.Cart$Line", "set codec=jdk"));
        assertEquals("add \"Cart\" to the setting codec.allow, or set codec=jdk",
                TypeAllowList.advice("Cart", "set codec=jdk"));
        assertFalse(TypeAllowList.advice("java.net.URL", "set codec=jdk").contains("codec.allow"));
        assertFalse(TypeAllowList.advice("com.sun.rowset.JdbcRowSetImpl", "set codec=jdk").contains("codec.allow"));
    }

    @Test
    void applicationClassesAreAllowedWhenThePredicateKnowsThemButNeverPlatformClasses() {
        List<String> asked = new java.util.ArrayList<>();
        TypeAllowList own = new TypeAllowList(List.of(), Set.of(), name -> {
            asked.add(name);
            return true;
        });
        assertTrue(own.allows("com.acme.Basket"));
        assertTrue(own.allows("[Lcom.acme.Basket;"));
        for (String platform : List.of("java.net.URL", "javax.management.BadAttributeValueExpException",
                "jdk.internal.Misc", "sun.misc.Unsafe", "com.sun.rowset.JdbcRowSetImpl")) {
            assertFalse(own.allows(platform), platform);
        }
        assertEquals(List.of("com.acme.Basket", "com.acme.Basket"), asked, "platform names are never even asked");
        assertFalse(new TypeAllowList(List.of(), Set.of(), name -> false).allows("com.acme.Basket"));
    }
}
