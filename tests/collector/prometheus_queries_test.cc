// The rule files' alert expressions as the collector's Prometheus queries.
#include "prometheus_queries.h"

#include <gtest/gtest.h>

#include <set>

#include "fake_cluster_runner.h"
#include "sparkpm/rule_catalog.h"
#include "test_support.h"

namespace sparkpm::collect {
namespace {

TEST(PrometheusQueriesTest, OneQueryPerBuiltInAlert) {
  auto catalog = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(catalog.ok());
  std::vector<PromQuery> qs = RunbookAlertQueries();
  ASSERT_EQ(qs.size(), catalog->alerts.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < qs.size(); ++i) {
    EXPECT_EQ(qs[i].id, catalog->alerts[i].id);
    EXPECT_FALSE(qs[i].expr.empty());
    EXPECT_NE(qs[i].expr.back(), '\n');
    EXPECT_TRUE(ids.insert(qs[i].id).second) << "ids name files: " << qs[i].id;
  }
}

TEST(PrometheusQueriesTest, QueryRangeResponsesLandInMetrics) {
  testing::LoopbackHistoryServer prometheus("oom-driver-gone");
  ASSERT_TRUE(prometheus.ok());
  testing::TempDir dir;
  auto writer = BundleWriter::Open(dir.path() / "out", "out");
  ASSERT_TRUE(writer.ok());
  {
    BundleAssembly bundle(**writer, nullptr, 1 << 30, false);
    TaskPool pool(2);
    CollectContext ctx{bundle, pool, RetryPolicy{}, 1 << 20, 1000};
    CollectPrometheus(
        prometheus.url() + "/",
        {{"SparkExecutorsLost", "sum by (pod) (x{a=\"b c\"}) > 0"}, {"Other", "up == 0"}},
        1795240000, 1795250000, ctx);
    pool.Wait();
    auto items = bundle.items();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1].path, "metrics/SparkExecutorsLost.json");
    EXPECT_EQ(items[1].status, "ok");
    // Encoded query, the window and a step that keeps the answer small.
    EXPECT_NE(
        items[1].source.find("query=sum%20by%20%28pod%29%20%28x%7Ba%3D%22b%20c%22%7D%29%20%3E%200"
                             "&start=1795240000&end=1795250000&step=20"),
        std::string::npos)
        << items[1].source;
  }
  ASSERT_TRUE((*writer)->Close().ok());
  std::string body = testing::ReadFile(dir.path() / "out/metrics/Other.json");
  EXPECT_NE(body.find("\"status\": \"success\""), std::string::npos) << body;
}

}  // namespace
}  // namespace sparkpm::collect
