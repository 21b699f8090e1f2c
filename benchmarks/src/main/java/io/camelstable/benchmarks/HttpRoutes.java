package io.camelstable.benchmarks;

import org.apache.camel.builder.RouteBuilder;

/** {@code direct:plain} to a URL through camel-http, and {@code direct:stable} to the same URL through stable:. */
final class HttpRoutes extends RouteBuilder {

    private final String url;

    HttpRoutes(String url) {
        this.url = url;
    }

    @Override
    public void configure() {
        from("direct:plain").to(url);
        from("direct:stable").to("stable:request:" + url + "?attempts=3&wait=10");
    }
}
