using System;
using System.IO;
using EntraGuard.Output;
using EntraGuard.Response;

namespace EntraGuard.Engine.Tests.Response
{
    public sealed class ResponseRequestsTests
    {
        [Fact]
        public void What_the_JSON_lines_writer_writes_the_request_reader_reads_back_with_every_responder_key()
        {
            var finding = new RiskEvent
            {
                RiskEventId = "EG0001-7f3a",
                RuleId = "EG0001",
                RuleName = "Service principal credentials added by a rare actor",
                TimeGenerated = new DateTimeOffset(2026, 11, 13, 2, 11, 7, TimeSpan.Zero),
                HistoryComplete = false,
                SuggestedResponse = "Invoke-CredentialRevocation",
                ServicePrincipalId = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50",
                ApplicationId = "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                KeyId = "6b0d6b1e-2f3a-4c5d-8e9f-0a1b2c3d4e5f",
                KeyType = "Password",
                UserId = "megan.bowen@fabrikam.example",
                GroupId = "0c1b2a39-4857-4665-8a7b-9c8d7e6f5a4b",
                MemberId = "0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e",
            };
            using var text = new StringWriter();
            RiskEventWriter.Write(RiskEventWriter.Json, new[] { finding }, text);

            var template = new ResponseRequest { Action = ResponseAction.RevokeCredential, Force = true };
            var request = Assert.Single(
                ResponseRequests.ReadJsonLines(new StringReader(text.ToString()), "findings.jsonl", template)
            );

            Assert.Equal(
                template with
                {
                    RiskEventId = finding.RiskEventId,
                    RuleId = finding.RuleId,
                    SuggestedResponse = finding.SuggestedResponse,
                    HistoryComplete = false,
                    EventTime = finding.TimeGenerated,
                    ServicePrincipalId = finding.ServicePrincipalId,
                    ApplicationId = finding.ApplicationId,
                    KeyId = finding.KeyId,
                    KeyType = finding.KeyType,
                    UserId = finding.UserId,
                    GroupId = finding.GroupId,
                    MemberId = finding.MemberId,
                },
                request
            );
        }

        [Fact]
        public void A_line_that_is_not_a_JSON_object_is_named_by_source_and_line()
        {
            var bad = Assert.Throws<FormatException>(() =>
                ResponseRequests.ReadJsonLines(new StringReader("{}\n\n[1]\n"), "stdin", new ResponseRequest())
            );
            Assert.Equal("stdin: line 3: not a JSON object.", bad.Message);
        }
    }
}
