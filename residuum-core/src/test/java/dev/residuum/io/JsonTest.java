package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's JSON codec: strict where general libraries are lenient, exact and stable when writing. */
class JsonTest {
    private static String syntaxError(String text) {
        return assertThrows(JsonException.class, () -> Json.parse(text)).getMessage();
    }

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"b\": [1, -2, 9223372036854775807, 9223372036854775808, 1.5, 2e3],"
                + " \"a\": {\"t\": true, \"f\": false, \"n\": null, \"s\": \"x\\u00e9\\n\\\"\"}} ");
        JsonObject top = (JsonObject) v;
        assertEquals(List.of("b", "a"), List.copyOf(top.names()), "key order kept");
        assertEquals(Arrays.asList(1L, -2L, Long.MAX_VALUE, new BigInteger("9223372036854775808"), 1.5, 2000.0),
                top.get("b"));
        JsonObject a = top.object("a");
        assertEquals(Boolean.TRUE, a.get("t"));
        assertEquals(Boolean.FALSE, a.get("f"));
        assertTrue(a.has("n") && a.get("n") == null);
        assertEquals("x\u00e9\n\"", a.get("s"));
    }

    @Test
    void writtenStringsParseBackToThemselves() {
        String tricky = "quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007 é 日本 \uD83D\uDE00";
        String written = Json.string(tricky);
        assertEquals(tricky, Json.parse(written));
        assertTrue(written.chars().noneMatch(c -> c < 0x20), "no raw control characters in the output");
        String keyed = Json.write(new JsonObject().put(tricky, tricky));
        assertEquals(tricky, Json.parseObject(keyed).string(tricky));
    }

    @Test
    void rejectsWhatJsonForbids() {
        assertTrue(syntaxError("{\"a\":1,\"a\":2}").startsWith("duplicate key \"a\" at character 7"));
        assertTrue(syntaxError("{\"a\":1,}").contains("expected a string key"));
        assertTrue(syntaxError("[1,]").contains("unexpected ']'"));
        assertTrue(syntaxError("[01]").contains("expected ',' or ']'"));
        assertTrue(syntaxError("[1.]").contains("digits must follow '.'"));
        assertTrue(syntaxError("[+1]").contains("unexpected '+'"));
        assertTrue(syntaxError("[NaN]").contains("unexpected 'N'"));
        assertTrue(syntaxError("[Infinity]").contains("unexpected 'I'"));
        assertTrue(syntaxError("\"a\tb\"").contains("unescaped control character U+0009"));
        assertTrue(syntaxError("\"\\x\"").contains("invalid escape"));
        assertTrue(syntaxError("\"\\u12zz\"").contains("invalid \\u escape"));
        assertTrue(syntaxError("\"\\u12").contains("truncated \\u escape"));
        assertTrue(syntaxError("{'a':1}").contains("expected a string key, found '''"));
        assertTrue(syntaxError("{} {}").contains("after the JSON value"));
        assertTrue(syntaxError("").contains("unexpected end of the text"));
        assertTrue(syntaxError("tru").contains("unexpected 't'"));
        assertEquals(3, assertThrows(JsonException.class, () -> Json.parse("[1,]")).offset());
        assertTrue(assertThrows(JsonException.class, () -> Json.parseObject("[1]")).getMessage()
                .contains("expected a JSON object, got [1]"));
    }

    @Test
    void limitsNesting() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(syntaxError(deep).contains("nesting deeper than 64 levels at character 64"));
    }

    @Test
    void quotesFileTextOnOneShortLine() {
        assertEquals("\"a\\nb\"", Json.quote("a\nb"));
        String quoted = Json.quote("x".repeat(500));
        assertEquals(80 + 5, quoted.length(), "80 characters, '...' and the quotes");
        assertTrue(quoted.endsWith("x...\""));
        assertEquals("\"\\ud800\"", Json.quote("\uD800"), "a message never fails, even on broken text");
    }

    @Test
    void writesNumbersExactlyAndNeverAnInvalidToken() {
        JsonObject o = new JsonObject().put("n", 763.0).put("third", 1.0 / 3).put("small", 1e-5).put("float", 0.1f)
                .put("big", 1e300).put("long", Long.MIN_VALUE).put("nan", Double.NaN)
                .put("inf", Float.NEGATIVE_INFINITY).put("array", new double[] {1, 0.5, Double.POSITIVE_INFINITY});
        String text = o.toString();
        assertEquals("{\"n\": 763, \"third\": 0.3333333333333333, \"small\": 1.0e-5, \"float\": 0.1, \"big\": 1.0e300,"
                + " \"long\": -9223372036854775808, \"nan\": null, \"inf\": null, \"array\": [1, 0.5, null]}", text);
        JsonObject back = Json.parseObject(text);
        assertEquals(1.0 / 3, back.number("third"), 0);
        assertEquals(763, back.integer("n"));
        assertEquals(1e-5, back.number("small"), 0);
        assertEquals(Long.MIN_VALUE, back.integer("long"));
    }

    @Test
    void keepsAStableKeyOrder() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        Map<String, Object> unordered = new HashMap<>();
        for (String k : List.of("q", "b", "x", "a", "m")) {
            unordered.put(k, k);
        }
        assertEquals("{\"z\": 1, \"a\": 2}", Json.write(ordered));
        assertEquals("{\"a\": \"a\", \"b\": \"b\", \"m\": \"m\", \"q\": \"q\", \"x\": \"x\"}", Json.write(unordered));
        assertEquals("{\"b\": 1, \"a\": [true, null]}",
                Json.write(new JsonObject().put("b", 1).put("a", Arrays.asList(true, null))));
    }

    @Test
    void writesThreeStyles() {
        JsonObject o = new JsonObject().put("a", List.of(1, 2)).put("b", new JsonObject()).put("c", List.of());
        assertEquals("{\"a\": [1, 2], \"b\": {}, \"c\": []}", Json.write(o, Json.Style.LINE));
        assertEquals("{\"a\":[1,2],\"b\":{},\"c\":[]}", Json.write(o, Json.Style.COMPACT));
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}", Json.write(o, Json.Style.INDENTED));
        for (Json.Style style : Json.Style.values()) {
            assertEquals(Json.parse(Json.write(o, Json.Style.COMPACT)), Json.parse(Json.write(o, style)), style.name());
        }
    }

    @Test
    void refusesWhatJsonCannotHold() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Json.write(new JsonObject().put("x", new JsonObject().put("when", new Object()))));
        assertTrue(type.getMessage().contains("unsupported value type java.lang.Object at $.x.when"), type.getMessage());
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> Json.write(List.of("ok", "bad\uD800")));
        assertTrue(surrogate.getMessage().contains("at $[1] is not valid Unicode"), surrogate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> new JsonObject().put("a", 1).put("a", 2));
    }

    @Test
    void typedFieldsNameWhatIsWrong() {
        JsonObject o = Json.parseObject("{\"step\": 2.5, \"name\": \"w\", \"big\": 99999999999999999999}");
        assertEquals("field \"step\": expected an integer, got 2.5",
                assertThrows(JsonException.class, () -> o.integer("step")).getMessage());
        assertEquals("field \"big\": expected an integer that fits in 64 bits, got 99999999999999999999",
                assertThrows(JsonException.class, () -> o.integer("big")).getMessage());
        assertEquals("field \"name\": expected a number, got \"w\"",
                assertThrows(JsonException.class, () -> o.number("name")).getMessage());
        assertEquals("no field \"epoch\" (fields: step, name, big)",
                assertThrows(JsonException.class, () -> o.string("epoch")).getMessage());
        assertEquals(-1, assertThrows(JsonException.class, () -> o.bool("name")).offset());
        assertEquals(2.5, o.number("step"), 0);
        assertEquals("w", o.string("name"));
    }
}
