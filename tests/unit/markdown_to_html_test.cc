// Tests for the safe text helpers and the runbook Markdown to HTML converter.
#include "markdown_to_html.h"

#include <gtest/gtest.h>

#include <string>

namespace sparkpm {
namespace {

TEST(MakeVisible, KeepsValidTextAndReplacesInvalidBytes) {
  EXPECT_EQ(MakeVisible("executor-3 \xC3\xA9t\xC3\xA9"), "executor-3 \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(MakeVisible("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(MakeVisible("\xC3"), "\xEF\xBF\xBD");                  // truncated sequence
  EXPECT_EQ(MakeVisible("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong "/"
  EXPECT_EQ(MakeVisible("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(MakeVisible, ShowsControlAndBidiCharacters) {
  EXPECT_EQ(MakeVisible(std::string("a\0b", 3)),
            "a\xE2\x90\x80"
            "b");                                          // U+2400
  EXPECT_EQ(MakeVisible("\x1B[31m"), "\xE2\x90\x9B[31m");  // U+241B
  EXPECT_EQ(MakeVisible("x\x7F"), "x\xE2\x90\xA1");
  EXPECT_EQ(MakeVisible("line\r\nnext\ttab"), "line\nnext\ttab");
  EXPECT_EQ(MakeVisible("\xE2\x80\xAEgnp.exe"), "[U+202E]gnp.exe");
  EXPECT_EQ(MakeVisible("\xE2\x81\xA6x\xE2\x81\xA9"), "[U+2066]x[U+2069]");
  EXPECT_EQ(MakeVisible("\xC2\x85"), "[U+0085]");  // C1 next-line
}

TEST(HtmlEscape, EscapesTheFiveCharacters) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x" title='y'>&amp;</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

TEST(MarkdownToHtml, RendersHeadingsParagraphsAndOffsets) {
  EXPECT_EQ(MarkdownToHtml("# Fix\n\nRaise the limit.\nThen rerun."),
            "<h1>Fix</h1>\n<p>Raise the limit.\nThen rerun.</p>\n");
  EXPECT_EQ(MarkdownToHtml("## Fix ##", {.heading_offset = 3}), "<h5>Fix</h5>\n");
  EXPECT_EQ(MarkdownToHtml("### Deep", {.heading_offset = 5}), "<h6>Deep</h6>\n");
  EXPECT_EQ(MarkdownToHtml("#hashtag"), "<p>#hashtag</p>\n");
}

TEST(MarkdownToHtml, RendersListsIncludingNestedAndNumbered) {
  EXPECT_EQ(MarkdownToHtml("- one\n- two\n  continued\n"),
            "<ul>\n<li>one</li>\n<li>two\ncontinued</li>\n</ul>\n");
  EXPECT_EQ(MarkdownToHtml("3. third\n4. fourth"),
            "<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>\n");
  EXPECT_EQ(MarkdownToHtml("- a\n  - b\n- c"),
            "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>\n");
  EXPECT_EQ(MarkdownToHtml("- a\n\nafter"), "<ul>\n<li>a</li>\n</ul>\n<p>after</p>\n");
}

TEST(MarkdownToHtml, RendersFencedCodeLiterally) {
  EXPECT_EQ(MarkdownToHtml("```bash\nkubectl logs <pod> && echo \"**x**\"\n```\nafter"),
            "<pre><code>kubectl logs &lt;pod&gt; &amp;&amp; echo &quot;**x**&quot;\n</code></pre>\n"
            "<p>after</p>\n");
  EXPECT_EQ(MarkdownToHtml("````\n```\nstill code\n````"),
            "<pre><code>```\nstill code\n</code></pre>\n");
  EXPECT_EQ(MarkdownToHtml("```\nnever closed <b>"),
            "<pre><code>never closed &lt;b&gt;\n</code></pre>\n");
  EXPECT_EQ(MarkdownToHtml("1. step\n\n   ```\n   x\n   ```\n"),
            "<ol>\n<li>step<pre><code>x\n</code></pre>\n</li>\n</ol>\n");
}

TEST(MarkdownToHtml, RendersInlineCodeBoldAndSafeLinks) {
  EXPECT_EQ(MarkdownToHtml("Set `spark.executor.memoryOverhead` to **2g** now."),
            "<p>Set <code>spark.executor.memoryOverhead</code> to <strong>2g</strong> now.</p>\n");
  EXPECT_EQ(MarkdownToHtml("`` a`b ``"), "<p><code>a`b</code></p>\n");
  EXPECT_EQ(MarkdownToHtml("See [tuning](https://spark.apache.org/docs/latest/tuning.html)."),
            "<p>See <a href=\"https://spark.apache.org/docs/latest/tuning.html\" "
            "rel=\"noopener noreferrer\">tuning</a>.</p>\n");
  EXPECT_EQ(MarkdownToHtml("[up](#container-oomkilled)"),
            "<p><a href=\"#container-oomkilled\">up</a></p>\n");
  EXPECT_EQ(MarkdownToHtml("**unclosed and `unclosed"), "<p>**unclosed and `unclosed</p>\n");
}

TEST(MarkdownToHtml, RefusesUnsafeLinksAndShowsTheirTarget) {
  EXPECT_EQ(MarkdownToHtml("[x](javascript:alert(1))"), "<p>x (javascript:alert(1))</p>\n");
  EXPECT_EQ(MarkdownToHtml("[x](http://127.0.0.1:9/x)"), "<p>x (http://127.0.0.1:9/x)</p>\n");
  EXPECT_EQ(MarkdownToHtml("[x](runbooks/other.md)"), "<p>x (runbooks/other.md)</p>\n");
  EXPECT_EQ(MarkdownToHtml("[x](https://a.example/\"onmouseover=alert(1))"),
            "<p><a href=\"https://a.example/&quot;onmouseover=alert(1\" "
            "rel=\"noopener noreferrer\">x</a>)</p>\n");
  EXPECT_EQ(MarkdownToHtml("[a [b](https://x.example)"),
            "<p><a href=\"https://x.example\" rel=\"noopener noreferrer\">a [b</a></p>\n");
}

TEST(MarkdownToHtml, EscapesEverythingElse) {
  std::string html = MarkdownToHtml(
      std::string("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                  "- </style><style>body{display:none}</style>\n- \xE2\x80\xAEgnp.exe\n\n"
                  "# <b>bold</b>\n\n![img](http://127.0.0.1:9/x)\n\n`<i>code</i>`\n\n") +
      std::string("nul\0byte\xFF", 9));
  EXPECT_EQ(html.find('<' + std::string("script")), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("<style"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<i>"), std::string::npos) << html;
  EXPECT_EQ(html.find("href"), std::string::npos) << html;
  EXPECT_EQ(html.find("\xE2\x80\xAE"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("<h1>&lt;b&gt;bold&lt;/b&gt;</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>&lt;i&gt;code&lt;/i&gt;</code>"), std::string::npos) << html;
  EXPECT_NE(html.find("[U+202E]gnp.exe"), std::string::npos) << html;
  EXPECT_NE(html.find("nul\xE2\x90\x80"
                      "byte\xEF\xBF\xBD"),
            std::string::npos)
      << html;
}

TEST(MarkdownToHtml, EmptyInputGivesEmptyOutput) {
  EXPECT_EQ(MarkdownToHtml(""), "");
  EXPECT_EQ(MarkdownToHtml("\n\n  \n"), "");
}

}  // namespace
}  // namespace sparkpm
