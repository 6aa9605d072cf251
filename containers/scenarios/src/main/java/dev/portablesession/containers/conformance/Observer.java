package dev.portablesession.containers.conformance;

import dev.portablesession.testing.Browser;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a behaviour with a browser and writes down what it saw, as relations rather than values:
 * session ids become {@code id1}, {@code id2}… in the order they first appear, and times become
 * {@code T1}, {@code T2}… in the order of their values (equal times, equal names). Two runs that
 * behave alike write the same text whatever ids and clocks they met.
 */
final class Observer {

    private static final Pattern ID = Pattern.compile("#\\{([^}]*)}");
    private static final Pattern TIME = Pattern.compile("@\\{(-?\\d+)}");
    /** Jetty's cookie value and requested id carry its node name after the id. */
    private static final Pattern JETTY_NODE = Pattern.compile("\\.node\\d+$");

    /** How long {@code !await} waits: far longer than any expiry of the suite takes. */
    private static final int AWAIT_SECONDS = 20;

    private final Browser browser;
    private final String sessionCookie;
    private final List<URI> nodes;
    private final List<String> cookies = new ArrayList<>();
    private final boolean notesCookies;
    private Browser.Response last;

    /**
     * @param sessionCookie the name of the session cookie
     * @param nodes the servers, the browser alternating between them
     * @param notesCookies whether to note the session cookie of each response; only the
     *     behaviours about the cookie do, so one difference of the cookie does not show in all
     */
    Observer(String sessionCookie, List<URI> nodes, boolean notesCookies) {
        this.browser = new Browser(sessionCookie, nodes.toArray(URI[]::new));
        this.sessionCookie = sessionCookie;
        this.nodes = nodes;
        this.notesCookies = notesCookies;
    }

    /**
     * What a behaviour showed.
     *
     * @param text the notes of its steps, normalised
     * @param setCookies every {@code Set-Cookie} header the browser received
     */
    record Observation(String text, List<String> setCookies) {
    }

    /** Runs the behaviour with a new browser. */
    static Observation observe(Behaviour behaviour, String sessionCookie, List<URI> nodes) throws Exception {
        Observer observer = new Observer(sessionCookie, nodes, behaviour.section().equals(Behaviours.COOKIE));
        List<String> notes = new ArrayList<>();
        for (String step : behaviour.steps()) {
            String note = observer.step(step);
            if (note != null) {
                notes.add(note);
            }
        }
        return new Observation(normalise(String.join(" ⇒ ", notes)), observer.browser.setCookieHeaders());
    }

    private String step(String step) throws Exception {
        if (step.equals("!clear")) {
            browser.get(Script.PATH + "?" + Behaviour.run("events"));
            return null;
        }
        if (step.startsWith("!cookie=")) {
            String value = step.substring("!cookie=".length());
            browser.cookie(value.isEmpty() ? null : value.startsWith("#") ? cookies.get(Integer.parseInt(value.substring(1)) - 1) : value);
            return null;
        }
        if (step.startsWith("!sleep=")) {
            Thread.sleep(Long.parseLong(step.substring("!sleep=".length())));
            return null;
        }
        if (step.startsWith("!await=")) {
            return await(step.substring("!await=".length()));
        }
        if (step.startsWith("!attr=")) {
            return attribute(step.substring("!attr=".length()));
        }
        if (step.startsWith("!par=")) {
            String[] queries = step.substring("!par=".length()).split("\\|");
            // One browser per server sharing the jar, so the two requests go to different servers.
            CompletableFuture<Browser.Response> first = CompletableFuture.supplyAsync(
                    () -> browser.at(nodes.get(0)).get(Script.PATH + "?" + queries[0]));
            Thread.sleep(150);
            Browser.Response second = browser.at(nodes.get(nodes.size() - 1)).get(Script.PATH + "?" + queries[1]);
            Browser.Response firstResponse = first.get(30, TimeUnit.SECONDS);
            return note(firstResponse) + " ‖ " + note(second);
        }
        return note(browser.get(Script.PATH + "?" + step));
    }

