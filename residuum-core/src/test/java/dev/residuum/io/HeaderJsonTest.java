package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header's JSON codec: strict where general libraries are lenient. */
class HeaderJsonTest {
    private static String syntaxError(String text) {
        return assertThrows(HeaderJson.SyntaxError.class, () -> HeaderJson.parse(text)).getMessage();
    }

    @Test
    void parsesTheValuesAHeaderHolds() throws Exception {
        Object v = HeaderJson.parse(" {\"b\": [1, -2, 9223372036854775807, 9223372036854775808, 1.5, 2e3],"
                + " \"a\": {\"t\": true, \"f\": false, \"n\": null, \"s\": \"x\\u00e9\\n\\\"\"}} ");
        Map<?, ?> top = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(top.keySet()), "key order kept");
        assertEquals(Arrays.asList(1L, -2L, Long.MAX_VALUE, new BigInteger("9223372036854775808"), 1.5, 2000.0),
                top.get("b"));
        Map<?, ?> a = (Map<?, ?>) top.get("a");
        assertEquals(Boolean.TRUE, a.get("t"));
        assertEquals(Boolean.FALSE, a.get("f"));
        assertTrue(a.containsKey("n") && a.get("n") == null);
        assertEquals("x\u00e9\n\"", a.get("s"));
    }

    @Test
    void writtenStringsParseBackToThemselves() throws Exception {
        String tricky = "quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007 é 日本 \uD83D\uDE00";
        StringBuilder sb = new StringBuilder();
        HeaderJson.appendString(sb, tricky);
        assertEquals(tricky, HeaderJson.parse(sb.toString()));
        assertTrue(sb.chars().noneMatch(c -> c < 0x20), "no raw control characters in the output");
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
        assertTrue(syntaxError("\"a\tb\"").contains("unescaped control character U+0009"));
        assertTrue(syntaxError("\"\\x\"").contains("invalid escape"));
        assertTrue(syntaxError("\"\\u12zz\"").contains("invalid \\u escape"));
        assertTrue(syntaxError("\"\\u12").contains("truncated \\u escape"));
        assertTrue(syntaxError("{'a':1}").contains("expected a string key, found '''"));
        assertTrue(syntaxError("{} {}").contains("after the JSON value"));
        assertTrue(syntaxError("").contains("unexpected end of the header"));
        assertTrue(syntaxError("tru").contains("unexpected 't'"));
    }

    @Test
    void limitsNesting() throws Exception {
        String ok = "[".repeat(HeaderJson.MAX_DEPTH) + "]".repeat(HeaderJson.MAX_DEPTH);
        HeaderJson.parse(ok);
        String deep = "[".repeat(HeaderJson.MAX_DEPTH + 1) + "]".repeat(HeaderJson.MAX_DEPTH + 1);
        assertTrue(syntaxError(deep).contains("nesting deeper than 64 levels at character 64"));
    }

    @Test
    void quotesFileTextOnOneShortLine() {
        assertEquals("\"a\\nb\"", HeaderJson.quote("a\nb"));
        String quoted = HeaderJson.quote("x".repeat(500));
        assertEquals(80 + 5, quoted.length(), "80 characters, '...' and the quotes");
        assertTrue(quoted.endsWith("x...\""));
    }
}
