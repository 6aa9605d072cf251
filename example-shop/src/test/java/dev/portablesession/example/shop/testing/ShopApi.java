package dev.portablesession.example.shop.testing;

import dev.portablesession.testing.Browser;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The shop's JSON answers ({@code /api/*}) as maps, for the examples' tests. */
public final class ShopApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ShopApi() {
    }

    /** {@code GET /api/session} through {@code browser}, parsed. */
    public static Map<String, Object> session(Browser browser) {
        return json(browser.get("/api/session"));
    }

    /**
     * The body of a 200 response as a JSON object.
     *
     * @throws AssertionError when the status is not 200
     */
    public static Map<String, Object> json(Browser.Response response) {
        if (response.status() != 200) {
            throw new AssertionError("expected 200 but got " + response.status() + ": " + response.body());
        }
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }
}
