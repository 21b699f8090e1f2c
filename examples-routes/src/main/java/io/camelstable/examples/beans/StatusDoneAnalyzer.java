package io.camelstable.examples.beans;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelstable.hook.HookContext;
import io.camelstable.hook.ResponseAnalyzer;

/**
 * Accepts a response only when its JSON says {@code "status":"done"}: a 200 carrying
 * {@code "pending"} is rejected, so the stable endpoint asks again. Bound as {@code statusDone}.
 */
public class StatusDoneAnalyzer implements ResponseAnalyzer {

    private final ObjectMapper mapper = new ObjectMapper();

    /** Creates the analyzer. */
    public StatusDoneAnalyzer() {
    }

    @Override
    public boolean accept(HookContext ctx) throws Exception {
        if (ctx.data() == null) {
            return false;
        }
        // camel-http bodies are cached streams; the engine rewinds them before every reader
        String body = ctx.exchange().getContext().getTypeConverter().convertTo(String.class, ctx.data());
        return body != null && "done".equals(mapper.readTree(body).path("status").asText());
    }
}
