package io.camelstable.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.camelstable.buffer.StableBuffer;
import io.camelstable.guardrail.MetricGuardrail;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.TimeUtils;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a gateway definition from YAML, one gateway per file (the format is in {@code docs/gateway.md}). Keys are
 * strict: an unknown one is an error naming the key, the file and the line. Option values are read as the text
 * written, so they meet exactly the checks a {@code stable:} URI's values meet.
 *
 * <pre>
 * id: checkout
 * maxConcurrentRequests: 10
 * options: { attempts: 2, wait: 100ms }
 * groups:
 *   - id: inventory
 *     options: { attempts: 3 }
 * items:
 *   - id: stock-a
 *     groupId: inventory
 *     request: http://127.0.0.1:8080/stock/a
 *   - id: tax
 *     function: taxCalculator
 * </pre>
 */
public final class GatewayYaml {

    private static final Set<String> GATEWAY_KEYS = Set.of("id", "concurrentExecution", "maxConcurrentRequests",
            "stopOnFirstError", "enableRacing", "maxTimeout", "sharedBuffer", "executionContext", "guardrails", "options",
            "groups", "items");
    private static final Set<String> GROUP_KEYS = Set.of("id", "options");
    private static final Set<String> ITEM_KEYS = Set.of("id", "groupId", "request", "function", "arguments", "body", "headers",
            "options");
    private static final Set<String> BOUND_KEYS = Set.of("min", "max", "expected", "tolerance");

    private final String source;
    private final CamelContext context;

    private GatewayYaml(String source, CamelContext context) {
        this.source = source;
        this.context = context;
    }

