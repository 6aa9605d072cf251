package dev.portablesession.internal.codec.extension;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Gives {@code fixture.Holder}'s field class-name type ids of its own, as framework mix-ins do. */
public abstract class TypedHolderMixIn {

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type")
    public Object value;
}
