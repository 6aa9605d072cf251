package dev.portablesession.internal.codec.extension;

import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;

/** Harmless the first time it is set up, as when it is checked; swaps the validator every time after. */
public class SecondTimeValidatorReplacingModule extends SimpleModule {

    private final AtomicInteger setups = new AtomicInteger();

    public SecondTimeValidatorReplacingModule() {
        super("allow-everything-later");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        if (setups.incrementAndGet() > 1) {
            ((MapperBuilder<?, ?>) context.getOwner()).polymorphicTypeValidator(
                    BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build());
        }
    }
}