    /**
     * @param  context                    resolves the location and {@code #bean} references
     * @param  location                   {@code classpath:gateways/checkout.yaml}, {@code file:/etc/gateways/x.yaml}
     * @return                            the definition
     * @throws GatewayDefinitionException when the file is missing or not a valid gateway
     */
    public static GatewayDefinition load(CamelContext context, String location) {
        String text;
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, location)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GatewayDefinitionException("Cannot read the gateway definition " + location + ": " + e.getMessage(), e);
        }
        return parse(text, location, context);
    }

    /**
     * @param  yaml                       the YAML text
     * @param  source                     where it came from, for messages
     * @param  context                    resolves {@code #bean} references
     * @return                            the definition
     * @throws GatewayDefinitionException when it is not a valid gateway
     */
    public static GatewayDefinition parse(String yaml, String source, CamelContext context) {
        Node root;
        try {
            // the YAML 1.2 core schema, where ~ is null as hand-written files expect (the default JSON schema knows only null)
            root = new Compose(LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).build()).composeString(yaml)
                    .orElseThrow(() -> new GatewayDefinitionException(source + ": the file is empty"));
        } catch (YamlEngineException e) {
            throw new GatewayDefinitionException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        return new GatewayYaml(source, context).gateway(root);
    }

    // ---- the structure ----------------------------------------------------------------------------------------

    private GatewayDefinition gateway(Node root) {
        Map<String, Node> keys = mapping(root, "the gateway", GATEWAY_KEYS);
        Node id = keys.get("id");
        if (id == null) {
            throw error(root, "the gateway needs an id");
        }
        GatewayDefinition d = at(id, () -> Gateway.define(text(id)));
        keys.forEach((key, node) -> at(node, () -> {
            switch (key) {
                case "concurrentExecution" -> d.concurrent(bool(node, key));
                case "maxConcurrentRequests" -> d.maxConcurrentRequests(whole(node, key));
                case "stopOnFirstError" -> d.stopOnFirstError(bool(node, key));
                case "enableRacing" -> d.racing(bool(node, key));
                case "maxTimeout" -> d.maxTimeout(duration(node, key));
                case "sharedBuffer" -> d.sharedBuffer(buffer(node));
                case "executionContext" -> mapping(node, key, null).forEach((k, v) -> d.executionContext(k, plain(v)));
                case "guardrails" -> guardrails(node, d);
                case "options" -> options(node, d::option);
                case "groups" -> sequence(node, key).forEach(g -> group(g, d));
                default -> {
                    // id is read first; items after the groups they name, whatever the order in the file
                }
            }
            return d;
        }));
        Node items = keys.get("items");
        if (items != null) {
            sequence(items, "items").forEach(i -> item(i, d));
        }
        return d;
    }

    private void group(Node node, GatewayDefinition d) {
        Map<String, Node> keys = mapping(node, "a group", GROUP_KEYS);
        String id = required(node, keys, "id", "a group");
        at(node, () -> d.group(id, g -> {
            if (keys.containsKey("options")) {
                options(keys.get("options"), g::option);
            }
        }));
    }

    private void item(Node node, GatewayDefinition d) {
        Map<String, Node> keys = mapping(node, "an item", ITEM_KEYS);
        String id = required(node, keys, "id", "an item");
        Node request = keys.get("request");
        Node function = keys.get("function");
        if ((request == null) == (function == null)) {
            throw error(node, "item '" + id + "' needs exactly one of request (an endpoint URI) or function (a bean name)");
        }
        Consumer<ItemDefinition> spec = i -> {
            if (keys.containsKey("groupId")) {
                i.group(text(keys.get("groupId")));
            }
            if (keys.containsKey("arguments")) {
                i.arguments(plain(keys.get("arguments")));
            }
            if (keys.containsKey("body")) {
                i.body(plain(keys.get("body")));
            }
            if (keys.containsKey("headers")) {
                mapping(keys.get("headers"), "headers", null).forEach((name, value) -> i.header(name, plain(value)));
            }
            if (keys.containsKey("options")) {
                options(keys.get("options"), i::option);
            }
        };
        at(node, () -> request != null ? d.request(id, text(request), spec) : d.function(id, text(function), spec));
    }

    private void guardrails(Node node, GatewayDefinition d) {
        mapping(node, "guardrails", null).forEach((metric, boundsNode) -> at(boundsNode, () -> {
            Map<String, Node> bounds = mapping(boundsNode, "guardrail " + metric, BOUND_KEYS);
            return d.guardrail(metric, new MetricGuardrail(number(bounds.get("min")), number(bounds.get("max")),
                    number(bounds.get("expected")), number(bounds.get("tolerance"))));
        }));
    }

    /** Option values as written: scalars as their text, lists joined by commas, maps (context, guardrail) nested. */
    private void options(Node node, BiConsumer<String, Object> setter) {
        mapping(node, "options", null).forEach((name, value) -> at(value, () -> {
            setter.accept(name, optionValue(value));
            return name;
        }));
    }

    private Object optionValue(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? null : s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            StringJoiner joined = new StringJoiner(",");
            seq.getValue().forEach(v -> joined.add(text(v)));
            return joined.toString();
        }
        Map<String, Object> nested = new LinkedHashMap<>();
        mapping(node, "an option", null).forEach((k, v) -> nested.put(k, optionValue(v)));
        return nested;
    }

    // ---- values -------------------------------------------------------------------------------------------

    private Map<String, Object> buffer(Node node) {
        String ref = text(node);
        String name = ref.startsWith("#bean:") ? ref.substring(6) : ref.startsWith("#") ? ref.substring(1) : null;
        Object bean = name == null ? null : context.getRegistry().lookupByName(name);
        if (bean instanceof StableBuffer stable) {
            return stable.view();
        }
        if (!(bean instanceof Map<?, ?>)) {
            throw error(node, "sharedBuffer: " + ref + ". Allowed: #name of a java.util.Map or StableBuffer bean in the"
                              + " registry");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) bean;
        return map;
    }

    private boolean bool(Node node, String key) {
        String v = text(node);
        if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
            throw error(node, key + ": " + v + ". Allowed: true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private int whole(Node node, String key) {
        try {
            return Integer.parseInt(text(node));
        } catch (NumberFormatException e) {
            throw error(node, key + ": " + text(node) + ". Allowed: a whole number");
        }
    }

    private Duration duration(Node node, String key) {
        try {
            return Duration.ofMillis(TimeUtils.toMilliSeconds(text(node)));
        } catch (RuntimeException e) {
            throw error(node, key + ": " + text(node) + ". Allowed: milliseconds or a duration such as 500ms, 2s or 1m");
        }
    }

    private Double number(Node node) {
        if (node == null) {
            return null;
        }
        try {
            return Double.parseDouble(text(node));
        } catch (NumberFormatException e) {
            throw error(node, text(node) + ". Allowed: a number");
        }
    }

    /** A YAML value as plain Java: numbers, booleans, strings, lists and maps. */
    private Object plain(Node node) {
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String v = s.getValue();
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(v);
            }
            try {
                if (tag.equals(Tag.INT)) {
                    long whole = Long.parseLong(v);
                    if (whole == (int) whole) {
                        return (int) whole;
                    }
                    return whole;
                }
                if (tag.equals(Tag.FLOAT)) {
                    return Double.valueOf(v);
                }
            } catch (NumberFormatException e) {
                // octal, hexadecimal or .inf: kept as written
            }
            return v;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            seq.getValue().forEach(v -> list.add(plain(v)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        mapping(node, "a value", null).forEach((k, v) -> map.put(k, plain(v)));
        return map;
    }

    // ---- nodes --------------------------------------------------------------------------------------------

    /** @param allowed the keys allowed, or null for any */
    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping of keys to values");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = text(t.getKeyNode());
            if (allowed != null && !allowed.contains(key)) {
                throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + ". Allowed: " + new TreeSet<>(allowed));
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), "key '" + key + "' is given twice in " + what);
            }
        }
        return out;
    }

    private List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, what + " must be a list");
        }
        return s.getValue();
    }

    private String required(Node node, Map<String, Node> keys, String key, String what) {
        Node value = keys.get(key);
        if (value == null) {
            throw error(node, what + " needs " + key);
        }
        return text(value);
    }

    private String text(Node node) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, "a single value is expected here");
        }
        return s.getValue();
    }

    /** Runs a step, prefixing a definition error with the file and line of the node it came from. */
    private <T> T at(Node node, Supplier<T> step) {
        try {
            return step.get();
        } catch (GatewayDefinitionException e) {
            if (e.getMessage().startsWith(source + ":")) {
                throw e;
            }
            throw new GatewayDefinitionException(location(node) + ": " + e.getMessage(), e);
        }
    }

    private GatewayDefinitionException error(Node node, String message) {
        return new GatewayDefinitionException(location(node) + ": " + message);
    }

    private String location(Node node) {
        return source + node.getStartMark().map(m -> ":" + (m.getLine() + 1)).orElse("");
    }
}