    private String note(Browser.Response response) {
        last = response;
        StringBuilder note = new StringBuilder();
        if (response.status() != 200) {
            note.append(response.status()).append(' ');
        }
        if (response.status() < 400 || response.body().startsWith("[ERROR]")) {
            note.append(response.body());
        }
        if (response.location() != null) {
            note.append(" → ").append(URI.create(response.location()).getPath());
        }
        String cookie = response.sessionCookie();
        if (cookie != null) {
            String value = Browser.cookieValue(cookie);
            boolean expired = cookie.toLowerCase(Locale.ROOT).contains("max-age=0") || value.isEmpty();
            if (!expired && !cookies.contains(value)) {
                cookies.add(value);
            }
            if (notesCookies) {
                note.append(expired ? " {cookie expired}" : " {cookie " + Script.id(value) + "}");
            }
        }
        return note.toString().trim();
    }

    /**
     * Reads the listener log until an event containing {@code text} has come and a further read
     * brings nothing new, so the events that follow it in one expiry are noted too. The reads go
     * without the session cookie: a request presenting it would keep a container's session alive.
     */
    private String await(String text) throws InterruptedException {
        Browser cookieless = new Browser(sessionCookie, nodes.toArray(URI[]::new));
        List<String> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        boolean seen = false;
        while (System.nanoTime() < deadline) {
            String read = cookieless.get(Script.PATH + "?" + Behaviour.run("events")).body().substring("events=".length());
            if (seen && read.isEmpty()) {
                return "events: " + String.join(" / ", events);
            }
            if (!read.isEmpty()) {
                events.add(read);
            }
            seen = String.join(" / ", events).contains(text);
            Thread.sleep(100);
        }
        return "no " + text + " within " + AWAIT_SECONDS + " s; events: " + String.join(" / ", events);
    }

    private String attribute(String name) {
        String cookie = last == null ? null : last.sessionCookie();
        if (cookie == null) {
            return "no cookie";
        }
        if (name.equals("name")) {
            return cookie.substring(0, cookie.indexOf('='));
        }
        for (String part : cookie.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair[0].equalsIgnoreCase(name)) {
                return pair.length == 1 ? "present" : name.equalsIgnoreCase("Expires") ? "a date" : pair[1];
            }
        }
        return "absent";
    }

    /** Turns ids and times into names that keep only their relations. */
    static String normalise(String text) {
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher matcher = ID.matcher(text);
        while (matcher.find()) {
            ids.computeIfAbsent(bare(matcher.group(1)), id -> "id" + (ids.size() + 1));
        }
        StringBuilder named = new StringBuilder();
        matcher.reset();
        while (matcher.find()) {
            matcher.appendReplacement(named, Matcher.quoteReplacement(ids.get(bare(matcher.group(1)))));
        }
        matcher.appendTail(named);
        String result = named.toString();
        // Ids that appear bare, as in a rewritten URL: longest first, so no id is replaced inside another.
        List<String> raw = new ArrayList<>(ids.keySet());
        raw.sort(Comparator.comparingInt(String::length).reversed());
        for (String id : raw) {
            if (!id.isEmpty()) {
                result = result.replace(id, ids.get(id));
            }
        }
        TreeSet<Long> times = new TreeSet<>();
        Matcher time = TIME.matcher(result);
        while (time.find()) {
            times.add(Long.parseLong(time.group(1)));
        }
        List<Long> ordered = new ArrayList<>(times);
        StringBuilder timed = new StringBuilder();
        time.reset();
        while (time.find()) {
            long value = Long.parseLong(time.group(1));
            time.appendReplacement(timed, value <= 0 ? Long.toString(value) : "T" + (ordered.indexOf(value) + 1));
        }
        time.appendTail(timed);
        return timed.toString();
    }

    private static String bare(String id) {
        return JETTY_NODE.matcher(id).replaceFirst("");
    }
}
