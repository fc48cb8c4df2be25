// Redaction rules: typed stable tokens, names in JSON, secrets in text and logs, user
// rules from YAML, and the leftover entropy scan.
#include "sparkpm/redactor.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace sparkpm {
namespace {

std::unique_ptr<Redactor> Builtin() {
  auto r = Redactor::Create(BuiltinRedactionRules());
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return std::move(*r);
}

int64_t CountOf(const Redactor& r, const std::string& id) {
  for (const RuleCount& c : r.Counts()) {
    if (c.id == id) return c.count;
  }
  return -1;
}

TEST(RedactorTest, BearerTokenBecomesTypedToken) {
  auto r = Builtin();
  EXPECT_EQ(r->RedactText("Authorization: Bearer abcdef0123456789XYZ"),
            "Authorization: Bearer <redacted:bearer-token:1>");
  EXPECT_EQ(CountOf(*r, "bearer-token"), 1);
}

TEST(RedactorTest, SameValueGetsSameTokenAcrossCalls) {
  auto r = Builtin();
  std::string a = r->RedactText("key AKIAIOSFODNN7EXAMPLE used");
  std::string b = r->RedactText("again AKIAIOSFODNN7EXAMPLE and AKIAI44QH8DHBEXAMPLE");
  EXPECT_EQ(a, "key <redacted:aws-access-key:1> used");
  EXPECT_EQ(b, "again <redacted:aws-access-key:1> and <redacted:aws-access-key:2>");
  EXPECT_EQ(CountOf(*r, "aws-access-key"), 3);
  EXPECT_EQ(r->distinct_values(), 2);
}

TEST(RedactorTest, JwtUrlPasswordAndAssignment) {
  auto r = Builtin();
  std::string jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_"
      "XgL0n3I9PlFUP0THsR8U";
  EXPECT_EQ(r->RedactText("token " + jwt + " end"), "token <redacted:jwt:1> end");
  EXPECT_EQ(r->RedactText("jdbc url postgres://etl:hunter2hunter@db.internal:5432/x"),
            "jdbc url postgres://etl:<redacted:url-password:1>@db.internal:5432/x");
  EXPECT_EQ(r->RedactText("--conf spark.hadoop.fs.s3a.secret.key=wJalrXUtnFEMI/K7MDENG"),
            "--conf spark.hadoop.fs.s3a.secret.key=<redacted:secret-assignment:1>");
  // A reference to a secret stays: it names a file, not the secret.
  EXPECT_EQ(r->RedactText("spark.kubernetes.authenticate.oauthTokenFile=/var/run/token"),
            "spark.kubernetes.authenticate.oauthTokenFile=/var/run/token");
  // Ordinary Spark log lines are untouched.
  std::string line = "26/11/21 06:01:02 INFO TaskSetManager: Finished task 3.0 in stage 1.0";
  EXPECT_EQ(r->RedactText(line), line);
}

TEST(RedactorTest, JsonEnvAndSparkPropertiesByName) {
  auto r = Builtin();
  std::string pods = R"({"env": [
    {"name": "SPARK_USER", "value": "spark"},
    {"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"},
    {"value": "s3cr3t-passw0rd", "name": "DB_PASSWORD"},
    {"name": "TOKEN_FILE", "value": "/var/run/secrets/token"}
  ], "sparkConf": {"spark.hadoop.fs.s3a.access.key": "AKIAIOSFODNN7EXAMPLE",
                   "spark.executor.memory": "4g"}})";
  auto out = r->RedactJson(pods);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->find("wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"), std::string::npos);
  EXPECT_EQ(out->find("s3cr3t-passw0rd"), std::string::npos);
  EXPECT_EQ(out->find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  EXPECT_NE(out->find(R"("value": "spark")"), std::string::npos);
  EXPECT_NE(out->find(R"("value": "/var/run/secrets/token")"), std::string::npos);
  EXPECT_NE(out->find(R"("spark.executor.memory": "4g")"), std::string::npos);
  EXPECT_NE(out->find(R"("value": "<redacted:env-secret:1>")"), std::string::npos);
  EXPECT_EQ(CountOf(*r, "env-secret"), 2);
  EXPECT_EQ(CountOf(*r, "spark-conf-secret"), 1);
  // Formatting is kept: only the values changed.
  EXPECT_EQ(std::count(out->begin(), out->end(), '\n'), std::count(pods.begin(), pods.end(), '\n'));
  // A learned value is redacted wherever it shows up later.
  EXPECT_EQ(r->RedactText("connecting with s3cr3t-passw0rd now"),
            "connecting with <redacted:env-secret:2> now");
}

