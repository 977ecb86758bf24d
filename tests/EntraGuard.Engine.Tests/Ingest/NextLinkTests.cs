using System;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>The reader hands a Graph page's @odata.nextLink to the caller that pages; it follows none
    /// itself.</summary>
    public sealed class NextLinkTests
    {
        private const string Record =
            "{\"id\":\"e{0}\",\"activityDateTime\":\"2026-05-01T12:00:00Z\",\"activityDisplayName\":\"Add member "
            + "to group\"}";

        private static (string[] Ids, string? NextLink, int Calls) Read(string json)
        {
            string? link = null;
            var calls = 0;
            var ids = AuditEventReader
                .ReadStream(
                    new MemoryStream(Encoding.UTF8.GetBytes(json)),
                    "graph",
                    onNextLink: l =>
                    {
                        link = l;
                        calls++;
                    }
                )
                .Select(e => e.Id)
                .ToArray();
            return (ids, link, calls);
        }

        private static string Records(int count) =>
            string.Join(",", Enumerable.Range(1, count).Select(i => Record.Replace("{0}", i.ToString())));

        [Theory]
        [InlineData(
            "{\"@odata.context\":\"c\","
                + "\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken="
                + "X1\",\"value\":[REC]}"
        )]
        [InlineData(
            "{\"@odata.context\":\"c\",\"value\":[REC],"
                + "\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=X1\"}"
        )]
        [InlineData(
            "{\"value\":[REC],\"@odata.count\":2,"
                + "\"@odata.nextLink\":\"https:\\/\\/graph.microsoft.com\\/v1.0\\/auditLogs\\/"
                + "directoryAudits?$skiptoken=X1\"}"
        )]
        public void The_nextLink_is_reported_wherever_the_page_puts_it(string page)
        {
            var (ids, link, calls) = Read(page.Replace("REC", Records(2)));
            Assert.Equal(new[] { "e1", "e2" }, ids);
            Assert.Equal("https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=X1", link);
            Assert.Equal(1, calls);
        }

        [Fact]
        public void A_last_page_reports_no_link_and_an_empty_page_still_reports_its_link()
        {
            Assert.Equal(0, Read("{\"value\":[" + Records(1) + "]}").Calls);
            var (ids, link, _) = Read("{\"value\":[],\"@odata.nextLink\":\"https://x/next\"}");
            Assert.Empty(ids);
            Assert.Equal("https://x/next", link);
        }

        [Fact]
        public void A_link_after_a_page_larger_than_the_buffer_is_still_found()
        {
            var (ids, link, calls) = Read(
                "{\"value\":["
                    + Records(3000)
                    + "],\"@odata.nextLink\":\"https://x/next?token="
                    + new string('a', 5000)
                    + "\"}"
            );
            Assert.Equal(3000, ids.Length);
            Assert.Equal(1, calls);
            Assert.EndsWith(new string('a', 5000), link);
        }
    }
}
