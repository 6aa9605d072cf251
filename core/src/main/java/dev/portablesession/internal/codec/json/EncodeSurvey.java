package dev.portablesession.internal.codec.json;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every refusal in one value's object graph, found by writing the value a second time after the
 * first refusal, with the checks noting instead of throwing: one message then names every class
 * to allow and every class that lacks a creator, so one change of the setting (one restart) is
 * enough. Only ever runs after a refusal, so a value that encodes costs nothing more.
 */
final class EncodeSurvey {

    private static final ThreadLocal<EncodeSurvey> CURRENT = new ThreadLocal<>();

    /** Element classes outside the allow-list, in the order met. */
    final Set<String> rejected = new LinkedHashSet<>();
    /** What Jackson lacks to build a class again, one line per class. */
    final Set<String> uncreatable = new LinkedHashSet<>();

    private EncodeSurvey() {
    }

    /** The survey running on this thread, or null while encoding normally. */
    static EncodeSurvey current() {
        return CURRENT.get();
    }

    /** Runs the write with a survey on this thread and returns what it found. */
    static EncodeSurvey of(Runnable write) {
        EncodeSurvey survey = new EncodeSurvey();
        CURRENT.set(survey);
        try {
            write.run();
        } catch (RuntimeException stopped) {
            // What the survey found before another failure stopped it is still reported.
        } finally {
            CURRENT.remove();
        }
        return survey;
    }

    int size() {
        return rejected.size() + uncreatable.size();
    }
}
