#include "http/router.h"

#include <gtest/gtest.h>

#include "http/api_error.h"

using namespace motcua::http;

namespace {
Request make(Method m, std::string path) {
  Request r;
  r.method = m;
  r.path = std::move(path);
  return r;
}
}  // namespace

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router r;
  r.get("/api/agencies/{id}", [](Request& q) { return Response::text(200, "id=" + q.param("id")); });
  r.get("/api/agencies/tree", [](Request&) { return Response::text(200, "tree"); });
  auto a = make(Method::GET, "/api/agencies/tree");
  EXPECT_EQ(r.dispatch(a).body, "tree");
  auto b = make(Method::GET, "/api/agencies/42");
  EXPECT_EQ(r.dispatch(b).body, "id=42");
  EXPECT_EQ(b.route, "/api/agencies/{id}");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router r;
  r.get("/x", [](Request&) { return Response::text(200, "x"); });
  auto a = make(Method::GET, "/nope");
  EXPECT_EQ(r.dispatch(a).status, 404);
  auto b = make(Method::DELETE_, "/x");
  auto resp = r.dispatch(b);
  EXPECT_EQ(resp.status, 405);
  ASSERT_FALSE(resp.headers.empty());
  EXPECT_EQ(resp.headers[0].first, "Allow");
  EXPECT_EQ(resp.headers[0].second, "GET");
}

TEST(Router, HandlerExceptionsBecomeTheErrorShapeWithoutLeakingDetails) {
  Router r;
  r.get("/boom", [](Request&) -> Response { throw std::runtime_error("secret stack detail"); });
  r.get("/denied", [](Request&) -> Response { throw ApiError::forbidden(); });
  auto a = make(Method::GET, "/boom");
  auto resp = r.dispatch(a);
  EXPECT_EQ(resp.status, 500);
  EXPECT_EQ(resp.body.find("secret"), std::string::npos);
  auto b = make(Method::GET, "/denied");
  auto d = r.dispatch(b);
  EXPECT_EQ(d.status, 403);
  EXPECT_NE(d.body.find("\"code\":\"forbidden\""), std::string::npos);
}

TEST(Router, HeadIsAnsweredByTheGetRoute) {
  Router r;
  r.get("/healthz", [](Request&) { return Response::text(200, "ok"); });
  auto a = make(Method::HEAD, "/healthz");
  EXPECT_EQ(r.dispatch(a).status, 200);
}
