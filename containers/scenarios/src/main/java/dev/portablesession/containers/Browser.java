package dev.portablesession.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client holding one session cookie that sends each request to the next node in turn, as a
 * round-robin load balancer would. Redirects are not followed. Every response is checked for
 * what must never happen on any container: more than one session cookie in one response.
 */
public final class Browser {

    /** The filter's default cookie name. */
    public static final String COOKIE = "SESSION";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final List<Node> nodes;
    private final List<String> setCookies = new ArrayList<>();
    private int next;
    private String cookie;

    public Browser(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** GET on the next node. */
    public Response get(String pathAndQuery) {
        return get(nextNode(), pathAndQuery);
    }

    /** GET on a chosen node, without advancing the rotation. */
    public Response get(Node node, String pathAndQuery) {
        return send(node, pathAndQuery, cookie == null ? null : COOKIE + "=" + cookie);
    }

    /** GET on the next node with this exact {@code Cookie} header instead of the held cookie. */
    public Response getWithCookieHeader(String pathAndQuery, String cookieHeader) {
        return send(nextNode(), pathAndQuery, cookieHeader);
    }

    /**
     * GET on the next node, completing as soon as the status line and headers arrive, while the
     * server may still be inside the request.
     */
    public CompletableFuture<HttpResponse<InputStream>> open(String pathAndQuery) {
        return HTTP.sendAsync(request(nextNode(), pathAndQuery, cookie == null ? null : COOKIE + "=" + cookie),
                HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
                    remember(response.headers().allValues("Set-Cookie"));
                    return response;
                });
    }

    /** The session id the browser holds, or null. */
    public String cookie() {
        return cookie;
    }

    /** Presents this session id from now on; null for none. */
    public void cookie(String value) {
        cookie = value;
    }

    /** Every {@code Set-Cookie} header received so far. */
    public List<String> setCookieHeaders() {
        return List.copyOf(setCookies);
    }

    private Node nextNode() {
        return nodes.get(next++ % nodes.size());
    }

    private Response send(Node node, String pathAndQuery, String cookieHeader) {
        try {
            HttpResponse<String> response = HTTP.send(request(node, pathAndQuery, cookieHeader), HttpResponse.BodyHandlers.ofString());
            List<String> cookies = response.headers().allValues("Set-Cookie");
            remember(cookies);
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("X-Served-By").orElse(null),
                    cookies, response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue(FirstInChainProbe.HEADER).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(Node node, String pathAndQuery, String cookieHeader) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(node.uri(pathAndQuery)).timeout(Duration.ofSeconds(60)).GET();
        if (cookieHeader != null) {
            builder.header("Cookie", cookieHeader);
        }
        return builder.build();
    }

    private synchronized void remember(List<String> headers) {
        List<String> ours = headers.stream().filter(h -> h.startsWith(COOKIE + "=")).toList();
        if (ours.size() > 1) {
            throw new AssertionError("one response set the session cookie " + ours.size() + " times: " + ours);
        }
        setCookies.addAll(headers);
        for (String header : ours) {
            cookie = header.contains("Max-Age=0") ? null : valueOf(header);
        }
    }

    /** The value of a {@code Set-Cookie} header. */
    public static String valueOf(String setCookie) {
        int end = setCookie.indexOf(';');
        return setCookie.substring(setCookie.indexOf('=') + 1, end < 0 ? setCookie.length() : end);
    }

    /** A whole response. */
    public record Response(int status, String body, String servedBy, List<String> setCookies, String location,
            String probe) {

        /** The one session {@code Set-Cookie} header of this response, or null. */
        public String sessionCookie() {
            return setCookies.stream().filter(h -> h.startsWith(COOKIE + "=")).findFirst().orElse(null);
        }
    }
}
