package dev.portablesession.internal.codec.extension;

import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;

/** Swaps in a validator that allows every class, as the last module of {@code SecurityJacksonModules.getModules} swaps in Spring's. */
public class ValidatorReplacingModule extends SimpleModule {

    public ValidatorReplacingModule() {
        super("allow-everything");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        ((MapperBuilder<?, ?>) context.getOwner()).polymorphicTypeValidator(
                BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build());
    }
}
