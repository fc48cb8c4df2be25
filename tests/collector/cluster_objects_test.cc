// Reading kubectl's JSON: pods, SparkApplications, and which events are the app's.
#include "cluster_objects.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "fake_cluster_runner.h"
#include "test_support.h"

namespace sparkpm::collect {
namespace {

TEST(ClusterObjectsTest, ParsesTheRecordedPods) {
  auto pods = ParsePods(testing::ReadFile(testing::OomIncidentBundle() / "k8s/pods.json"));
  ASSERT_TRUE(pods.ok()) << pods.error().ToString();
  ASSERT_EQ(pods->size(), 8u);
  const PodInfo& driver = (*pods)[0];
  EXPECT_EQ(driver.name, "nightly-etl-driver");
  EXPECT_EQ(driver.role, "driver");
  EXPECT_EQ(driver.app_id, testing::kOomAppId);
  EXPECT_EQ(driver.app_name, "nightly-etl");
  EXPECT_EQ(driver.sparkapplication, "nightly-etl");
  EXPECT_EQ(driver.node, "ip-10-42-8-21.eu-west-1.compute.internal");
  EXPECT_EQ(driver.ui_port, 4040);
  EXPECT_FALSE(driver.driver_running);  // the driver failed
  ASSERT_EQ(driver.containers.size(), 1u);
  EXPECT_EQ(driver.containers[0].name, "spark-kubernetes-driver");
  EXPECT_TRUE(driver.containers[0].started);
  EXPECT_FALSE(driver.containers[0].has_previous);

  auto alive =
      ParsePods(testing::ReadFile(testing::ClusterDir("oom-driver-alive") / "k8s/pods.json"));
  ASSERT_TRUE(alive.ok());
  EXPECT_TRUE((*alive)[0].driver_running);
  EXPECT_FALSE(ParsePods("not json").ok());
}

TEST(ClusterObjectsTest, ParsesSparkApplications) {
  auto apps = ParseSparkApplications(
      testing::ReadFile(testing::OomIncidentBundle() / "k8s/sparkapplications.json"));
  ASSERT_TRUE(apps.ok());
  ASSERT_EQ(apps->size(), 1u);
  EXPECT_EQ((*apps)[0].name, "nightly-etl");
  EXPECT_EQ((*apps)[0].driver_pod, "nightly-etl-driver");
  EXPECT_EQ((*apps)[0].executor_pods.size(), 7u);
}

TEST(ClusterObjectsTest, SparkPodPrefixes) {
  EXPECT_EQ(SparkPodPrefix("nightly-etl-driver"), "nightly-etl");
  EXPECT_EQ(SparkPodPrefix("spark-pi-5d7c1e8f-exec-12"), "spark-pi-5d7c1e8f");
  EXPECT_EQ(SparkPodPrefix("nightly-etl-exec-x"), "");
  EXPECT_EQ(SparkPodPrefix("other"), "");
}

TEST(ClusterObjectsTest, KeepsOnlyTheApplicationsEventsEvenForDeletedExecutors) {
  // Only the driver is left; the executors' events must still be kept.
  auto pods =
      ParsePods(testing::ReadFile(testing::ClusterDir("oom-executors-deleted") / "k8s/pods.json"));
  ASSERT_TRUE(pods.ok());
  ASSERT_EQ(pods->size(), 1u);
  EventScope scope = EventScopeFor(*pods, {});
  std::string events = testing::ReadFile(testing::OomIncidentBundle() / "k8s/events.json");
  // An event of another application in the same namespace.
  events.insert(
      events.find("\"items\": [") + 10,
      R"({"kind":"Event","metadata":{"name":"x","namespace":"spark-jobs"},)"
      R"("involvedObject":{"kind":"Pod","name":"other-app-driver"},"reason":"Started"},)");
  auto kept = FilterEvents(events, scope);
  ASSERT_TRUE(kept.ok()) << kept.error().ToString();
  simdjson::dom::parser parser;
  simdjson::dom::array items = parser.parse(*kept)["items"].get_array();
  size_t exec_events = 0, node_events = 0;
  for (simdjson::dom::element e : items) {
    std::string_view name = e.at_pointer("/involvedObject/name").get_string();
    std::string_view kind = e.at_pointer("/involvedObject/kind").get_string();
    EXPECT_NE(name, "other-app-driver");
    exec_events += name.find("-exec-") != std::string_view::npos;
    node_events += kind == "Node";
  }
  EXPECT_EQ(exec_events, 28u);  // 7 executors x 4 events, recorded
  EXPECT_EQ(node_events, 1u);   // the driver's node only
}

}  // namespace
}  // namespace sparkpm::collect
