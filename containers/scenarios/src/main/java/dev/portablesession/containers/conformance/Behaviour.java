package dev.portablesession.containers.conformance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One behaviour: the requests a browser sends, in order, and what it notes of each. A step is
 * either the query of a request to {@link Script#PATH} or a browser action:
 *
 * <ul>
 *   <li>{@code !clear}: a request that empties the listener log, not noted;
 *   <li>{@code !cookie=VALUE}: puts a session cookie in the jar; {@code #N} is the N-th session
 *       cookie received in this behaviour; empty removes it;
 *   <li>{@code !sleep=MILLIS}: waits;
 *   <li>{@code !await=TEXT}: reads the listener log, without the session cookie, until an event
 *       containing TEXT has come (an expiry, which happens without a request) and notes the events;
 *   <li>{@code !attr=NAME}: notes an attribute of the last response's session cookie;
 *   <li>{@code !par=QUERY|QUERY}: sends the requests at once, the second 150 ms after the first,
 *       and notes them in order.
 * </ul>
 *
 * @param section the part of the specification it belongs to, a heading of the report
 * @param name what it checks, unique in the suite
 */
public record Behaviour(String section, String name, List<String> steps) {

    /** The query of a request running {@code actions}. */
    static String run(String actions) {
        return "do=" + encode(actions);
    }

    /** The query of a request running {@code actions}, then dispatching, the target running {@code in}. */
    static String dispatch(String actions, String dispatch, String in) {
        return run(actions) + "&disp=" + dispatch + "&in=" + encode(in);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A behaviour whose steps each run the actions given, one request per string. */
    static Behaviour of(String section, String name, String... requests) {
        List<String> steps = new ArrayList<>();
        for (String request : requests) {
            steps.add(request.startsWith("!") || request.startsWith("do=") ? request : run(request));
        }
        return new Behaviour(section, name, List.copyOf(steps));
    }

    /** The same behaviour, bracketed by emptying the listener log and reading it at the end. */
    Behaviour withEvents() {
        List<String> bracketed = new ArrayList<>();
        bracketed.add("!clear");
        bracketed.addAll(steps);
        bracketed.add(run("events"));
        return new Behaviour(section, name, List.copyOf(bracketed));
    }

    /** The section and name, as the report and the list of known differences name it. */
    public String title() {
        return section + ": " + name;
    }
}
