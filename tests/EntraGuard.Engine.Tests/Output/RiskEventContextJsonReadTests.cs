using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Investigation;
using EntraGuard.Output;

namespace EntraGuard.Tests.Output
{
    /// <summary>Contexts read back (a report shows them) are the contexts investigate wrote, every fact.</summary>
    public sealed class RiskEventContextJsonReadTests
    {
        private static readonly DateTimeOffset Added = new(2026, 11, 14, 11, 0, 27, TimeSpan.Zero);

        private static readonly RiskEventContext Known = new()
        {
            RiskEventId = "EG0001-abc",
            RuleId = "EG0001",
            RuleName = "Service principal credential added by a rare actor",
            TimeGenerated = Added,
            ActorName = "megan.bowen@fabrikam.example",
            TargetName = "Payroll-Sync",
            EventIds = new[] { "e1" },
            Summary = "The new credential was used 6 time(s).",
            CredentialKeyId = "k1",
            CredentialType = "Password",
            CredentialEndDateTime = Added.AddYears(1),
            CredentialUsed = true,
            CredentialSignInCount = 6,
            CredentialFirstUsed = Added.AddMinutes(5),
            CredentialLastUsed = Added.AddHours(2),
            CredentialIpAddresses = new[] { "203.0.113.77" },
            ActorSignInCount = 9,
            ActorIpAddresses = new[] { "198.51.100.7", "203.0.113.77" },
            ActorNewIpAddresses = new[] { "203.0.113.77" },
            ActorUserAgents = new[] { "python-requests/2.31" },
            ActorScriptingClient = true,
            ActorFailedSignIns = 2,
            ActorPriorSameActivityCount = 0,
            RelatedEventIds = new[] { "e2", "e3" },
            RelatedEventIdsNotListed = 4,
            ReachApplicationPermissions = new[] { "Mail.Read" },
            ReachDelegatedGrants = Array.Empty<string>(),
            ReachDirectoryRoles = new[] { "Global Administrator" },
            TargetPrivileged = true,
            ReachHighImpact = new[] { "Global Administrator" },
        };

        private static RiskEventContext RoundTrip(RiskEventContext context)
        {
            using var text = new StringWriter();
            RiskEventContextWriter.Write(RiskEventContextWriter.Json, new[] { context }, text);
            return Assert.Single(RiskEventContextJsonReader.ReadJsonLines(new StringReader(text.ToString()), "x"));
        }

        // Each property as JSON: equal when every fact is.
        private static string[] Facts(RiskEventContext context) =>
            typeof(RiskEventContext)
                .GetProperties()
                .Select(p => p.Name + "=" + JsonSerializer.Serialize(p.GetValue(context)))
                .ToArray();

        [Fact]
        public void Every_fact_reads_back_as_written()
        {
            Assert.Equal(Facts(Known), Facts(RoundTrip(Known)));
        }

        [Fact]
        public void Unknown_facts_read_back_as_unknown_not_false()
        {
            var unknown = new RiskEventContext
            {
                RiskEventId = "EG0009-x",
                RuleId = "EG0009",
                TimeGenerated = Added,
                Summary = "No sign-ins cover the window.",
            };

            var read = RoundTrip(unknown);

            Assert.Equal(Facts(unknown), Facts(read));
            Assert.Null(read.ActorScriptingClient);
            Assert.Null(read.ActorIpAddresses);
        }

        [Fact]
        public void A_line_without_a_time_is_refused_naming_the_line()
        {
            var lines = new StringReader(
                "{\"RiskEventId\":\"r1\",\"TimeGenerated\":\"2026-11-13T02:11:07Z\"}\n{\"RiskEventId\":\"r2\"}"
            );

            var refused = Assert.Throws<FormatException>(() =>
                RiskEventContextJsonReader.ReadJsonLines(lines, "c.jsonl")
            );

            Assert.StartsWith("c.jsonl: line 2: not an investigation", refused.Message);
            Assert.Contains("it has no TimeGenerated", refused.Message);
        }
    }
}
