package io.camelstable.function;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Calls a named public method of a bean. Written by hand instead of Camel's bean component because the
 * method is resolved once, at configuration time, and each call skips the parameter binding that costs
 * about 300 ns and 460 B per call (DESIGN §9b). Binding: a parameter of type {@link Exchange} or
 * {@link Message} gets that; one other parameter gets the arguments (the body in routes), converted by
 * Camel's type converter; several get the elements of an array or list.
 */
final class MethodInvoker implements FunctionInvoker {

    private final Object bean;
    private final List<Method> candidates;

    private MethodInvoker(Object bean, List<Method> candidates) {
        this.bean = bean;
        this.candidates = candidates;
        candidates.forEach(m -> m.setAccessible(true));
    }

    static MethodInvoker of(Object bean, String name) {
        List<Method> found = new ArrayList<>();
        for (Method m : bean.getClass().getMethods()) {
            if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && !m.isBridge()) {
                found.add(m);
            }
        }
        if (found.isEmpty()) {
            throw new InvalidOptionException("method", name, "a public method of " + bean.getClass().getName()
                    + ": " + publicMethods(bean));
        }
        return new MethodInvoker(bean, found);
    }

    static MethodInvoker single(Object bean) {
        List<Method> own = new ArrayList<>();
        for (Method m : bean.getClass().getMethods()) {
            if (m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers()) && !m.isBridge()) {
                own.add(m);
            }
        }
        if (own.size() != 1) {
            throw new InvalidOptionException("method", null, "the bean " + bean.getClass().getName()
                    + " is not a Function, Supplier, Callable or Processor, so name its method with ?method= (one of: "
                    + publicMethods(bean) + ")");
        }
        return new MethodInvoker(bean, own);
    }

    private static String publicMethods(Object bean) {
        return Arrays.stream(bean.getClass().getMethods()).filter(m -> m.getDeclaringClass() != Object.class)
                .map(Method::getName).distinct().sorted().collect(Collectors.joining(", "));
    }

    @Override
    public Object invoke(Exchange exchange, Object arguments) throws Exception {
        Object input = FunctionInvoker.argumentOf(exchange, arguments);
        Object[] values = input instanceof Object[] array ? array
                : input instanceof List<?> list ? list.toArray() : null;
        Method method = pick(values);
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        int next = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Exchange.class) {
                args[i] = exchange;
            } else if (types[i] == Message.class) {
                args[i] = exchange == null ? null : exchange.getMessage();
            } else if (countValueParameters(types) == 1) {
                args[i] = convert(exchange, types[i], input);
            } else {
                args[i] = convert(exchange, types[i], values == null ? null : values[next++]);
            }
        }
        try {
            return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    private Method pick(Object[] values) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        for (Method m : candidates) {
            int n = countValueParameters(m.getParameterTypes());
            if (values != null ? n == values.length : n <= 1) {
                return m;
            }
        }
        throw new IllegalArgumentException("No overload of " + candidates.get(0).getName() + " takes "
                + (values == null ? "one argument" : values.length + " arguments"));
    }

    private static int countValueParameters(Class<?>[] types) {
        int n = 0;
        for (Class<?> t : types) {
            if (t != Exchange.class && t != Message.class) {
                n++;
            }
        }
        return n;
    }

    private static Object convert(Exchange exchange, Class<?> type, Object value) throws Exception {
        if (value == null || type.isInstance(value) || exchange == null) {
            return value;
        }
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(type, exchange, value);
    }
}
