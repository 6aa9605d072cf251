package dev.portablesession.internal.codec.extension;

import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;

/** Turns on Jackson's own default typing, with a validator that allows every class. */
public class DefaultTypingModule extends SimpleModule {

    public DefaultTypingModule() {
        super("default-typing");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        ((MapperBuilder<?, ?>) context.getOwner()).activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build(), DefaultTyping.NON_FINAL);
    }
}
