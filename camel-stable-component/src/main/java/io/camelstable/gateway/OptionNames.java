package io.camelstable.gateway;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.camelstable.component.RawOptionCheck;
import io.camelstable.component.StableConfiguration;
import io.camelstable.guardrail.MetricsGuardrails;
import org.apache.camel.spi.UriParam;

/**
 * The options a gateway, group or item may set: exactly the {@code stable:request} / {@code stable:function}
 * endpoint options, read from {@link StableConfiguration}'s {@code @UriParam} fields by label, so a new option is
 * cascadable the day it is added. Values are checked here as they are set, by the same checks as URIs.
 */
final class OptionNames {

    /** Labels of the options that shape one execution; the others (gateway, buffer, common) belong to endpoints. */
    private static final Set<String> EXECUTION_LABELS = Set.of("retry", "hooks", "breaker", "limits", "cache",
            "guardrails", "trial", "security", "advanced", "function");
    private static final String CONTEXT = "context.";
    private static final String GUARDRAIL = "guardrail.";
    private static final Set<String> NAMES = names();

    private OptionNames() {
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Field field : StableConfiguration.class.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            if (param != null && param.prefix().isEmpty() && EXECUTION_LABELS.contains(param.label())) {
                names.add(param.name().isEmpty() ? field.getName() : param.name());
            }
        }
        return Set.copyOf(names);
    }

    /**
     * Checks one option as a level sets it and returns the entries to store: a map given for
     * {@code executionContext} or {@code guardrail} becomes prefixed entries ({@code context.k},
     * {@code guardrail.metric.max}) so that each cascades on its own; plain values become their text, checked and
     * normalised as a URI's would be.
     *
     * @param  where                      the level, for messages ("group 'inventory' of gateway 'checkout'")
     * @param  name                       the option
     * @param  value                      its value; null means "inherit" and is kept as null
     * @return                            option names to stored values
     * @throws GatewayDefinitionException naming the level, option, value and what is allowed
     */
    static Map<String, Object> check(String where, String name, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (("executionContext".equals(name) || "context".equals(name)) && value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(CONTEXT + k, v));
        } else if ("guardrail".equals(name) && value instanceof Map<?, ?> map) {
            flatten(GUARDRAIL, map, out);
        } else {
            out.put(name, value);
        }
        for (Map.Entry<String, Object> e : out.entrySet()) {
            e.setValue(checkOne(where, e.getKey(), e.getValue()));
        }
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                flatten(prefix + k + ".", nested, out);
            } else {
                out.put(prefix + k, v);
            }
        });
    }

    private static Object checkOne(String where, String name, Object value) {
        if (name.startsWith(CONTEXT)) {
            return value;
        }
        boolean guardrail = name.startsWith(GUARDRAIL);
        if (!guardrail && !NAMES.contains(name)) {
            throw new GatewayDefinitionException(where + ": unknown option '" + name + "'. Allowed: the stable:request and"
                    + " stable:function options " + NAMES + ", context.<key> and guardrail.<metric>.<bound>");
        }
        if (value == null) {
            return null;
        }
        Object text = textOf(value);
        try {
            if (guardrail) {
                MetricsGuardrails.fromProperties(Map.of(name.substring(GUARDRAIL.length()), text));
                return text;
            }
            Map<String, Object> one = new HashMap<>();
            one.put(name, text);
            RawOptionCheck.check(one);
            return one.get(name);
        } catch (IllegalArgumentException e) {
            throw new GatewayDefinitionException(where + ": " + e.getMessage(), e);
        }
    }

    /** Scalars become the text a URI would carry, so they meet the same checks; beans and maps stay as they are. */
    private static Object textOf(Object value) {
        if (value instanceof Duration d) {
            return String.valueOf(d.toMillis());
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return String.valueOf(value);
        }
        return value;
    }
}
