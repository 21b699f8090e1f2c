package io.camelstable.component;

import io.camelstable.cache.ArgumentCachePolicy;
import io.camelstable.cache.CachePolicy;
import io.camelstable.engine.Attempt;
import io.camelstable.function.FunctionAttempt;
import io.camelstable.function.FunctionInvoker;
import io.camelstable.function.FunctionInvokers;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.request.DelegateAttempt;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.CamelContextHelper;

/**
 * {@code stable:function:<bean>[?method=m]}: calls a registry bean that is a {@code Function} (given the
 * body), {@code Supplier}, {@code Callable}, {@code Processor} (given a copy of the exchange per attempt),
 * or the named public method. A missing bean or method fails when the endpoint is created.
 */
public class StableFunctionEndpoint extends StableEndpoint {

    private Object bean;
    private FunctionInvoker invoker;

    /**
     * @param function the function to call instead of a registry bean (a gateway item written in Java), or null to
     *                 look the target up in the registry
     */
    StableFunctionEndpoint(String uri, StableComponent component, StableConfiguration configuration, Object function) {
        super(uri, component, configuration);
        this.bean = function;
    }

    @Override
    protected void resolveTarget() {
        if (bean == null) {
            String name = getTarget().startsWith("#") ? getTarget().substring(1) : getTarget();
            bean = CamelContextHelper.lookup(getCamelContext(), name);
            if (bean == null) {
                throw new InvalidOptionException("target", name, "the name of a bean bound in the registry");
            }
        }
        String method = getConfiguration().getMethod();
        if (!(bean instanceof Processor) || (method != null && !method.isBlank())) {
            invoker = FunctionInvokers.of(bean, method);
        }
    }

    @Override
    protected CachePolicy createCachePolicy() {
        return new ArgumentCachePolicy(bean);
    }

    @Override
    protected Attempt createAttempt() {
        if (invoker == null) {
            return new DelegateAttempt(AsyncProcessorConverterHelper.convert((Processor) bean));
        }
        return new FunctionAttempt(invoker);
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }
}