TEST(RedactorTest, SparkEnvironmentPairsAndSecretObjects) {
  auto r = Builtin();
  auto env = r->RedactJson(
      R"({"sparkProperties":[["spark.app.name","etl"],["spark.ssl.keyStorePassword","pw-123456"]],)"
      R"("classpathEntries":[["/opt/spark/jars/token-client.jar","System Classpath"]]})");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env,
            R"({"sparkProperties":[["spark.app.name","etl"],["spark.ssl.keyStorePassword",)"
            R"("<redacted:spark-conf-secret:1>"]],)"
            R"("classpathEntries":[["/opt/spark/jars/token-client.jar","System Classpath"]]})");
  auto secret = r->RedactJson(
      R"({"data":{"tls.key":"LS0tLS1CRUdJTg==","user":"YWRtaW4="},"kind":"Secret","metadata":{"name":"db"}})");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret->find("LS0tLS1CRUdJTg=="), std::string::npos);
  EXPECT_EQ(secret->find("YWRtaW4="), std::string::npos);
  EXPECT_NE(secret->find(R"("name":"db")"), std::string::npos);
  EXPECT_EQ(CountOf(*r, "k8s-secret-data"), 2);
}

TEST(RedactorTest, JsonInsideStringsAndInvalidJson) {
  auto r = Builtin();
  std::string annotation =
      R"({"a":"{\"env\":[{\"name\":\"API_TOKEN\",\"value\":\"tok-0123456789\"}]}"})";
  auto out = r->RedactJson(annotation);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->find("tok-0123456789"), std::string::npos);
  EXPECT_FALSE(r->RedactJson(R"({"a": )").ok());
  EXPECT_FALSE(r->RedactJson(R"({"a": 1} trailing)").ok());
}

TEST(RedactorTest, PemBlockOverLogLinesKeepsLineCount) {
  auto r = Builtin();
  std::string log =
      "2026-11-21T06:00:00.000000001Z INFO loading key\n"
      "2026-11-21T06:00:00.000000002Z -----BEGIN RSA PRIVATE KEY-----\n"
      "2026-11-21T06:00:00.000000003Z MIIEowIBAAKCAQEAx5f0ZrPl1nQ2\n"
      "2026-11-21T06:00:00.000000004Z -----END RSA PRIVATE KEY-----\n"
      "2026-11-21T06:00:00.000000005Z INFO done\n";
  std::string out = r->RedactLog(log);
  EXPECT_EQ(out.find("MIIEowIBAAKCAQEAx5f0ZrPl1nQ2"), std::string::npos);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 5);
  EXPECT_NE(out.find("2026-11-21T06:00:00.000000003Z <redacted:pem-block:1>\n"), std::string::npos);
  EXPECT_NE(out.find("INFO done\n"), std::string::npos);
  EXPECT_EQ(CountOf(*r, "pem-block"), 1);
}

TEST(RedactorTest, UserRulesFromYaml) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "rules.yaml",
                     "rules:\n"
                     "  - id: internal-key\n"
                     "    pattern: 'X-Internal-Key: (?P<secret>\\w+)'\n"
                     "  - id: vault\n"
                     "    name: '(?i)vault'\n");
  auto user = LoadRedactionRules(dir.path() / "rules.yaml");
  ASSERT_TRUE(user.ok()) << user.error().ToString();
  std::vector<RedactionRule> rules = BuiltinRedactionRules();
  rules.insert(rules.end(), user->begin(), user->end());
  auto r = Redactor::Create(rules);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->RedactText("X-Internal-Key: abc123"),
            "X-Internal-Key: <redacted:internal-key:1>");
  auto json = (*r)->RedactJson(R"({"VAULT_ROLE":"etl-reader"})");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, R"({"VAULT_ROLE":"<redacted:vault:1>"})");

  testing::WriteFile(dir.path() / "bad.yaml", "rules:\n  - id: x\n    pattern: '(unclosed'\n");
  auto bad = LoadRedactionRules(dir.path() / "bad.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().where.find("bad.yaml:2"), std::string::npos) << bad.error().ToString();
  testing::WriteFile(dir.path() / "both.yaml", "rules:\n  - id: x\n    pattern: a\n    name: b\n");
  EXPECT_FALSE(LoadRedactionRules(dir.path() / "both.yaml").ok());
}

TEST(RedactorTest, LeftoverScanWarnsOnHighEntropyOnly) {
  auto r = Builtin();
  r->ScanLeftovers("logs/a.log",
                   "INFO ok spark-7f3c2a9d41e84b0f9c6d15e2a8b3f047\n"
                   "odd value Zq8XvL2mN4pR7tY1wB6cD9fG3hJ5kS0a here\n");
  auto warnings = r->Warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "logs/a.log");
  EXPECT_EQ(warnings[0].line, 2);
  EXPECT_EQ(warnings[0].length, 32u);
}

}  // namespace
}  // namespace sparkpm
