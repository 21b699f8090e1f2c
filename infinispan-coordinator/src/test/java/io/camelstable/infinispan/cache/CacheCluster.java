package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.camelstable.infinispan.ClusterNode;
import io.camelstable.infinispan.ClusterSettings;

import static org.awaitility.Awaitility.await;

/** Three default-mode coordinators on three cluster nodes in one JVM over SHARED_LOOPBACK. */
final class CacheCluster implements AutoCloseable {

    final List<ClusterNode> members = new ArrayList<>();
    final List<InfinispanCoordinator> nodes = new ArrayList<>();

    CacheCluster(String cluster) {
        this(cluster, UnaryOperator.identity());
    }

    CacheCluster(String cluster, UnaryOperator<CacheCoordinatorSettings> tune) {
        this(cluster, ClusterSettings.SHARED_LOOPBACK, tune);
    }

    CacheCluster(String cluster, String stack, UnaryOperator<CacheCoordinatorSettings> tune) {
        for (String id : List.of("n1", "n2", "n3")) {
            members.add(new ClusterNode(new ClusterSettings(cluster, id, stack)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> members.stream().allMatch(m -> m.members().size() == 3));
        for (int i = 0; i < members.size(); i++) {
            nodes.add(new InfinispanCoordinator(members.get(i), tune.apply(CacheCoordinatorSettings.of("n" + (i + 1)))));
        }
    }

    InfinispanCoordinator node(int i) {
        return nodes.get(i);
    }

    @Override
    public void close() {
        nodes.forEach(InfinispanCoordinator::close);
        members.forEach(ClusterNode::close);
    }
}
