package dev.portablesession.example;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal browser for the tests: real HTTP, redirects not followed (the tests look at them), and a cookie jar the
 * tests can copy, replay and share between servers.
 */
final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final Map<String, String> cookies;

    Browser(URI base) {
        this(base, new LinkedHashMap<>());
    }

    private Browser(URI base, Map<String, String> cookies) {
        this.base = base;
        this.cookies = cookies;
    }

    /** The same browser (same cookie jar) pointed at another server. */
    Browser at(URI otherBase) {
        return new Browser(otherBase, cookies);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Follows a redirect the way a browser would: a GET of its Location. */
    HttpResponse<String> follow(HttpResponse<String> redirect) throws IOException, InterruptedException {
        String location = redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in a " + redirect.statusCode()));
        return send(HttpRequest.newBuilder(redirect.uri().resolve(location)).timeout(Duration.ofSeconds(30)).GET());
    }

    /** {@code GET /api/session}, parsed. */
    Map<String, Object> session() throws IOException, InterruptedException {
        return json(get("/api/session"));
    }

    Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    void replaceCookies(Map<String, String> replacement) {
        cookies.clear();
        cookies.putAll(replacement);
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200 but got " + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    static String servedBy(HttpResponse<?> response) {
        return response.headers().firstValue("X-Served-By")
                .orElseThrow(() -> new AssertionError("no X-Served-By on " + response.uri()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        response.headers().allValues("Set-Cookie").forEach(this::store);
        return response;
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int equals = parts[0].indexOf('=');
        String name = parts[0].substring(0, equals).trim();
        String value = parts[0].substring(equals + 1).trim();
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            String lower = attribute.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("max-age=")) {
                expired |= Long.parseLong(attribute.substring("max-age=".length()).trim()) <= 0;
            } else if (lower.startsWith("expires=")) {
                expired |= isPast(attribute.substring("expires=".length()).trim());
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private static boolean isPast(String date) {
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).isBefore(ZonedDateTime.now());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
