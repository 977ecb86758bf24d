using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// A finding's id is what the response journal and every re-run key on: it must stay exactly its definition
    /// (the rule id, then 96 bits of SHA-256 over the rule id and the sorted event ids, one a line) across versions.
    /// </summary>
    public class FindingIdTests
    {
        private static string Expected(string text, string ruleId)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return ruleId + "-" + string.Concat(hash.Take(12).Select(b => b.ToString("x2")));
        }

        [Fact]
        public void The_id_is_the_rule_id_and_sha256_of_the_sorted_event_ids()
        {
            Assert.Equal(
                Expected("EG0013\nDirectory_a\nDirectory_b", "EG0013"),
                Findings.StableId("EG0013", new[] { "Directory_b", "Directory_a" })
            );
            Assert.Equal(
                Expected("EG0002\nDirectory_x", "EG0002"),
                Findings.StableId("EG0002", new[] { "Directory_x" })
            );
        }

        [Fact]
        public void Ids_outside_ascii_are_hashed_as_utf8()
        {
            var id = "Directory_\u00e9v\u00e9nement_\u4e8b\u4ef6";
            Assert.Equal(Expected("EG0004\n" + id, "EG0004"), Findings.StableId("EG0004", new[] { id }));
        }

        [Fact]
        public void A_long_evidence_list_gets_the_same_id_in_any_order()
        {
            var ids = Enumerable.Range(0, 400).Select(i => $"Directory_{i:D6}_{new string('x', 40)}").ToArray();
            var expected = Expected(
                "EG0011\n" + string.Join("\n", ids.OrderBy(i => i, StringComparer.Ordinal)),
                "EG0011"
            );

            Assert.Equal(expected, Findings.StableId("EG0011", ids.Reverse().ToArray()));
            Assert.Equal(expected, Findings.StableId("EG0011", ids));
        }
    }
}
