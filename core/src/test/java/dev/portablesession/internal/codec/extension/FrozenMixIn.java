package dev.portablesession.internal.codec.extension;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The creator {@code fixture.Frozen} lacks, for a class whose source cannot be annotated. */
public abstract class FrozenMixIn {

    @JsonCreator
    FrozenMixIn(@JsonProperty("code") String code, @JsonProperty("level") int level) {
    }
}
