package dev.portablesession.internal.codec.extension;

import tools.jackson.databind.module.SimpleModule;

/** Module classes the filter cannot instantiate. */
public final class UnusableModules {

    private UnusableModules() {
    }

    public abstract static class Abstract extends SimpleModule {
    }

    public static class NeedsArgument extends SimpleModule {
        public NeedsArgument(String name) {
            super(name);
        }
    }

    public static class PrivateConstructor extends SimpleModule {
        private PrivateConstructor() {
        }
    }

    public static class Throwing extends SimpleModule {
        public Throwing() {
            throw new IllegalStateException("no configuration");
        }
    }
}
